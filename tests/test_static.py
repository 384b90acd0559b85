"""The base of the testing trophy: static analysis of the whole repository."""

from __future__ import annotations

import subprocess
import sys
from subprocess import PIPE

import pytest

from tests.conftest import ROOT, Started, started_once


def _start_mypy() -> Started:
    """mypy takes seconds on a fresh clone (no cache yet): start it with the other jobs."""

    def start() -> Started:
        mypy = [sys.executable, "-m", "mypy"]
        return Started([subprocess.Popen(mypy, cwd=ROOT, stdout=PIPE, stderr=PIPE, text=True)])

    return started_once("mypy", start)


BACKGROUND_JOBS = {"mypy_run": _start_mypy}


@pytest.fixture(scope="session")
def mypy_run() -> tuple[int, str]:
    [(code, out, err)] = _start_mypy().finish()
    return code, out + err


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."]],
    ids=["ruff-check", "ruff-format"],
)
def test_lint_and_format_are_clean(command):
    done = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_types_are_clean(mypy_run):
    code, output = mypy_run
    assert code == 0, output
