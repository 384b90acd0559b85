"""Generate what the student sees from the solutions: ``lessons/`` and the README's table.

``lessons/<lesson>`` is the solved lesson with the planted bug applied, the reference
test replaced by the starter, and nothing of the solution's own material (manifest,
hints, SOLUTION.md, variants). An author edits ``solutions/`` and runs
``python -m kata sync``; ``kata verify`` fails while either is stale. A lesson folder
holding someone's work is backed up under ``.kata/backups/`` before it is rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.discover import Lesson
from kata.run import workspace
from kata.student import ResetResult, differences, reset
from kata.trees import build_shipped

README_BEGIN = "<!-- lessons:begin: written by `python -m kata sync` from the manifests -->"
README_END = "<!-- lessons:end -->"
_TABLE = re.compile(r"<!-- lessons:begin.*?" + re.escape(README_END), re.DOTALL)


@dataclass
class Synced:
    lesson: Lesson
    result: ResetResult


def stale_files(lesson: Lesson) -> list[str]:
    """Files of ``lessons/<lesson>`` that differ from what sync writes (or are missing/extra)."""
    if not lesson.folder.is_dir():
        return ["(the whole folder)"]
    with workspace() as work:
        return differences(lesson, build_shipped(lesson, work / "shipped"))


def sync_lessons(lessons: Sequence[Lesson], root: Path = ROOT) -> list[Synced]:
    """Rewrite each ``lessons/<lesson>`` from its solution, backing up what it replaces."""
    return [Synced(lesson, reset(lesson, root)) for lesson in lessons]


def lesson_table(lessons: Sequence[Lesson]) -> str:
    """The README's lesson table, from the manifests."""
    rows = ["| # | Lesson | The seam bug | Minutes |", "|---|---|---|---|"]
    for lesson in lessons:
        rows.append(
            f"| {lesson.number} | [{lesson.title}](lessons/{lesson.name}/) | {lesson.kind} "
            f"| {lesson.minutes} |"
        )
    return "\n".join([README_BEGIN, *rows, README_END])


def readme_problem(lessons: Sequence[Lesson], root: Path = ROOT) -> str:
    """Why the README's lesson table is not what sync writes, or "" when it is."""
    text = (root / "README.md").read_text(encoding="utf-8")
    found = _TABLE.search(text)
    if found is None:
        return f"README.md has no generated lesson table (the line {README_BEGIN!r})"
    if found[0] != lesson_table(lessons):
        return "README.md's lesson table differs from the manifests"
    return ""


def sync_readme(lessons: Sequence[Lesson], root: Path = ROOT) -> bool:
    """Write the README's lesson table; True when it changed."""
    path = root / "README.md"
    text = path.read_text(encoding="utf-8")
    if _TABLE.search(text) is None:
        return False
    updated = _TABLE.sub(lambda _: lesson_table(lessons), text)
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True
