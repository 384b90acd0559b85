"""The README starts with the two commands (its lesson table is checked by `kata verify`)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.portable

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_begins_with_the_two_commands():
    first_block = README.split("```", 2)[1]
    commands = [line.strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make lesson-01", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _trust_section() -> str:
    start = README.index("**Grading you can trust.**")
    return README[start : README.index("\n## ", start)]


def test_every_guarantee_names_tests_and_samples_that_exist():
    """Each promise in "Grading you can trust" names the test (or sample) that checks it."""
    import re

    section = _trust_section()
    named = re.findall(r"`(test_\w+\.py)?(?:::(test_\w+))?`", section)
    current = ""
    checked = 0
    for module, test in named:
        current = module or current
        source = (ROOT / "tests" / current).read_text(encoding="utf-8")
        assert not test or f"def {test}(" in source, f"{current}::{test} does not exist"
        checked += 1
    for sample in re.findall(
        r"`(?:lesson_\d\d…/)?((?:caught|fixed|unit-red|wrong-expectation|misses-bug|broken|timeout)__\w+)`",
        section,
    ):
        assert list((ROOT / "tests" / "samples").glob(f"*/{sample}.diff")), f"no {sample}"
        checked += 1
    assert checked >= 20


def test_the_readme_counts_the_correct_implementations_as_a_verdict_does():
    """Issue 21: lesson 08's verdict said "passes on the 2 correct implementations" where
    the README promised the reference fix, another fix and the reference reformatted. The
    reference is judged reformatted, not twice: the reference and each other fix."""
    from kata.course.discover import find_lessons

    text = " ".join(README.split())
    assert "the reference fix, judged reformatted (the same code in other bytes)" in text
    assert "two or more in all" in text
    judged = [sum(1 for v in lesson.variants if v.correct) for lesson in find_lessons(ROOT)]
    assert min(judged) == 2  # as "passes on the N correct implementations" counts them
