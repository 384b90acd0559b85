"""The base of the testing trophy: static analysis of the whole repository."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

_started: list[subprocess.Popen[str]] = []


def _start_mypy() -> subprocess.Popen[str]:
    """mypy takes seconds on a fresh clone (no cache yet): start it with the other jobs."""
    if not _started:
        _started.append(
            subprocess.Popen(
                [sys.executable, "-m", "mypy"],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    return _started[0]


BACKGROUND_JOBS = {"mypy_run": _start_mypy}


@pytest.fixture(scope="session")
def mypy_run() -> tuple[int, str]:
    process = _start_mypy()
    output, _ = process.communicate(timeout=300)
    return process.returncode, output


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


def test_types_are_clean(mypy_run):
    code, output = mypy_run
    assert code == 0, output
