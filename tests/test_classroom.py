"""`kata classroom-workflow`: the GitHub Actions workflows that grade with the kata."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from kata.commands.common import ALL_VERBS
from kata.commands.workflows import dump
from kata.course.discover import find_lessons
from tests.conftest import ROOT, run_kata

pytestmark = pytest.mark.portable

LESSONS = find_lessons(ROOT)
GRADER = "my-school/seam-kata-grader"
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"


def _workflow(*args: str) -> tuple[str, dict[str, Any]]:
    done = run_kata(ROOT, "classroom-workflow", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout, yaml.safe_load(done.stdout)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _uses(steps: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    return [step for step in steps if step.get("uses") == action]


@pytest.mark.slow
def test_the_classroom_workflow_grades_every_lesson_with_its_points():
    text, workflow = _workflow("--grader", GRADER, "--points", "5", "--points", "03=20")
    assert "push" in workflow["on"]
    steps = workflow["jobs"]["grade"]["steps"]
    student, grader = _uses(steps, "actions/checkout@v4")
    assert student["with"]["path"] == "student" and "repository" not in student["with"]
    assert grader["with"] == {
        "repository": GRADER,
        "token": "${{ secrets.GRADER_TOKEN }}",
        "path": "grader",
        "persist-credentials": False,
    }
    [python] = _uses(steps, "actions/setup-python@v5")
    assert python["with"]["python-version"] == "3.12"
    [setup] = [step for step in steps if "python -m kata setup --all" in step.get("run", "")]
    assert setup["working-directory"] == "grader"

    graded = _uses(steps, COMMAND_GRADER)
    ids = [f"lesson-{lesson.number}" for lesson in LESSONS]
    assert [step["id"] for step in graded] == ids  # every lesson, from the manifests
    for step, lesson in zip(graded, LESSONS, strict=True):
        number = lesson.number
        assert step["with"]["command"] == (
            f"cd grader && python -m kata grade ../student --solutions solutions "
            f'--lesson {number} --student "${{{{ github.actor }}}}" '
            f"--out results/lesson-{number}.json"
        )
        assert step["with"]["max-score"] == (20 if number == "03" else 5)
        assert lesson.title in step["with"]["test-name"]
    [reporter] = _uses(steps, "classroom-resources/autograding-grading-reporter@v1")
    assert reporter["with"]["runners"] == ",".join(ids)
    assert reporter["env"] == {
        f"{step.upper()}_RESULTS": f"${{{{ steps.{step}.outputs.result }}}}" for step in ids
    }
    [upload] = _uses(steps, "actions/upload-artifact@v4")
    assert upload["if"] == "always()" and upload["with"]["path"] == "grader/results/"
    order = [steps.index(step) for step in (student, grader, python, setup, *graded, reporter)]
    assert order == sorted(order) and order[-1] < steps.index(upload)

    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for said in ("GRADER_TOKEN", "fine-grained", "read access", GRADER):
        assert said in comments

    _, default = _workflow("--grader", GRADER)
    scores = [
        step["with"]["max-score"]
        for step in _uses(default["jobs"]["grade"]["steps"], COMMAND_GRADER)
    ]
    assert scores == [10] * len(LESSONS)


def test_the_class_workflow_grades_class_txt_in_shards_and_publishes_one_report():
    _, workflow = _workflow("--class", "--shards", "3")
    clone, grade, report = (workflow["jobs"][name] for name in ("clone", "grade", "report"))
    [cloning] = [step for step in clone["steps"] if "run" in step]
    assert "class.txt" in cloning["run"] and "gh repo clone" in cloning["run"]
    assert cloning["env"] == {"GH_TOKEN": "${{ secrets.CLASS_TOKEN }}"}

    assert grade["needs"] == "clone"
    assert grade["strategy"]["matrix"]["shard"] == [1, 2, 3]
    runs = [step.get("run", "") for step in grade["steps"]]
    assert "python -m kata setup --all" in runs
    assert (
        "python -m kata grade-class clones/*/ --solutions solutions --out results/ "
        "--shard ${{ matrix.shard }}/3" in runs
    )
    assert not any("secrets." in text for text in _strings(grade))  # students' code runs here
    [upload] = _uses(grade["steps"], "actions/upload-artifact@v4")
    assert upload["if"] == "always()"
    assert upload["with"] == {"name": "results-${{ matrix.shard }}", "path": "results/"}

    assert "grade" in report["needs"] and "!cancelled()" in report["if"]
    [download] = _uses(report["steps"], "actions/download-artifact@v4")
    assert download["with"] == {"pattern": "results-*"}
    runs = [step.get("run", "") for step in report["steps"]]
    assert "python -m kata class-report results-*/ --out class-report.html" in runs
    published = _uses(report["steps"], "actions/upload-artifact@v4")
    assert [step["with"]["path"] for step in published] == ["class-report.html"]

    _, default = _workflow("--class")
    assert default["jobs"]["grade"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]


@pytest.mark.slow
def test_every_kata_command_the_workflows_run_is_a_verb_with_those_options():
    commands = []
    for args in (("--grader", GRADER), ("--class",)):
        _, workflow = _workflow(*args)
        for text in _strings(workflow):
            commands += re.findall(r"python -m kata ([^&|;\n]+)", text)
    verbs: dict[str, set[str]] = {}
    for command in commands:
        verb, *rest = shlex.split(command)
        verbs.setdefault(verb, set()).update(word for word in rest if word.startswith("--"))
    assert {"setup", "grade", "grade-class", "class-report"} <= set(verbs)
    for verb, options in sorted(verbs.items()):
        assert verb in ALL_VERBS, f"`python -m kata {verb}` is not a verb of the kata"
        helped = run_kata(ROOT, verb, "--help")
        assert helped.returncode == 0, helped.stderr
        for option in options:
            assert option in helped.stdout, f"`{verb} --help` lists no {option}"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "--grader OWNER/REPO is needed"),
        (("--grader", "not a repository"), "write OWNER/REPO"),
        (("--grader", GRADER, "--points", "ten"), "write N or NN=N"),
        (("--grader", GRADER, "--points", "99=5"), "there is no lesson 99"),
        (("--grader", GRADER, "--points", "03=0"), "write N or NN=N"),
        (("--class", "--shards", "0"), "--shards 0: from 1 to 256"),
    ],
)
def test_options_it_cannot_use_are_one_line_usage_errors(args, said):
    done = run_kata(ROOT, "classroom-workflow", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("kata: ") and said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_emitter_writes_what_yaml_reads_back():
    tricky = [
        "on", "Yes", "null", "~", "3.12", "10", "1e3", ".inf", "0x1F", "2024-01-01",
        "a: b", "a #b", "ends:", "- dash", "@at", "`tick`", "'quoted'", 'say "hi"', "it's",
        "${{ secrets.X }}", "[x]", "{y}", "a, b", "→ · unicode", " lead", "trail ", "",
        "tab\there", "two\nlines\n", "no\nlast newline", "  indented\nfirst\n", "gap\n\n",
    ]  # fmt: skip
    value = {
        "plain": [{"key": text, text or "empty": 1} for text in tricky],
        "flow": tricky,
        "numbers": [1, 2, 3],
        "flags": {"yes": True, "no": False, "none": None},
        "empty": {},
    }
    assert yaml.safe_load("\n".join(dump(value))) == value


def test_the_readme_gives_the_command_not_a_copy_of_the_workflow():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For instructors") : readme.index("## For authors")]
    assert "python -m kata classroom-workflow --grader" in section
    assert "classroom-workflow --class" in section
    assert "GRADER_TOKEN" in section and "CLASS_TOKEN" in section
    assert COMMAND_GRADER not in section  # the YAML comes from the command, never stale
