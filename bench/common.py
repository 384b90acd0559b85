"""Helpers shared by the bench scripts: time a command, copy the repository."""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(command: Sequence[str], cwd: Path, **env: str) -> float:
    """Wall-clock seconds of one run of ``command``; its output is discarded."""
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", **env}
    started = time.perf_counter()
    subprocess.run(list(command), cwd=cwd, env=full_env, capture_output=True, check=False)
    return time.perf_counter() - started


def median_of(command: Sequence[str], cwd: Path, rounds: int, **env: str) -> float:
    return statistics.median(timed(command, cwd, **env) for _ in range(rounds))


def copy_repo(destination: Path) -> Path:
    """The repository as a clone has it after its first command: kata/ is compiled.

    Every command here runs with PYTHONDONTWRITEBYTECODE=1, so lesson code is
    compiled afresh by bare pytest and by the kata alike.
    """
    from kata.course.discover import find_lessons
    from kata.course.trees import build_shipped

    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".kata", ".venv")
    for name in ("kata", "solutions", "tests", "pyproject.toml", "Makefile", "README.md"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy2(source, destination / name)
    for lesson in find_lessons(ROOT):  # as shipped: the working copy may hold a student's work
        build_shipped(lesson, destination / "lessons" / lesson.name)
    compileall.compile_dir(destination / "kata", quiet=1)
    if (ROOT / ".venv").is_dir():  # the project's own .venv, as in a clone after make lesson-01
        (destination / ".venv").symlink_to(ROOT / ".venv")
    return destination
