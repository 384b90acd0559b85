"""Write the student repository: the lessons without their answers (``kata handout DIR``).

A hand-out holds what a student works with and nothing that gives an answer away:
``lessons/``, generated from ``solutions/`` as ``kata sync`` writes it (never copied
from a working copy an instructor may have solved), the kata, a README for students,
the Makefile, ``pyproject.toml``, the editor workspace, ``.gitignore``, and
``shipped/``: every lesson once more, pristine, with a public manifest (``lesson.toml``)
holding only what the local loop needs and the hints the instructor hands out. There
the kata judges a student's test on the shipped code only (``discover.scope_here``);
the full verdict needs the solutions (``check --solutions DIR``).

The hand-out is built in a temporary folder and checked before anything is written
to ``DIR``: no solution's own material, no test of the kata's own, and no file with
the bytes of a correct implementation's file that differs from the shipped one.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from kata import ROOT
from kata.commands.sync import README_BEGIN, README_END, editor_files, lesson_table
from kata.course.discover import MANIFEST, SHIPPED, Lesson
from kata.course.files import UnsafePath
from kata.course.trees import build_shipped, build_variant, copy_tree, lesson_files
from kata.runs.scratch import workspace

#: Copied as they are.
COPIED = ("Makefile", "pyproject.toml", ".gitignore")
#: Never in a hand-out: the answers, the kata's own tests and CI (at the top), and the
#: solution's own material (at any depth).
FORBIDDEN_AT_THE_TOP = frozenset({"solutions", "tests", "bench", ".ci", ".github"})
FORBIDDEN = frozenset({"variants", "starter", "SOLUTION.md"})
README_TEMPLATE = Path(__file__).with_name("handout-README.md")
#: The verdicts a hand-out can reach as the README's table states them; ``caught`` there
#: is the template's own row.
LOCAL_VERDICTS = ("no-test", "broken", "misses-bug", "unit-red", "timeout")
#: Who commits a hand-out when git has no user configured.
NEUTRAL_AUTHOR = ("Seam kata", "kata@localhost")


class HandoutError(Exception):
    """The hand-out cannot be written as asked; nothing was written."""


@dataclass
class Handout:
    folder: Path
    lessons: list[Lesson]
    hints: dict[str, tuple[int, int]]  # lesson name: (handed out, of)
    files: int
    commit: str = ""

    def hints_summary(self) -> str:
        """``3 of 4 hints each``, or lesson by lesson when the lessons differ."""
        counts = set(self.hints.values())
        if len(counts) == 1:
            given, of = counts.pop()
            return f"{given} of {of} hints each"
        return "hints " + ", ".join(
            f"{lesson.number}: {self.hints[lesson.name][0]}/{self.hints[lesson.name][1]}"
            for lesson in self.lessons
        )


def hint_counts(lessons: Sequence[Lesson], wanted: int | None) -> dict[str, tuple[int, int]]:
    """How many hints each lesson hands out: ``wanted``, or all but the last (the answer)."""
    fewest = min((len(lesson.hints) for lesson in lessons), default=0)
    if wanted is not None and not 0 <= wanted <= fewest:
        raise HandoutError(
            f"--hints {wanted}: give 0 to {fewest}, the number of hints every lesson has"
        )
    return {
        lesson.name: (
            max(len(lesson.hints) - 1, 0) if wanted is None else wanted,
            len(lesson.hints),
        )
        for lesson in lessons
    }


def _toml(value: str | int | Sequence[str]) -> str:
    """A TOML value: JSON's strings are TOML's basic strings, but for DEL."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if len(value) > 1:
        return "[\n" + "".join(f"    {_toml(item)},\n" for item in value) + "]"
    return "[" + ", ".join(_toml(item) for item in value) + "]"


