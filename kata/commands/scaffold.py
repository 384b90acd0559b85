"""The author's loop: scaffold a lesson, and record a variant or a sample from an edited copy.

``new`` writes a lesson's solution folder with every file a lesson needs, each a
skeleton saying what goes there; ``kata verify`` then lists what is still missing.
``variant`` turns an edited scratch copy of the solved lesson into the diff stored
under ``variants/``, so authors never write a diff by hand. ``sample`` does the same
for a sample submission, the kata's own test input: a student's edited copy of the
shipped lesson, stored as ``tests/samples/<lesson>/<verdict>__<label>.diff``.
"""

from __future__ import annotations

import re
from pathlib import Path

from kata import ROOT
from kata.course.diffs import PatchError, apply, make_diff
from kata.course.discover import (
    PARAPHRASE,
    PLANTED,
    REFERENCE,
    STUDENT_FILE,
    VARIANT_NAME,
    Lesson,
    solutions_dir,
)
from kata.course.files import make_folder, write_file
from kata.course.trees import (
    SOLUTION_ONLY,
    build_shipped,
    build_variant,
    copy_solution,
    copy_tree,
    lesson_files,
)
from kata.runs.scratch import workspace

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
#: Files a variant never changes: the lesson text and the reference test.
NOT_VARIANT_FILES = {"README.md", STUDENT_FILE}

MANIFEST_TEMPLATE = """\
# Lesson {number} manifest: the kata derives everything else (folders, runs, the README's
# table, the student's lessons/ folder) from this file and the solution beside it.

title = ""        # short, shown in tables: "Parser → cart"
kind = ""         # what kind of seam bug: "a type mismatch"
seam = ""         # the two sides, as code: "parser.parse() → cart.add_line()"
minutes = 0       # about how long the lesson takes
fix = ""          # the reference fix (the solved lesson), in one line (never shown to students)
assumes = ""      # what a test that fails on the solved lesson (and passes on another fix)
                  # relies on ("how ..., a correct implementation may ..."), shown to
                  # students: never how a fix works, nor the bug
# preload = []    # heavy modules imported once before the runs fork, e.g. ["flask"]
# requires = []   # pip requirements of this lesson only, e.g. ["requests>=2.31"]
# not_components = []  # modules a student may not fix, e.g. ["sandbox.py"] (a fake): every
                       # other module but the tests and conftest.py is a component

# Three or more, from a nudge to the answer; the kata shows them one at a time.
hints = []

[bug]
# The planted bug: variants/planted.diff, recorded with
#   python -m kata variant {number} planted --from DIR
summary = ""
expected_failure = ["AssertionError"]   # what the reference tests fail with on it

# At least one other correct fix (the solved lesson is the first):
# [[wheats]]
# name = "other_fix"          # variants/other_fix.diff
# summary = ""                # the fix, in one line (never shown to students)
# assumes = ""                # what a test that fails on it pins, for students

# At least two other plausible bugs at the same seam; the reference tests kill each:
# [[mutants]]
# name = "a_mutant"           # variants/a_mutant.diff
# summary = ""                # what is wrong, in one line
# killed_by = ""              # what kind of check in a test catches it
"""

README_TEMPLATE = """\
# Lesson {number} · TITLE: KIND

> The corner bakery's story: what the two components do, and what goes wrong when they meet.

| section | minutes |
|---|---|
| Learning goals, warm-up | 5 |
| Concept | 15 |
| Task | 15 |
| Recap, vocabulary, going further | 5 |

## Learning goals

## Warm-up: two green units, one broken app

## Concept

```mermaid
flowchart LR
    a["one side"] --> seam{{{{"SEAM"}}}} --> b["the other side"]
```

## Task

## Real vs mock

## Recap

## Vocabulary

## Going further
"""

SOLUTION_TEMPLATE = """\
# Lesson {number} solution

## The seam bug

## Why the unit tests stayed green

## How the integration test catches it

## The fix

## The other fix
"""

STARTER_TEMPLATE = '''\
"""Your integration test for lesson {number}.

Say what to test here, without giving the bug away.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
'''


class AuthorError(Exception):
    """An authoring command cannot do what was asked; the message says why."""


