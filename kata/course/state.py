"""The student's own state, kept in the git-ignored ``.kata/`` folder.

Hints revealed so far, cached verdicts and backups live here, never in
``lessons/``. Every write is atomic (a temporary file, then a rename), so an
interrupted command cannot leave a half-written file behind, and never goes
through a link (``kata/course/files.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kata import ROOT
from kata.course.discover import Lesson
from kata.course.files import make_folder, write_file


def state_dir(root: Path = ROOT) -> Path:
    return make_folder(root / ".kata", root)


def read_json(path: Path, default: Any) -> Any:
    """The JSON in ``path``, or ``default`` when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def write_json(path: Path, data: Any, root: Path) -> None:
    """Write ``data`` to ``path``, a file below ``root`` (the repository)."""
    write_file(path, json.dumps(data, indent=2), root, mode=0o600)


def _hints_seen(root: Path) -> tuple[Path, dict[str, int]]:
    path = state_dir(root) / "hints.json"
    shown = read_json(path, {})
    if not isinstance(shown, dict):
        shown = {}
    return path, {name: int(count) for name, count in shown.items() if str(count).isdigit()}


def revealed_hints(lesson: Lesson, root: Path = ROOT) -> int:
    """How many of ``lesson``'s hints the student has seen (``hint`` shows them; a verdict
    only says where the next one is)."""
    try:
        return _hints_seen(root)[1].get(lesson.name, 0)
    except OSError:
        return 0


def mark_revealed(lesson: Lesson, count: int, root: Path = ROOT) -> None:
    """Record that the first ``count`` hints have been seen (never fewer than before:
    resetting a lesson forgets nothing the student has read)."""
    try:
        path, shown = _hints_seen(root)
        if count > shown.get(lesson.name, 0):
            shown[lesson.name] = min(count, len(lesson.hints))
            write_json(path, shown, root)
    except OSError:
        pass  # .kata/ not writable: the hint was shown all the same


def reveal_hint(lesson: Lesson, root: Path = ROOT) -> int:
    """Reveal one more hint of ``lesson``; return how many are revealed now (at most all)."""
    count = min(revealed_hints(lesson, root) + 1, len(lesson.hints))
    mark_revealed(lesson, count, root)
    return count
