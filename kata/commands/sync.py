"""Generate what the student sees from the solutions: ``lessons/`` and the README's table.

``lessons/<lesson>`` is the solved lesson with the planted bug applied, the reference
test replaced by the starter, the files its services bring from ``kata/course/shared/``
(one source for every lesson on PostgreSQL), and nothing of the solution's own
material (manifest, hints, SOLUTION.md, variants). An author edits ``solutions/`` and runs
``python -m kata sync``; ``kata verify`` fails while either is stale. A lesson folder
holding someone's work is backed up under ``.kata/backups/`` before it is rewritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kata import ROOT
from kata.commands.student import ResetResult, differences, reset
from kata.course.discover import Lesson
from kata.course.files import write_file
from kata.course.trees import build_shipped
from kata.runs.scratch import workspace

WORKSPACE = "seam-kata.code-workspace"
#: Beside the lesson folders: `pytest lessons` stops with the commands to use instead.
LESSONS_CONFTEST = '''"""Each lesson folder is its own import root: run one lesson at a time.

Every lesson has a test_integration.py, and its tests import the lesson's modules by
plain names (``from parser import parse``), so pytest cannot collect two lessons in one
session. This file (written by ``python -m kata sync``) stops such a run at once and
says what to run instead; inside one lesson folder it does nothing.
"""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    start = Path(config.invocation_params.dir).resolve()
    targets = [(start / arg.split("::")[0]).resolve() for arg in config.args] or [start]
    inside = [target for target in targets if target.is_relative_to(HERE) and target != HERE]
    lessons = {target.relative_to(HERE).parts[0] for target in inside}
    for target in targets:
        if target == HERE or HERE.is_relative_to(target) or len(lessons) > 1:
            pytest.exit(
                "each lesson is its own import root: run one at a time "
                "(cd lessons/lesson_01_parser_cart && pytest), or every lesson with "
                "`make units` / `make integration`",
                returncode=4,
            )
'''

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


def sync_readme(lessons: Sequence[Lesson], root: Path = ROOT) -> bool:
    """Write the README's lesson table; True when it changed."""
    path = root / "README.md"
    text = path.read_text(encoding="utf-8")
    if _TABLE.search(text) is None:
        return False
    updated = _TABLE.sub(lambda _: lesson_table(lessons), text)
    if updated == text:
        return False
    write_file(path, updated, root)
    return True


#: The workspace's first folder: the repository itself (README.md, the Makefile).
KATA_FOLDER = "seam-kata"
#: What pytest skips in the repository's folder, so the Testing panel runs nothing there:
#: each lesson is its own root, solutions/ holds the answers, tests/ is the kata's own,
#: and a hand-out's shipped/ holds every lesson once more.
NOT_FROM_THE_ROOT = ("lessons", "shipped", "solutions", "tests")


def workspace_text(lessons: Sequence[Lesson]) -> str:
    """A VS Code workspace: the repository, then every lesson folder as a root of its own.

    Each lesson root is an import root, so ``from parser import parse`` resolves, and
    the Testing panel runs each lesson's pytest with the kata's ``.venv``. The
    repository comes first, so README.md and the Makefile are in the explorer, and a
    new terminal opens there, where ``make lesson-06`` works.
    """
    workspace = {
        "folders": [
            {"name": KATA_FOLDER, "path": "."},
            *(
                {"name": f"{lesson.number} · {lesson.title}", "path": f"lessons/{lesson.name}"}
                for lesson in lessons
            ),
        ],
        "settings": {
            "python.defaultInterpreterPath": "${workspaceFolder}/../../.venv/bin/python",
            "python.testing.pytestEnabled": True,
            "python.testing.unittestEnabled": False,
            "python.testing.pytestArgs": [
                *(f"--ignore={name}" for name in NOT_FROM_THE_ROOT),
                ".",
            ],
            "terminal.integrated.cwd": f"${{workspaceFolder:{KATA_FOLDER}}}",
            "files.exclude": {"**/__pycache__": True, "**/.pytest_cache": True},
        },
        "extensions": {"recommendations": ["ms-python.python"]},
    }
    return json.dumps(workspace, indent=2, ensure_ascii=False) + "\n"


def editor_files(lessons: Sequence[Lesson]) -> dict[str, str]:
    """Generated files beside the lessons, by path relative to the repository."""
    return {WORKSPACE: workspace_text(lessons), "lessons/conftest.py": LESSONS_CONFTEST}


def stale_editor_files(lessons: Sequence[Lesson], root: Path = ROOT) -> list[str]:
    stale = []
    for name, text in editor_files(lessons).items():
        path = root / name
        if path.is_symlink() or not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def sync_editor_files(lessons: Sequence[Lesson], root: Path = ROOT) -> list[str]:
    """Write the workspace and lessons/conftest.py; the paths that changed."""
    changed = stale_editor_files(lessons, root)
    for name, text in editor_files(lessons).items():
        if name in changed:
            write_file(root / name, text, root)
    return changed
