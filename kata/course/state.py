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
    """How many of ``lesson``'s hints the student has seen (by ``hint`` or in a verdict)."""
    try:
        return _hints_seen(root)[1].get(lesson.name, 0)
    except OSError:
        return 0


def mark_revealed(lesson: Lesson, count: int, root: Path = ROOT, in_verdict: bool = False) -> None:
    """Record that the first ``count`` hints have been seen (never fewer than before).

    ``in_verdict``: a verdict printed the newest of them in full, unasked; ``hint``
    says so when it shows the next one (``seen_in_a_verdict``).
    """
    try:
        path, shown = _hints_seen(root)
        if count > shown.get(lesson.name, 0):
            shown[lesson.name] = min(count, len(lesson.hints))
            write_json(path, shown, root)
            by_verdict = state_dir(root) / "hints-in-verdicts.json"
            noted = read_json(by_verdict, {})
            noted = noted if isinstance(noted, dict) else {}
            if in_verdict or lesson.name in noted:
                noted[lesson.name] = shown[lesson.name] if in_verdict else 0
                write_json(by_verdict, noted, root)
    except OSError:
        pass  # .kata/ not writable: the hint was shown all the same


def seen_in_a_verdict(lesson: Lesson, root: Path = ROOT) -> int:
    """How many hints the student had seen when a verdict showed them the newest one
    (0: the newest hint they have seen came from ``hint``, or none came from a verdict)."""
    try:
        noted = read_json(state_dir(root) / "hints-in-verdicts.json", {})
    except OSError:
        return 0
    count = noted.get(lesson.name, 0) if isinstance(noted, dict) else 0
    return count if isinstance(count, int) and count == revealed_hints(lesson, root) else 0


def reveal_hint(lesson: Lesson, root: Path = ROOT) -> int:
    """Reveal one more hint of ``lesson``; return how many are revealed now (at most all)."""
    count = min(revealed_hints(lesson, root) + 1, len(lesson.hints))
    mark_revealed(lesson, count, root)
    return count
