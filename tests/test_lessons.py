"""Every lesson found from the manifests is sound.

One ``python -m kata verify --json`` run (all lessons, all variants, in parallel)
feeds these tests; each asserts on the raw test outcomes it reports.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from kata.discover import PLANTED, STUDENT_FILE, find_lessons
from kata.verify import invariant_problems
from tests.conftest import ROOT, copy_repo, kata_command, kata_env

LESSONS = find_lessons(ROOT)
VARIANTS = [(lesson, variant) for lesson in LESSONS for variant in lesson.variants]
README_SECTIONS = (
    "## Learning goals",
    "## Warm-up",
    "## Concept",
    "```mermaid",
    "## Task",
    "## Real vs mock",
    "## Recap",
    "## Vocabulary",
    "## Going further",
)


def _junk() -> list[str]:
    found = []
    for top in ("lessons", "solutions"):
        for path in (ROOT / top).rglob("*"):
            if path.name in ("__pycache__", ".pytest_cache") or path.suffix in (".db", ".pyc"):
                found.append(str(path.relative_to(ROOT)))
    return found


_background: dict[str, Any] = {}


def start_in_background() -> None:
    """Start `kata verify` now, so it overlaps the rest of the suite (see conftest.py)."""
    if _background:
        return
    _background["junk_before"] = _junk()
    _background["process"] = subprocess.Popen(
        kata_command("verify", "--json"),
        cwd=ROOT,
        env=kata_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


BACKGROUND_JOBS = {"verified": start_in_background}


@pytest.fixture(scope="session")
def verified() -> dict[str, Any]:
    start_in_background()
    process = _background["process"]
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode in (0, 1), stderr
    report: dict[str, Any] = json.loads(stdout)
    report["junk_added"] = sorted(set(_junk()) - set(_background["junk_before"]))
    return report


def _lesson_report(verified: dict[str, Any], number: str) -> dict[str, Any]:
    return next(item for item in verified["lessons"] if item["lesson"] == number)


def _file_outcomes(run: dict[str, Any], file: str) -> tuple[list[str], list[tuple[str, str]]]:
    records = run["collect_errors"] + run["tests"]
    passed = [r["nodeid"] for r in records if r["file"] == file and r["outcome"] == "passed"]
    failed = [
        (r["nodeid"], r["exc_type"])
        for r in records
        if r["file"] == file and r["outcome"] in ("failed", "error")
    ]
    return passed, failed


def test_lessons_are_numbered_from_01_without_gaps():
    assert [lesson.number for lesson in LESSONS] == [f"{n:02d}" for n in range(1, len(LESSONS) + 1)]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_manifest_and_folders_are_complete(lesson):
    assert len(lesson.hints) >= 3
    assert [v.kind for v in lesson.variants].count("wheat") >= 1
    assert [v.kind for v in lesson.variants].count("mutant") >= 2
    assert lesson.expected_failure
    for component in lesson.components:
        assert (lesson.folder / component).is_file(), component
    for variant in lesson.variants:
        overlay = lesson.overlay(variant)
        assert overlay is None or any(overlay.iterdir()), f"empty overlay {variant.name}"
    assert (lesson.solution / "SOLUTION.md").is_file()
    assert (lesson.solution / STUDENT_FILE).is_file()
    text = (lesson.folder / "README.md").read_text(encoding="utf-8")
    missing = [section for section in README_SECTIONS if section not in text]
    assert not missing, f"README.md lacks {missing}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_unit_tests_are_green_as_shipped(verified, lesson):
    run = _lesson_report(verified, lesson.number)["runs"]["units as shipped"]
    assert run["status"] == "done"
    assert run["collected"] > 0
    assert not run["collect_errors"]
    assert all(test["outcome"] == "passed" for test in run["tests"]), run["tests"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_starter_collects_no_test(verified, lesson):
    run = _lesson_report(verified, lesson.number)["runs"]["starter"]
    assert run["status"] == "done"
    assert run["collected"] == 0
    assert not run["collect_errors"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_reference_tests_are_red_on_the_planted_bug_for_the_documented_reason(verified, lesson):
    run = _lesson_report(verified, lesson.number)["runs"][f"variant {PLANTED}"]
    passed, failed = _file_outcomes(run, STUDENT_FILE)
    assert failed, "the reference tests pass on the planted bug"
    assert {exc_type for _, exc_type in failed} <= set(lesson.expected_failure), failed


@pytest.mark.parametrize(
    ("lesson", "variant"),
    [(lesson, v) for lesson, v in VARIANTS if v.correct],
    ids=lambda item: getattr(item, "number", None) or item.name,
)
def test_reference_and_unit_tests_are_green_on_every_correct_variant(verified, lesson, variant):
    run = _lesson_report(verified, lesson.number)["runs"][f"variant {variant.name}"]
    assert run["status"] == "done"
    passed, failed = _file_outcomes(run, STUDENT_FILE)
    assert passed and not failed, failed
    unit_failures = [t["nodeid"] for t in run["tests"] if t["outcome"] in ("failed", "error")]
    assert not unit_failures


@pytest.mark.parametrize(
    ("lesson", "variant"),
    [(lesson, v) for lesson, v in VARIANTS if v.kind == "mutant"],
    ids=lambda item: getattr(item, "number", None) or item.name,
)
def test_every_mutant_is_killed_by_the_reference_tests(verified, lesson, variant):
    run = _lesson_report(verified, lesson.number)["runs"][f"variant {variant.name}"]
    assert run["status"] == "done"
    assert not run["collect_errors"]
    _, failed = _file_outcomes(run, STUDENT_FILE)
    assert failed, f"mutant {variant.name} survives the reference tests"
    assert not [f for f in failed if f[1] in ("ImportError", "NameError", "SyntaxError")]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_shipped_lesson_is_the_solved_lesson_plus_the_planted_bug(lesson):
    assert invariant_problems(lesson) == []


def test_the_invariant_check_notices_a_drifted_file(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    lesson = find_lessons(repo)[0]
    component = lesson.folder / lesson.components[-1]
    component.write_text(component.read_text(encoding="utf-8") + "\n# drift\n", encoding="utf-8")
    (lesson.folder / "extra.py").write_text("", encoding="utf-8")
    problems = invariant_problems(lesson)
    assert any(lesson.components[-1] in problem for problem in problems)
    assert any("extra.py" in problem for problem in problems)


def test_verify_reports_every_lesson_sound(verified):
    failing = [
        (item["lesson"], check["name"], check["detail"])
        for item in verified["lessons"]
        for check in item["checks"]
        if not check["ok"]
    ]
    assert failing == []
    assert verified["ok"] is True


def test_verify_leaves_nothing_in_lessons_or_solutions(verified):
    assert verified["junk_added"] == []


def test_every_lesson_has_sample_submissions_for_the_main_verdicts():
    for lesson in LESSONS:
        folder = ROOT / "tests" / "samples" / lesson.name
        states = {path.name.split("__")[0] for path in folder.iterdir() if path.is_dir()}
        assert {"caught", "fixed", "misses-bug"} <= states, lesson.name