def new_lesson(number: str, slug: str, root: Path = ROOT) -> Path:
    """Write the skeleton of ``solutions/lesson_NN_slug/``; return the folder."""
    if not (number.isdigit() and 1 <= int(number) <= 99):
        raise AuthorError(f"the lesson number must be 01 to 99, not {number!r}")
    number = f"{int(number):02d}"
    if not _SLUG.match(slug):
        raise AuthorError(f"the slug must be lower-case letters, digits and _, not {slug!r}")
    solutions = solutions_dir(root)
    taken = sorted(solutions.glob(f"lesson_{number}_*"))
    if taken:
        raise AuthorError(f"lesson {number} exists already: {taken[0].relative_to(root)}")
    folder = solutions / f"lesson_{number}_{slug}"
    make_folder(folder / "variants", solutions)
    make_folder(folder / "starter", solutions)
    files = {
        "lesson.toml": MANIFEST_TEMPLATE,
        "README.md": README_TEMPLATE,
        "SOLUTION.md": SOLUTION_TEMPLATE,
        f"starter/{STUDENT_FILE}": STARTER_TEMPLATE,
    }
    for name, template in files.items():
        write_file(folder / name, template.format(number=number), solutions)
    return folder


def scratch_copy(lesson: Lesson, name: str, destination: Path) -> Path:
    """An editable copy of the solved lesson, with variant ``name`` applied if it exists.

    Built in a temporary folder, then copied below ``destination``, the folder the
    author named, without following any link.
    """
    if destination.exists() and not destination.is_dir():
        raise AuthorError(f"{destination} is a file: name a new folder")
    if destination.is_dir() and any(destination.iterdir()):
        raise AuthorError(f"{destination} is not empty: name a new folder")
    try:
        variant = lesson.variant(name)
    except KeyError:
        variant = lesson.variant("reference")
    diff = lesson.diff_file(variant)
    if diff is not None and not diff.is_file():
        variant = lesson.variant("reference")
    with workspace() as work:
        built = build_variant(lesson, variant, work / "tree")
        destination.mkdir(parents=True, exist_ok=True)
        copy_tree(built, destination, root=destination)
    return destination


def record_variant(lesson: Lesson, name: str, edited: Path) -> tuple[Path, list[str]]:
    """Store ``edited`` (a changed copy of the solved lesson) as ``variants/<name>.diff``.

    Returns the diff file and the files it changes.
    """
    if not VARIANT_NAME.match(name) or name in (REFERENCE, PARAPHRASE):
        raise AuthorError(f"{name!r} is not a variant name: use lower-case letters, digits and _")
    if not edited.is_dir():
        raise AuthorError(f"{edited} is not a folder")
    with workspace() as work:
        reference = copy_solution(lesson, work / "solved")  # with the files services bring
        solved = set(lesson_files(reference))
        mine = set(lesson_files(edited, skip=SOLUTION_ONLY))
        touched = sorted(
            file
            for file in solved | mine
            if file not in NOT_VARIANT_FILES
            and (
                file not in solved
                or file not in mine
                or (reference / file).read_bytes() != (edited / file).read_bytes()
            )
        )
        if not touched:
            raise AuthorError(f"{edited} is the solved lesson, unchanged: edit it first")
        try:
            text = make_diff(reference, edited, touched)
        except UnicodeDecodeError as error:
            raise AuthorError(f"a variant changes text files only: {error}") from error
    target = lesson.solution / "variants" / f"{name}.diff"
    write_file(target, text, lesson.solution)
    return target, touched


def manifest_entry_missing(lesson: Lesson, name: str) -> bool:
    """Whether ``name`` still needs its entry in the manifest."""
    return name != PLANTED and name not in {variant.name for variant in lesson.variants}


#: The kata's sample submissions: ``<lesson>/<verdict>__<label>.diff``.
SAMPLES = Path("tests") / "samples"
#: A sample's name: the verdict it must get, two underscores, what the student did.
SAMPLE_NAME = re.compile(r"^([a-z][a-z-]*)__([a-z0-9][a-z0-9_]*)$")


def sample_file(lesson: Lesson, name: str, root: Path = ROOT) -> Path:
    """Where sample ``name`` of ``lesson`` is stored; refuses a name that is not one."""
    from kata.verdict.vocabulary import STATES

    match = SAMPLE_NAME.match(name)
    if match is None or match[1] not in STATES:
        raise AuthorError(
            f"{name!r} is not a sample name: write <verdict>__<label>, the verdict one of "
            f"{', '.join(STATES)}, the label lower-case letters, digits and _ "
            "(fixed__converts_in_the_cart)"
        )
    return root / SAMPLES / lesson.name / f"{name}.diff"


