"""The README starts with the two commands and lists exactly the lessons that exist."""

from __future__ import annotations

import re

from kata.discover import find_lessons
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_begins_with_the_two_commands():
    first_block = README.split("```", 2)[1]
    commands = [line.strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make lesson-01", "make test"]


def test_lesson_table_matches_the_manifests():
    rows = re.findall(
        r"^\| (\d{2}) \| \[([^\]]+)\]\((lessons/[^)]+)/\) \| ([^|]+) \| (\d+) \|$",
        README,
        re.MULTILINE,
    )
    expected = [
        (x.number, x.title, f"lessons/{x.name}", x.kind, str(x.minutes)) for x in find_lessons(ROOT)
    ]
    assert [(n, t, p, kind.strip(), m) for n, t, p, kind, m in rows] == expected


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
