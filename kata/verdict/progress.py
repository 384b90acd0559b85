"""Every lesson's verdict at a glance, fast on repeat.

A verdict depends only on the lesson folder, its solution and the toolchain
(Python, pytest, the lesson's libraries, the kata itself), so it is cached under
``.kata/`` by a hash of those: only lessons whose files changed are judged again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.course.discover import Lesson
from kata.course.extras import ensure, installed
from kata.course.state import read_json, state_dir, write_json
from kata.course.trees import digest
from kata.runs.cache import toolchain
from kata.verdict.grade import check

#: Verdicts that depend on the machine's load, not only on the files: never cached.
UNCACHED = {"timeout"}


@dataclass
class Row:
    lesson: Lesson
    state: str
    cached: bool
    killed: int = 0
    mutants: int = 0
    #: As complete as this repository can tell (``Verdict.finished``): in a hand-out,
    #: which never says ``fixed``, caught with the student's own fix passing the test.
    finished: bool = False


def content_key(lesson: Lesson) -> str:
    """What a lesson's verdict depends on. The lesson's own requirements are read as
    installed now (``toolchain`` is read once per process): a verdict reached without
    one of them is not the verdict with it."""
    parts = [toolchain(lesson.preload), digest(lesson.folder), digest(lesson.solution)]
    parts += [f"{requirement}={installed(requirement)}" for requirement in lesson.requires]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _reusable(entry: object, lesson: Lesson) -> bool:
    return isinstance(entry, dict) and entry.get("key") == content_key(lesson)


def progress(lessons: Sequence[Lesson], timeout: float, root: Path = ROOT) -> list[Row]:
    """Every lesson's row: from the cache when nothing it depends on changed, else
    judged, after the requirements of every lesson to judge are installed, at once."""
    path = state_dir(root) / "progress.json"
    cache = read_json(path, {})
    if not isinstance(cache, dict):
        cache = {}
    ensure([lesson for lesson in lessons if not _reusable(cache.get(lesson.name), lesson)])
    rows = []
    for lesson in lessons:
        key = content_key(lesson)
        entry = cache.get(lesson.name)
        if isinstance(entry, dict) and entry.get("key") == key:
            killed, mutants = int(entry.get("killed", 0)), int(entry.get("mutants", 0))
            finished = entry.get("finished") is True or entry["state"] == "fixed"
            rows.append(Row(lesson, str(entry["state"]), True, killed, mutants, finished))
            continue
        verdict = check(lesson, timeout)
        row = Row(
            lesson, verdict.state, False, verdict.killed, len(verdict.mutants), verdict.finished
        )
        if verdict.state not in UNCACHED:
            cache[lesson.name] = {"key": key, "state": row.state, "killed": row.killed,
                                  "mutants": row.mutants, "finished": row.finished}  # fmt: skip
        rows.append(row)
    with suppress(OSError):  # .kata/ not writable: no cache next time, the answer stands
        write_json(path, cache, root)
    return rows


def bar(done: int, total: int, width: int = 12) -> str:
    """``███████░░░░░ 7/12``: how far through the lessons, at a glance."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled) + f" {done}/{total}"


def suggested(rows: Sequence[Row]) -> Row | None:
    """The first lesson that is not complete yet (in a hand-out: not finished)."""
    return next((row for row in rows if not row.finished), None)