def lesson_samples(lesson: Lesson, root: Path = ROOT) -> list[Path]:
    """The sample diffs of ``lesson``, by name."""
    return sorted((root / SAMPLES / lesson.name).glob("*__*.diff"))


def apply_sample(diff: Path, folder: Path, root: Path = ROOT) -> list[str]:
    """Lay the sample ``diff`` onto ``folder``, a copy of the shipped lesson; the files it
    touched. A diff that no longer applies is a ``PatchError`` naming the sample, the file
    and the line."""
    where = diff.relative_to(root).as_posix() if diff.is_relative_to(root) else str(diff)
    try:
        text = diff.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PatchError(f"{where}: {error}") from error
    return apply(text, folder, where, change="the sample", base="the shipped lesson")


def sample_problems(lesson: Lesson, root: Path = ROOT) -> list[str]:
    """Why each of ``lesson``'s samples no longer applies to the shipped lesson."""
    problems = []
    with workspace() as work:
        shipped = build_shipped(lesson, work / "shipped")
        for number, diff in enumerate(lesson_samples(lesson, root)):
            tree = work / f"s{number}"
            copy_tree(shipped, tree)
            try:
                apply_sample(diff, tree, root)
            except PatchError as error:
                problems.append(str(error))
    return problems


def sample_copy(lesson: Lesson, name: str, destination: Path, root: Path = ROOT) -> str:
    """Write the shipped lesson, with sample ``name`` applied if it exists, below
    ``destination``; return why the sample could not be applied ("" when it was, or
    when there is none yet)."""
    diff = sample_file(lesson, name, root)
    if destination.exists() and not destination.is_dir():
        raise AuthorError(f"{destination} is a file: name a new folder")
    if destination.is_dir() and any(destination.iterdir()):
        raise AuthorError(f"{destination} is not empty: name a new folder")
    stale = ""
    with workspace() as work:
        shipped = build_shipped(lesson, work / "shipped")
        if diff.is_file():
            tree = work / "sample"
            copy_tree(shipped, tree)
            try:
                apply_sample(diff, tree, root)
                shipped = tree
            except PatchError as error:
                stale = str(error)
        destination.mkdir(parents=True, exist_ok=True)
        copy_tree(shipped, destination, root=destination)
    return stale


def record_sample(
    lesson: Lesson, name: str, edited: Path, root: Path = ROOT
) -> tuple[Path, list[str]]:
    """Store ``edited`` (a student's copy of the shipped lesson) as sample ``name``: its
    change to the shipped lesson, as a unified diff. Returns the diff file and the files
    it changes."""
    target = sample_file(lesson, name, root)
    if not edited.is_dir():
        raise AuthorError(f"{edited} is not a folder")
    with workspace() as work:
        shipped = build_shipped(lesson, work / "shipped")
        before, after = set(lesson_files(shipped)), set(lesson_files(edited))
        touched = sorted(
            file
            for file in before | after
            if file not in before
            or file not in after
            or (shipped / file).read_bytes() != (edited / file).read_bytes()
        )
        if not touched:
            raise AuthorError(f"{edited} is the shipped lesson, unchanged: edit it first")
        for file in touched:
            try:
                file.encode("utf-8")
                if (edited / file).is_file():
                    (edited / file).read_bytes().decode("utf-8")
            except UnicodeError:
                raise AuthorError(
                    f"a sample holds text files with UTF-8 names only, not {file!r}"
                ) from None
        text = make_diff(shipped, edited, touched)
        again = work / "again"  # the diff must give back the student's very bytes
        copy_tree(shipped, again)
        try:
            apply(text, again, target.name)
            lost = [file for file in touched if not _same(again / file, edited / file)]
        except PatchError:
            lost = touched
        if lost:
            raise AuthorError(
                f"a diff cannot hold {', '.join(lost)} as they are (line ends other than \\n?)"
            )
    write_file(target, text, root)
    return target, touched


def _same(one: Path, other: Path) -> bool:
    """Both missing, or both files with the same bytes."""
    if not one.is_file() or not other.is_file():
        return one.is_file() == other.is_file()
    return one.read_bytes() == other.read_bytes()