def public_manifest(lesson: Lesson, hints: int) -> str:
    """The manifest a hand-out ships: only what the local loop needs, and ``hints`` hints.

    No fix, no summary of the bug, no correct implementations, no mutants.
    """
    fields: list[tuple[str, str | int | Sequence[str]]] = [
        ("title", lesson.title),
        ("kind", lesson.kind),
        ("seam", lesson.seam),
        ("components", lesson.components),
        ("minutes", lesson.minutes),
        ("hints", lesson.hints[:hints]),
        ("old_contract", lesson.old_contract),
        ("preload", lesson.preload),
        ("requires", lesson.requires),
        ("services", lesson.services),
    ]
    lines = [
        f"# Lesson {lesson.number} as handed out: what the kata needs to run it here.",
        "# The lesson's solutions are your instructor's.",
        "",
        *(f"{key} = {_toml(value)}" for key, value in fields),
        "",
        "[bug]",
        f"expected_failure = {_toml(lesson.expected_failure)}",
    ]
    return "\n".join(lines) + "\n"


def _section(text: str, start: str, end: str, where: str = "README.md") -> str:
    """The part of ``text`` from the first ``start`` up to the next ``end``, stripped."""
    begin = text.find(start)
    stop = text.find(end, begin + len(start)) if begin >= 0 else -1
    if begin < 0 or stop < 0:
        raise HandoutError(
            f"{where} has no part beginning {start!r}: the hand-out's README takes it from there"
        )
    return text[begin:stop].strip()


def readme_text(lessons: Sequence[Lesson], readme: str) -> str:
    """The hand-out's README: for students, from the template and the repository's README
    (what this teaches, the lesson folders and the editor, the verdicts, No make?)."""
    table = "\n".join(lesson_table(lessons).splitlines()[1:-1])  # the rows, not sync's markers
    teaches = _section(readme, "## What this teaches", "\n## ")
    if README_BEGIN not in teaches or README_END not in teaches:
        raise HandoutError("README.md has no lesson table: run `python -m kata sync --all`")
    before, rest = teaches.split(README_BEGIN, 1)
    teaches = before + table + rest.split(README_END, 1)[1]
    verdicts = [_section(readme, f"| `{state}` |", "\n") for state in LOCAL_VERDICTS]
    no_make = "\n".join(
        line
        for line in _section(readme, "## No make?", "\n## ").splitlines()
        if "python -m kata test" not in line  # the kata's own suite is not handed out
    )
    template = Template(README_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        first=lessons[0].number,
        teaches=teaches,
        folders=_section(readme, "Each lesson folder is an ordinary pytest project", "\n## "),
        verdicts="\n".join(verdicts),
        no_make=no_make,
    )


def answers(lessons: Sequence[Lesson], work: Path) -> dict[bytes, str]:
    """Every file of a correct implementation (the reference test among them) that
    differs from the shipped lesson, by its bytes: what a hand-out must not hold anywhere."""
    found: dict[bytes, str] = {}
    for lesson in lessons:
        shipped = build_shipped(lesson, work / lesson.name / "shipped")
        for variant in lesson.variants:
            if not variant.correct:
                continue
            tree = build_variant(lesson, variant, work / lesson.name / variant.name)
            for name in lesson_files(tree):
                data = (tree / name).read_bytes()
                same = (shipped / name).is_file() and (shipped / name).read_bytes() == data
                if data and not same:  # an empty file gives nothing away
                    found[data] = f"{lesson.name}/{name} of the {variant.name} fix"
    return found


def build(
    lessons: Sequence[Lesson], hints: dict[str, tuple[int, int]], stage: Path, root: Path
) -> None:
    """Everything a hand-out holds, written into the fresh folder ``stage``."""
    for lesson in lessons:
        build_shipped(lesson, stage / "lessons" / lesson.name)
        pristine = build_shipped(lesson, stage / SHIPPED / lesson.name)
        manifest = public_manifest(lesson, hints[lesson.name][0])
        (pristine / MANIFEST).write_text(manifest, encoding="utf-8")
    copy_tree(root / "kata", stage / "kata")  # lesson_files leaves caches out
    for name in COPIED:
        (stage / name).write_bytes((root / name).read_bytes())
    for name, text in editor_files(lessons).items():  # the workspace, lessons/conftest.py
        (stage / name).write_text(text, encoding="utf-8")
    readme = readme_text(lessons, (root / "README.md").read_text(encoding="utf-8"))
    (stage / "README.md").write_text(readme, encoding="utf-8")


