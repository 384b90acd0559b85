"""What cannot be prevented is reported: integrity notes on a submission, for instructors.

Code that runs inside pytest can always lie to it (forge a report, end its process
early, reach into the grader). The grader cannot stop that, so it lists what a
reviewer should look at: hooks in the student's conftest, references to pytest's
internals, the interpreter's frames or process tables, a test that is the reference
test, and files changed outside the components and the test files.
"""

from __future__ import annotations

import re
from pathlib import Path

from kata.discover import STUDENT_FILE, Lesson
from kata.trees import lesson_files

#: Text in a student's Python file that deserves a look, and what it may be for.
SUSPICIOUS = (
    (re.compile(r"^\s*def pytest_\w+", re.MULTILINE), "defines pytest hooks"),
    (re.compile(r"\b_pytest\b"), "uses pytest's internals (_pytest)"),
    (
        re.compile(r"\bsys\._(getframe|current_frames)\b|\binspect\.(stack|currentframe)\b"),
        "walks the call stack",
    ),
    (re.compile(r"/proc\b"), "reads /proc"),
    (re.compile(r"\bos\._exit\b"), "ends its process with os._exit"),
    (
        re.compile(
            r"^\s*(import gc\b|from gc import)|\bgc\.get_(objects|referrers)\b", re.MULTILINE
        ),
        "inspects the garbage collector's objects",
    ),  # fmt: skip
)


def _python_files(folder: Path) -> list[str]:
    return [name for name in lesson_files(folder) if name.endswith(".py")]


def integrity_notes(lesson: Lesson, student: Path, shipped: Path) -> list[str]:
    """Notes on ``student`` (a snapshot of ``lessons/<lesson>``) against the ``shipped`` tree."""
    notes = []
    for name in _python_files(student):
        try:
            text = (student / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for pattern, what in SUSPICIOUS:
            if pattern.search(text):
                notes.append(f"{name} {what}")
    reference = lesson.solution / STUDENT_FILE
    mine = student / STUDENT_FILE
    if reference.is_file() and mine.is_file() and _same_code(reference, mine):
        notes.append(f"{STUDENT_FILE} is the reference test, copied")
    allowed = {*lesson.components, STUDENT_FILE, "conftest.py", "README.md"}
    for name in sorted(set(lesson_files(student)) | set(lesson_files(shipped))):
        if name in allowed or Path(name).name.startswith("test_"):
            continue
        if _bytes(student / name) != _bytes(shipped / name):
            notes.append(f"{name} changed, though it is neither a component nor a test file")
    return notes


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _same_code(one: Path, other: Path) -> bool:
    """Equal but for blank lines and trailing spaces."""

    def lines(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return [line.rstrip() for line in text.splitlines() if line.strip()]

    try:
        return lines(one) == lines(other)
    except (OSError, UnicodeDecodeError):
        return False
