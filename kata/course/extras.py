"""A lesson's own requirements (``requires`` in its manifest), installed on first use.

The core set-up stays small (pytest, Flask, SQLAlchemy); a lesson that needs more
(``requests``, a PostgreSQL server) says so in its manifest, and the first command
that runs that lesson installs it into the kata's environment, with one line of
notice. ``python -m kata setup --all`` installs every lesson's at once.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from kata import ROOT
from kata.course.discover import Lesson
from kata.course.environment import SetupError, install_lock, pip_command, pip_driver

if TYPE_CHECKING:
    from packaging.requirements import Requirement


def _parsed(requirement: str) -> Requirement:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(requirement)
    except InvalidRequirement as error:
        raise SetupError(f"{requirement!r} is not a pip requirement: {error}") from error


def installed(requirement: str) -> str:
    """The version of ``requirement``'s package this interpreter has ("" when none)."""
    try:
        return version(_parsed(requirement).name)
    except PackageNotFoundError:
        return ""


def _satisfied(requirement: str) -> bool:
    wanted = _parsed(requirement)
    if wanted.marker is not None and not wanted.marker.evaluate():
        return True  # not for this Python or platform: nothing to install
    have = installed(requirement)
    return bool(have) and wanted.specifier.contains(have, prereleases=True)


def missing(lessons: Sequence[Lesson]) -> list[str]:
    """The requirements of ``lessons`` this interpreter does not have yet."""
    wanted = dict.fromkeys(req for lesson in lessons for req in lesson.requires)
    return [requirement for requirement in wanted if not _satisfied(requirement)]


def ensure(lessons: Sequence[Lesson]) -> None:
    """Install what ``lessons`` require and this interpreter lacks (a no-op when nothing).

    One installer at a time: two kata commands started at once on a fresh clone wait
    for each other instead of running pip into the same environment together.
    """
    if not missing(lessons):
        return
    with install_lock(ROOT):
        _install(lessons)


def _install(lessons: Sequence[Lesson]) -> None:
    importlib.invalidate_caches()  # another process may have installed them meanwhile
    needed = missing(lessons)
    if not needed:
        return
    names = ", ".join(
        f"{lesson.number}" for lesson in lessons if set(lesson.requires) & set(needed)
    )
    print(f"kata: lesson {names} needs {', '.join(needed)}: installing (first use only) …",
          file=sys.stderr, flush=True)  # fmt: skip
    command = [
        *pip_command(Path(sys.executable), pip_driver()),
        "install",
        "--quiet",
        "--disable-pip-version-check",
        *needed,
    ]
    try:
        done = subprocess.run(command, stdout=sys.stderr, check=False)
    except OSError as error:
        raise SetupError(f"could not start pip: {error}") from error
    if done.returncode != 0:
        raise SetupError(
            f"installing {', '.join(needed)} failed (pip exited {done.returncode}). "
            "Are you offline? Connect, then run `python -m kata setup --all`."
        )
    importlib.invalidate_caches()
