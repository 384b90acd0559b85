"""GitHub Actions workflows that grade with the kata, written from the manifests.

``classroom``: ``.github/workflows/classroom.yml`` for a GitHub Classroom assignment
template. The student's repository is checked out into ``student/``, the instructor's
private grader repository (this kata with ``solutions/``) into ``grader/`` with the
``GRADER_TOKEN`` secret; one autograding step per lesson runs ``kata grade`` there and
scores the lesson when it is ``fixed`` (exit 0). The command grader has no working
directory of its own and runs its command in the workspace, so each command starts
with ``cd grader &&``. Every verdict is uploaded as an artifact for ``class-report``.

``class_grading``: a workflow for the instructor's own grader repository that grades a
whole class: a first job reads ``class.txt`` (one ``OWNER/REPO`` per line) and clones
every repository with the ``CLASS_TOKEN`` secret, ``shards`` jobs of a matrix each
grade their share with ``kata grade-class --shard i/n``, and a last job merges their
results into one ``class-report.html``.

YAML is written by ``dump``, a small emitter for the few shapes a workflow needs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TypeAlias

from kata.course.discover import Lesson

#: What ``dump`` writes: mappings (in order), lists, strings, numbers, booleans, null.
Yaml: TypeAlias = Mapping[str, "Yaml"] | Sequence["Yaml"] | str | int | bool | None

DEFAULT_POINTS = 10
DEFAULT_SHARDS = 4
MAX_SHARDS = 256  # the most jobs one matrix may have
PYTHON = "3.12"
GRADER_SECRET = "GRADER_TOKEN"
CLASS_SECRET = "CLASS_TOKEN"
CLASS_FILE = "class.txt"
#: Ubuntu 24.04 lets only root make user namespaces; the kata's run sandbox needs them
#: for its PID and network namespaces (Landlock needs nothing).
USER_NAMESPACES: dict[str, Yaml] = {
    "name": "Let the kata's run sandbox make user namespaces",
    "run": "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0",
}
_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9_.-]+")


class WorkflowError(Exception):
    """An option the workflow cannot be written with."""


def points(values: Sequence[str], lessons: Sequence[Lesson]) -> dict[str, int]:
    """Each lesson's points from ``--points`` values: ``N`` for every lesson,
    ``NN=M`` for one (later values win)."""
    numbers = {int(lesson.number): lesson.number for lesson in lessons}
    chosen = dict.fromkeys(numbers.values(), DEFAULT_POINTS)
    for value in values:
        key, _, amount = value.rpartition("=")
        if not amount.isdigit() or int(amount) < 1 or (key and not key.isdigit()):
            raise WorkflowError(f"--points {value}: write N or NN=N, e.g. 10 or 03=20")
        if not key:
            chosen = dict.fromkeys(chosen, int(amount))
        elif int(key) in numbers:
            chosen[numbers[int(key)]] = int(amount)
        else:
            raise WorkflowError(f"--points {value}: there is no lesson {key}")
    return chosen


def repository(name: str | None) -> str:
    """``--grader``: the grader repository, OWNER/REPO."""
    if not name:
        raise WorkflowError(
            "--grader OWNER/REPO is needed: your private repository with the kata and solutions/"
        )
    if not _REPOSITORY.fullmatch(name):
        raise WorkflowError(f"--grader {name}: write OWNER/REPO, e.g. my-school/seam-kata-grader")
    return name


def grade_command(lesson: Lesson) -> str:
    """The command a Classroom step runs in ``grader/`` for one lesson."""
    return (
        f"python -m kata grade ../student --solutions solutions --lesson {lesson.number} "
        f'--student "${{{{ github.actor }}}}" --out results/lesson-{lesson.number}.json'
    )


def classroom(lessons: Sequence[Lesson], grader: str, score: Mapping[str, int]) -> str:
    """The assignment template's ``.github/workflows/classroom.yml``."""
    ids = [f"lesson-{lesson.number}" for lesson in lessons]
    graded: list[Yaml] = [
        {
            "name": f"Lesson {lesson.number} · {lesson.title}",
            "id": step,
            "uses": "classroom-resources/autograding-command-grader@v1",
            "with": {
                "test-name": f"Lesson {lesson.number} · {lesson.title}",
                "command": f"cd grader && {grade_command(lesson)}",
                "timeout": 10,
                "max-score": score[lesson.number],
            },
        }
        for lesson, step in zip(lessons, ids, strict=True)
    ]
    steps: list[Yaml] = [
        {
            "name": "Check out the student's repository",
            "uses": "actions/checkout@v4",
            "with": {"path": "student", "persist-credentials": False},
        },
        {
            "name": "Check out the grader: the kata with its solutions",
            "uses": "actions/checkout@v4",
            "with": {
                "repository": grader,
                "token": f"${{{{ secrets.{GRADER_SECRET} }}}}",
                "path": "grader",
                "persist-credentials": False,
            },
        },
        {"uses": "actions/setup-python@v5", "with": {"python-version": PYTHON}},
        USER_NAMESPACES,
        {
            "name": "Set up the kata",
            "working-directory": "grader",
            "run": "python -m kata setup --all\nmkdir -p results\n",
        },
        *graded,
        {
            "name": "Report the points",
            "uses": "classroom-resources/autograding-grading-reporter@v1",
            "env": {
                f"{step.upper()}_RESULTS": f"${{{{ steps.{step}.outputs.result }}}}" for step in ids
            },
            "with": {"runners": ",".join(ids)},
        },
        {
            "name": "Keep the verdicts for the class report",
            "if": "always()",
            "uses": "actions/upload-artifact@v4",
            "with": {"name": "kata-results", "path": "grader/results/"},
        },
    ]
    workflow: dict[str, Yaml] = {
        "name": "Autograding",
        "on": ["push", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {
            "grade": {
                "runs-on": "ubuntu-latest",
                "if": "github.actor != 'github-classroom[bot]'",
                "steps": steps,
            }
        },
    }
    header = f"""\
# GitHub Classroom autograding for the seam-bug kata: save as
# .github/workflows/classroom.yml in the assignment template.
# Written by `python -m kata classroom-workflow --grader {grader}`.
#
# {GRADER_SECRET}: an Actions secret of the classroom's organization (or of each
# student repository): a fine-grained personal access token with read access
# (Contents: read) to {grader} and no other repository.
# A student who can change this file can read that token, and the solutions with it:
# block changes to .github/ with a push ruleset, or grade with `--class` instead.
"""
    return header + "\n".join(dump(workflow)) + "\n"


def class_grading(shards: int | None = None) -> str:
    """A workflow for the instructor's grader repository that grades the whole class
    in ``shards`` jobs (default 4)."""
    shards = DEFAULT_SHARDS if shards is None else shards
    if not 1 <= shards <= MAX_SHARDS:
        raise WorkflowError(f"--shards {shards}: from 1 to {MAX_SHARDS} (a matrix's jobs)")
    clone = f"""\
if ! test -f {CLASS_FILE}; then
  echo "::error::{CLASS_FILE} is missing: list the students' repositories, one OWNER/REPO a line"
  exit 1
fi
mkdir clones
grep -vE '^[[:space:]]*(#|$)' {CLASS_FILE} | tr -d '\\r' | while read -r repo; do
  if ! printf '%s\\n' "$repo" | grep -qE '^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$'; then
    echo "::error file={CLASS_FILE}::'$repo' is not OWNER/REPO"
    exit 1
  fi
  gh repo clone "$repo" "clones/${{repo#*/}}" -- --depth 1 --quiet
done
test -n "$(ls clones)" || {{ echo "::error::{CLASS_FILE} names no repository"; exit 1; }}
tar --exclude=.git -czf clones.tar.gz clones
"""
    setup: list[Yaml] = [
        {"uses": "actions/checkout@v4", "with": {"persist-credentials": False}},
        {"uses": "actions/setup-python@v5", "with": {"python-version": PYTHON}},
    ]
    summary = (
        'echo "Class report: the artifact class-report of this run, '
        'from $(find results-* -name "*.json" | wc -l) results." >> "$GITHUB_STEP_SUMMARY"\n'
    )
    workflow: dict[str, Yaml] = {
        "name": "Grade the class",
        "on": {"workflow_dispatch": None},
        "permissions": {"contents": "read"},
        "jobs": {
            "clone": {
                "name": f"Clone every repository in {CLASS_FILE}",
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v4", "with": {"persist-credentials": False}},
                    {
                        "name": "Clone",
                        "env": {"GH_TOKEN": f"${{{{ secrets.{CLASS_SECRET} }}}}"},
                        "run": clone,
                    },
                    {
                        "uses": "actions/upload-artifact@v4",
                        "with": {"name": "clones", "path": "clones.tar.gz", "retention-days": 1},
                    },
                ],
            },
            "grade": {
                "name": f"Grade shard ${{{{ matrix.shard }}}}/{shards}",
                "needs": "clone",
                "runs-on": "ubuntu-latest",
                "strategy": {
                    "fail-fast": False,
                    "matrix": {"shard": list(range(1, shards + 1))},
                },
                "steps": [
                    *setup,
                    USER_NAMESPACES,
                    {"run": "python -m kata setup --all"},
                    {"uses": "actions/download-artifact@v4", "with": {"name": "clones"}},
                    {"run": "tar -xzf clones.tar.gz"},
                    {
                        "name": "Grade",
                        "run": "python -m kata grade-class clones/*/ --solutions solutions "
                        f"--out results/ --shard ${{{{ matrix.shard }}}}/{shards}",
                    },
                    {
                        "if": "always()",
                        "uses": "actions/upload-artifact@v4",
                        "with": {"name": "results-${{ matrix.shard }}", "path": "results/"},
                    },
                ],
            },
            "report": {
                "name": "Class report",
                "needs": ["clone", "grade"],
                "if": "${{ !cancelled() && needs.clone.result == 'success' }}",
                "runs-on": "ubuntu-latest",
                "steps": [
                    *setup,
                    {"run": "python -m kata setup"},
                    {
                        "name": "Download every shard's results (results-1/, results-2/, …)",
                        "uses": "actions/download-artifact@v4",
                        "with": {"pattern": "results-*"},
                    },
                    {"run": "python -m kata class-report results-*/ --out class-report.html"},
                    {
                        "uses": "actions/upload-artifact@v4",
                        "with": {"name": "class-report", "path": "class-report.html"},
                    },
                    {"name": "Say where the report is", "run": summary},
                ],
            },
        },
    }
    header = f"""\
# Grade a whole class of the seam-bug kata: save as .github/workflows/grade-class.yml
# in your private grader repository (this kata, with solutions/), list the students'
# repositories in {CLASS_FILE} at its top (one OWNER/REPO per line; # starts a comment),
# and run it from the Actions tab. Written by
# `python -m kata classroom-workflow --class --shards {shards}`.
#
# {CLASS_SECRET}: an Actions secret of this repository: a fine-grained personal access
# token with read access (Contents: read) to the students' repositories.
# Students' code runs only in the grading jobs, which see no secret.
"""
    return header + "\n".join(dump(workflow)) + "\n"


