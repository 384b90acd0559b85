"""A course end to end, as the README's instructor walk-through tells it: hand out,
a student works a lesson in the hand-out, the instructor grades the student's
repository with solutions kept elsewhere, and reads the class report and gradebook."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import copy_repo, lay_sample, run_kata

L03 = "lesson_03_repo_service_sqlite"
FIXED = "fixed__lookup_and_duplicate"


def kata(repo: Path, *args: str) -> tuple[int, str, str]:
    done = run_kata(repo, *args, timeout=600, KATA_NO_VENV="1")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


@pytest.mark.slow
def test_hand_out_work_a_lesson_grade_it_with_solutions_held_elsewhere_and_report(tmp_path):
    instructor = copy_repo(tmp_path / "instructor")
    private = tmp_path / "private" / "solutions"  # the answers, outside every checkout
    shutil.copytree(instructor / "solutions", private)

    code, out, err = kata(instructor, "handout", str(tmp_path / "template"), "--git")
    assert code == 0, err
    shutil.rmtree(instructor / "solutions")  # from here on, only --solutions has them

    # A student clones the template and does lesson 03: test, fix, unit tests updated.
    student = Path(shutil.copytree(tmp_path / "template", tmp_path / "clones" / "ada"))
    lay_sample(L03, FIXED, student / "lessons" / L03)
    code, out, _ = kata(student, "check", "03", "--json")
    local = json.loads(out)
    assert (code, local["state"], local["scope"]) == (1, "caught", "shipped")  # never fixed here

    # The instructor grades that repository as data, one lesson as a Classroom step would.
    results = tmp_path / "results"
    results.mkdir()
    code, out, err = kata(
        instructor, "grade", str(student), "--solutions", str(private), "--lesson", "03",
        "--student", "ada", "--out", str(results / "lesson-03.json"),
    )  # fmt: skip
    assert code == 0, out + err  # fixed: the full verdict, mutants and all
    graded = json.loads((results / "lesson-03.json").read_text(encoding="utf-8"))
    assert graded["student"] == "ada"
    (lesson,) = graded["lessons"]
    assert (lesson["state"], lesson["scope"]) == ("fixed", "full")
    assert lesson["mutants"]["killed"] == lesson["mutants"]["total"] >= 2

    # The class report and the gradebook, from the results folder.
    code, _, err = kata(
        instructor, "class-report", str(results), "--solutions", str(private),
        "--out", str(tmp_path / "report.html"), "--csv", str(tmp_path / "grades.csv"),
    )  # fmt: skip
    assert code == 0, err
    assert "ada" in (tmp_path / "report.html").read_text(encoding="utf-8")
    with (tmp_path / "grades.csv").open(encoding="utf-8-sig", newline="") as sheet:
        (row,) = list(csv.DictReader(sheet))
    assert row["student"] == "ada"
    assert (row["03 state"], row["03 points"]) == ("fixed", "1")
