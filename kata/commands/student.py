"""The student's lesson folder: put it back as shipped, or compare it with the solution.

Reset never loses work: it copies the whole lesson folder to a timestamped backup
under ``.kata/backups/``, checks the copy byte for byte, and only then restores
the shipped files. It needs no git: the shipped lesson is rebuilt from
``solutions/`` (solved lesson + planted bug + starter). The shipped lesson has no
links: reset removes every one in the lesson folder (never what it points at)
and writes the shipped file or folder in its place.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.course.discover import Lesson
from kata.course.files import copy_file, make_folder, remove_file
from kata.course.state import state_dir
from kata.course.trees import (
    JUNK,
    SOLUTION_ONLY,
    build_shipped,
    copy_solution,
    copy_tree,
    lesson_files,
)
from kata.runs.scratch import workspace


class BackupError(Exception):
    """The backup could not be made or checked, so nothing was reset."""


@dataclass
class ResetResult:
    backup: Path | None
    changed: list[str]


def links(folder: Path) -> set[str]:
    """Every link in ``folder`` (to a file, a folder or nothing), by relative path.

    Links to folders are not followed, so the files behind them are not the lesson's.
    """
    found = set()
    for path in folder.rglob("*"):  # never descends into a linked folder
        relative = path.relative_to(folder)
        if path.is_symlink() and not any(part in JUNK for part in relative.parts):
            found.add(relative.as_posix())
    return found


def differences(lesson: Lesson, shipped: Path) -> list[str]:
    """Files of the student's folder that differ from ``shipped``, are missing or are extra.

    A link counts as changed; with the lesson folder itself behind a link, every
    shipped file is missing.
    """
    folder = lesson.folder
    elsewhere = folder.is_symlink() or folder.parent.is_symlink()
    mine = set() if elsewhere else set(lesson_files(folder))
    linked = set() if elsewhere else links(folder)
    theirs = set(lesson_files(shipped))
    changed = [
        name
        for name in sorted(mine & theirs)
        if name in linked or (folder / name).read_bytes() != (shipped / name).read_bytes()
    ]
    return changed + sorted((mine ^ theirs) | (linked - mine))


def backup(lesson: Lesson, root: Path = ROOT) -> Path:
    """Copy the whole lesson folder to ``.kata/backups/<lesson>-<time>/`` and check it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        base = state_dir(root) / "backups"
        destination = base / f"{lesson.name}-{stamp}"
        number = 1
        while destination.exists() or destination.is_symlink():
            number += 1
            destination = base / f"{lesson.name}-{stamp}-{number}"
        copy_tree(lesson.folder, destination, root=root)
        for name in lesson_files(lesson.folder):
            if (destination / name).read_bytes() != (lesson.folder / name).read_bytes():
                raise BackupError(f"the backup of {name} does not match the original")
    except OSError as error:
        raise BackupError(f"could not back up {lesson.folder}: {error}") from error
    return destination


def reset(lesson: Lesson, root: Path = ROOT) -> ResetResult:
    """Back up the student's files, then restore the lesson exactly as shipped."""
    with workspace() as work:
        shipped = build_shipped(lesson, work / "shipped")
        changed = differences(lesson, shipped)
        if not changed:
            return ResetResult(None, [])
        make_folder(lesson.folder.parent, root)  # lessons/ a link: refused before any backup
        mine = set(lesson_files(lesson.folder))
        saved = backup(lesson, root) if mine & set(changed) else None
        wanted = set(lesson_files(shipped))
        if lesson.folder.is_symlink():  # the folder is elsewhere: the link goes, not its target
            remove_file(lesson.folder, root)
        for name in changed:  # sorted: a link "app" is removed before "app/api.py" is written
            if name in wanted:
                copy_file(shipped / name, lesson.folder / name, root)
            else:
                remove_file(lesson.folder / name, root)
    return ResetResult(saved, changed)


def unified_diff(lesson: Lesson) -> list[str]:
    """The student's lesson against the solved lesson, as unified diff lines.

    In a hand-out, which has no solution: the shipped lesson against the student's,
    so the diff shows what they changed.
    """
    mine = _Side(lesson.folder, f"lessons/{lesson.name}")
    if lesson.scope == "shipped":
        shipped = f"{lesson.solution.parent.name}/{lesson.name}"
        return _diff(_Side(lesson.solution, shipped, SOLUTION_ONLY), mine)
    with workspace() as work:  # the solved lesson, with the files its services bring
        solved = copy_solution(lesson, work / "solved")
        return _diff(mine, _Side(solved, f"solutions/{lesson.name}"))


@dataclass(frozen=True)
class _Side:
    """One side of a diff: a lesson tree, the name it is shown under, what is not its."""

    folder: Path
    shown: str
    skip: frozenset[str] | set[str] = frozenset()


def _diff(before: _Side, after: _Side) -> list[str]:
    """Unified diff lines from the lesson tree ``before`` to ``after``."""
    olds = set(lesson_files(before.folder, skip=before.skip))
    news = set(lesson_files(after.folder, skip=after.skip))
    lines: list[str] = []
    for name in sorted(olds | news):
        lines += difflib.unified_diff(
            _text(before.folder / name) if name in olds else [],
            _text(after.folder / name) if name in news else [],
            fromfile=f"{before.shown}/{name}" if name in olds else "/dev/null",
            tofile=f"{after.shown}/{name}" if name in news else "/dev/null",
        )
    return lines


def _text(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return [f"(binary file, {path.stat().st_size} bytes)\n"]