# --- a small YAML emitter -------------------------------------------------------------

_SPECIAL = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def _plain(value: str, flow: bool) -> bool:
    """Whether YAML reads ``value`` back, unquoted, as this same string."""
    return (
        value.isprintable()
        and value == value.strip()
        and (value[:1].isalpha() or value[:1] in ("_", "/", "$"))  # no number, no indicator
        and value.lower() not in _SPECIAL
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and not (flow and any(mark in value for mark in ",[]{}"))
    )


def scalar(value: Yaml, flow: bool = False) -> str:
    """One value on one line: plain when YAML reads it back as the same string, else
    quoted (``flow``: inside ``[...]``, where commas and brackets are marks)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    assert isinstance(value, str)
    if _plain(value, flow):
        return value
    if value.isprintable() and "'" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)  # JSON's strings are YAML's too


def dump(value: Yaml, indent: int = 0) -> list[str]:
    """``value`` as block-style YAML lines: a list of plain values in brackets, a
    string of several lines as a literal block (``|``)."""
    pad = "  " * indent
    if isinstance(value, Mapping):
        lines = []
        for key, item in value.items():
            name = scalar(key)
            if isinstance(item, str) and _literal(item):
                lines.append(f"{pad}{name}: {_literal(item)}")
                lines += [
                    f"{pad}  {line}" if line else "" for line in item.rstrip("\n").split("\n")
                ]
            elif _nested(item):
                lines.append(f"{pad}{name}:")
                lines += dump(item, indent + 1)
            else:
                lines.append(f"{pad}{name}: {_inline(item)}".rstrip())
        return lines
    if isinstance(value, Sequence) and not isinstance(value, str):
        lines = []
        for item in value:
            inner = dump(item, indent + 1) if _nested(item) else [f"{pad}  {_inline(item)}"]
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        return lines
    return [pad + scalar(value)]


def _literal(text: str) -> str:
    """The literal block header (``|``, or ``|-`` without a last newline) that keeps a
    string of several lines as it is; empty when it is better quoted."""
    body = text[:-1] if text.endswith("\n") else text
    simple = all(line.isprintable() for line in body.split("\n"))
    if "\n" not in body or body.endswith("\n") or body.startswith(" ") or not simple:
        return ""
    return "|" if text.endswith("\n") else "|-"


def _nested(value: Yaml) -> bool:
    """A mapping, or a list of anything but plain values: written on lines of its own."""
    if isinstance(value, Mapping):
        return bool(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return any(isinstance(item, (Mapping, list, tuple)) for item in value)
    return False


def _inline(value: Yaml) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(scalar(item, flow=True) for item in value) + "]"
    return scalar(value)