def problems(stage: Path, lessons: Sequence[Lesson], work: Path) -> list[str]:
    """What in ``stage`` gives an answer away (empty: nothing)."""
    found = []
    known = answers(lessons, work)
    for name in lesson_files(stage):
        parts = Path(name).parts
        never = {parts[0]} & FORBIDDEN_AT_THE_TOP | set(parts) & FORBIDDEN
        if never:
            found.append(f"{name}: {sorted(never)[0]} is never handed out")
        elif (answer := known.get((stage / name).read_bytes())) is not None:
            found.append(f"{name} is {answer}, an answer")
    return found


def _empty_or_new(folder: Path) -> None:
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise HandoutError(f"{folder} is not a folder: name a new or empty one")
    if folder.is_dir() and any(folder.iterdir()):
        raise HandoutError(f"{folder} is not empty: name a new or empty folder")


def _inside_the_kata(folder: Path, root: Path) -> bool:
    return (
        any(
            folder == root / name or folder.is_relative_to(root / name)
            for name in ("lessons", "solutions", "kata", SHIPPED, ".kata")
        )
        or folder == root
    )


def write_handout(
    destination: Path,
    lessons: Sequence[Lesson],
    hints: int | None = None,
    git: bool = False,
    root: Path = ROOT,
) -> Handout:
    """Write the hand-out into ``destination`` (new or empty); with ``git``, commit it."""
    folder = Path(os.path.abspath(destination))
    if any(lesson.scope == "shipped" for lesson in lessons):
        raise HandoutError("this repository is a hand-out: hand-outs are written from solutions")
    if not lessons:
        raise HandoutError("there are no lessons to hand out")
    if _inside_the_kata(folder, root):
        raise HandoutError(f"{folder} is inside the kata's own folders: name a folder outside them")
    _empty_or_new(folder)
    counts = hint_counts(lessons, hints)
    with workspace() as work:
        stage = work / "handout"
        build(lessons, counts, stage, root)
        found = problems(stage, lessons, work / "answers")
        if found:
            raise HandoutError("the hand-out would give answers away: " + "; ".join(found))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _empty_or_new(folder)  # nothing arrived meanwhile
            copy_tree(stage, folder, root=folder)  # never through a link
        except (OSError, UnsafePath) as error:
            raise HandoutError(f"could not write {folder}: {error}") from error
        written = Handout(folder, list(lessons), counts, len(lesson_files(stage)))
    if git:
        written.commit = commit(folder)
    return written


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise HandoutError(f"git {args[0]} failed in {folder}: {done.stderr.strip()}")
    return done.stdout.strip()


def commit(folder: Path) -> str:
    """Make ``folder`` a git repository with one commit of everything; its hash.

    The author is git's configured user, else a neutral one (``NEUTRAL_AUTHOR``).
    """
    try:
        _git(folder, "init", "--quiet")
        _git(folder, "symbolic-ref", "HEAD", "refs/heads/main")  # whatever git's default
    except FileNotFoundError:
        raise HandoutError(
            "--git: git is not installed; the hand-out is written, not committed"
        ) from None
    author: list[str] = []
    for key, fallback in zip(("user.name", "user.email"), NEUTRAL_AUTHOR, strict=True):
        configured = subprocess.run(
            ["git", "config", key], cwd=folder, capture_output=True, text=True, check=False
        ).stdout.strip()
        if not configured:
            author += ["-c", f"{key}={fallback}"]
    _git(folder, "add", "--all")
    _git(folder, *author, "commit", "--quiet", "--no-verify", "-m", "The seam-bug kata's lessons")
    return _git(folder, "rev-parse", "HEAD")
