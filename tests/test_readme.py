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
    rows = re.findall(r"^\| (\d{2}) \| \[([^\]]+)\]\((lessons/[^)]+)/\) \|", README, re.MULTILINE)
    lessons = find_lessons(ROOT)
    assert [(n, t) for n, t, _ in rows] == [(x.number, x.title) for x in lessons]
    assert [path for _, _, path in rows] == [f"lessons/{x.name}" for x in lessons]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
