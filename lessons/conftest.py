"""Each lesson folder is its own import root: run one lesson at a time.

Every lesson has a test_integration.py, and its tests import the lesson's modules by
plain names (``from parser import parse``), so pytest cannot collect two lessons in one
session. This file (written by ``python -m kata sync``) stops such a run at once and
says what to run instead; inside one lesson folder it does nothing.
"""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    start = Path(config.invocation_params.dir).resolve()
    targets = [(start / arg.split("::")[0]).resolve() for arg in config.args] or [start]
    inside = [target for target in targets if target.is_relative_to(HERE) and target != HERE]
    lessons = {target.relative_to(HERE).parts[0] for target in inside}
    for target in targets:
        if target == HERE or HERE.is_relative_to(target) or len(lessons) > 1:
            pytest.exit(
                "each lesson is its own import root: run one at a time "
                "(cd lessons/lesson_01_parser_cart && pytest), or every lesson with "
                "`make units` / `make integration`",
                returncode=4,
            )
