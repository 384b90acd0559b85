"""Find the lessons: every ``solutions/lesson_NN_slug/lesson.toml`` is one lesson.

Nothing else lists the lessons. The manifest lives with the solution, the source of
truth, and is never read from ``lessons/`` (the student's folder, which the kata
generates). Number and slug come from the folder name, the rest from the manifest.
Loading is lenient about what is still missing (``kata verify`` lists it as a
checklist); only what the tooling cannot read at all is a ``LessonError``.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kata import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest depends on tomli on Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

STUDENT_FILE = "test_integration.py"
MANIFEST = "lesson.toml"
PLANTED = "planted"
REFERENCE = "reference"
PARAPHRASE = "paraphrase"
_FOLDER = re.compile(r"^lesson_(\d{2})_([a-z0-9_]+)$")
#: A variant's name: a plain identifier, so it can never name a path.
VARIANT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: A unit test's base node id: ``test_x.py::test_y`` or ``dir/test_x.py::TestZ::test_y``.
NODE_ID = re.compile(r"^(?:[A-Za-z0-9_-]+/)*test_\w*\.py(?:::[A-Za-z_]\w*)+$")

Kind = Literal["reference", "paraphrase", "bug", "wheat", "mutant"]
#: What a verdict can judge: ``full`` with the solutions (wheats, mutants, the reference
#: tests); ``shipped`` in a hand-out, which has only the shipped code (``shipped/``).
Scope = Literal["full", "shipped"]
#: A hand-out's pristine lessons, each with its public manifest (``kata handout``).
SHIPPED = "shipped"
#: Files of the lessons that use a service, by service, each stored once in ``SHARED``:
#: every tree built from such a lesson's solution has them, so ``kata sync`` writes
#: them into ``lessons/`` (and ``kata verify`` fails while a copy there differs).
SHARED_FILES: dict[str, tuple[str, ...]] = {"postgres": ("postgres_server.py",)}
SHARED = ROOT / "kata" / "course" / "shared"


class LessonError(Exception):
    """A lesson that cannot be used as it is: a missing folder or an unreadable manifest."""


@dataclass(frozen=True)
class Variant:
    """One implementation the grader runs a test against.

    ``kind`` is ``reference`` (the solved lesson), ``paraphrase`` (the solved lesson's
    components in other bytes, made at grading time), ``wheat`` (another correct fix),
    ``bug`` (the planted bug, as shipped) or ``mutant`` (another plausible bug).
    ``killed_by`` says what kind of check catches a mutant, for students. ``summary``
    is for authors and instructors (for a correct implementation it tells the fix);
    ``assumes`` is what students read when their test fails on a correct
    implementation: what such a test pins that this implementation does not do.
    """

    name: str
    kind: Kind
    summary: str
    killed_by: str = ""
    assumes: str = ""

    @property
    def correct(self) -> bool:
        """A correct implementation: a good test passes on it."""
        return self.kind in (REFERENCE, PARAPHRASE, "wheat")


#: The reference fix in other bytes: a test keyed to the components' source text fails on it.
PARAPHRASED = Variant(
    PARAPHRASE,
    "paraphrase",
    "The solved lesson's components, reformatted: the same code in other bytes.",
    assumes=(
        "the components' exact source text (their bytes, sizes or layout); a correct "
        "implementation may be the same code written in other bytes"
    ),
)


@dataclass(frozen=True)
class Lesson:
    number: str
    slug: str
    folder: Path
    solution: Path
    title: str
    kind: str
    seam: str
    #: The files a student may fix (``_components``: by default every module but the tests).
    components: tuple[str, ...]
    minutes: int
    hints: tuple[str, ...]
    expected_failure: tuple[str, ...]
    variants: tuple[Variant, ...]
    preload: tuple[str, ...] = field(default=())
    requires: tuple[str, ...] = field(default=())
    services: tuple[str, ...] = field(default=())
    #: Shipped unit tests (base node ids) that encode the planted contract: a fix may
    #: change or remove them; every other shipped unit test must still pass.
    old_contract: tuple[str, ...] = field(default=())
    #: Modules of the solved lesson that are not components (``not_components``).
    not_components: tuple[str, ...] = field(default=())
    #: ``shipped``: a hand-out's lesson; ``solution`` is then its pristine shipped copy.
    scope: Scope = "full"
    #: How many times the student's test runs on the shipped code, on their own code and
    #: on the reference, each run's scheduling perturbed: a lesson about timing says 2+.
    repeat: int = 1

    @property
    def name(self) -> str:
        """The folder name, e.g. ``lesson_01_parser_cart``."""
        return self.folder.name

    @property
    def student_file(self) -> Path:
        return self.folder / STUDENT_FILE

    @property
    def starter_file(self) -> Path:
        """The student's file as shipped."""
        if self.scope == "shipped":
            return self.solution / STUDENT_FILE
        return self.solution / "starter" / STUDENT_FILE

    @property
    def manifest(self) -> Path:
        return self.solution / MANIFEST

    @property
    def shared_files(self) -> dict[str, Path]:
        """The files this lesson's services bring, by name in the lesson, with their one
        source (none in a hand-out: its pristine lessons hold them already)."""
        if self.scope == "shipped":
            return {}
        names = [name for service in self.services for name in SHARED_FILES.get(service, ())]
        return {name: SHARED / name for name in names}

    def diff_file(self, variant: Variant) -> Path | None:
        """The diff that turns the solved lesson into ``variant`` (None: it has none).

        A hand-out's lesson has none: its ``solution`` is the shipped code itself.
        """
        if variant.kind in (REFERENCE, PARAPHRASE) or self.scope == "shipped":
            return None
        return self.solution / "variants" / f"{variant.name}.diff"

    def variant(self, name: str) -> Variant:
        for variant in self.variants:
            if variant.name == name:
                return variant
        raise KeyError(name)

    @property
    def graded(self) -> tuple[Variant, ...]:
        """Every implementation a test is judged on: the manifest's and the paraphrase
        (in a hand-out: the shipped code only)."""
        if self.scope == "shipped":
            return self.variants
        return (self.variants[0], PARAPHRASED, *self.variants[1:])

    @property
    def mutants(self) -> tuple[Variant, ...]:
        return tuple(variant for variant in self.variants if variant.kind == "mutant")


def solutions_dir(root: Path = ROOT) -> Path:
    """Where the manifests and solutions are: ``KATA_SOLUTIONS`` if set, else ``solutions/``.

    A class can hand out ``lessons/`` without the answers and supply the solutions
    only at grading time (``python -m kata check --all --solutions DIR``).
    """
    chosen = os.environ.get("KATA_SOLUTIONS", "")
    return Path(chosen).resolve() if chosen else root / "solutions"


def scope_here(root: Path = ROOT) -> Scope:
    """``shipped`` in a hand-out: no solutions folder, none named (``KATA_SOLUTIONS``,
    ``--solutions``), and a ``shipped/`` folder of pristine lessons; else ``full``."""
    if os.environ.get("KATA_SOLUTIONS", "") or (root / "solutions").is_dir():
        return "full"
    return "shipped" if (root / SHIPPED).is_dir() else "full"


def find_lessons(root: Path = ROOT) -> list[Lesson]:
    """Every lesson with a manifest under the solutions folder, in number order.

    In a hand-out (``scope_here``) the manifests are the public ones in ``shipped/``.
    """
    scope = scope_here(root)
    solutions = solutions_dir(root) if scope == "full" else root / SHIPPED
    place = "solutions" if scope == "full" else SHIPPED
    if not solutions.is_dir():
        raise LessonError(
            f"no solutions folder at {solutions}: the kata reads each lesson's manifest there. "
            "If your course hands out lessons without answers, your instructor grades with "
            "`python -m kata check --all --solutions DIR`; a hand-out reads them from "
            f"{SHIPPED}/ instead (restore it: git checkout -- {SHIPPED})."
        )
    folders = [folder for folder in sorted(solutions.iterdir()) if _FOLDER.match(folder.name)]
    for folder in folders:
        if not (folder / MANIFEST).is_file():
            raise LessonError(
                f"{place}/{folder.name} has no {MANIFEST}: restore it (git checkout -- "
                f"{place}/{folder.name}/{MANIFEST}), or remove the folder"
            )
    lessons = [load_lesson(folder, root, scope) for folder in folders]
    numbers = [lesson.number for lesson in lessons]
    duplicated = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicated:
        raise LessonError(f"two lesson folders share the number {', '.join(duplicated)}")
    return lessons


def find_lesson(key: str, root: Path = ROOT) -> Lesson:
    """The lesson named by ``key``: ``1``, ``01``, ``lesson-01`` or its folder name."""
    lessons = find_lessons(root)
    wanted = key.strip().lower().removeprefix("lesson").lstrip("-_ ")
    for lesson in lessons:
        if wanted.isdigit() and int(wanted) == int(lesson.number):
            return lesson
        if key in (lesson.name, lesson.slug):
            return lesson
    known = ", ".join(f"{lesson.number} ({lesson.title})" for lesson in lessons)
    raise LessonError(f"there is no lesson {key!r}. The lessons are: {known}.")


def load_lesson(solution: Path, root: Path = ROOT, scope: Scope = "full") -> Lesson:
    """Read one lesson's manifest, ``solution/lesson.toml``.

    ``scope`` ``shipped``: a hand-out's public manifest beside the shipped lesson; the
    only implementation known is the shipped one, whatever the manifest lists.
    """
    match = _FOLDER.match(solution.name)
    if match is None:
        raise LessonError(f"{solution.name}: a lesson folder is named lesson_NN_slug")
    where = f"{'solutions' if scope == 'full' else SHIPPED}/{solution.name}/{MANIFEST}"
    try:
        data = tomllib.loads((solution / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LessonError(f"{where}: {error}") from error
    bug = data.get("bug", {})
    if not isinstance(bug, dict):
        raise LessonError(f"{where}: 'bug' must be a table: [bug]")
    variants: list[Variant] = [
        Variant(
            REFERENCE,
            "reference",
            _text(data, "fix", where) or "the solved lesson",
            assumes=_text(data, "assumes", where),
        ),
        Variant(PLANTED, "bug", _text(bug, "summary", where)),
    ]
    kinds: tuple[tuple[Kind, str], ...] = (("wheat", "wheats"), ("mutant", "mutants"))
    for kind, key in kinds:
        entries = data.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise LessonError(f"{where}: {key!r} must be a list of [[{key}]] tables")
        for entry in entries:
            name = _text(entry, "name", where)
            if not VARIANT_NAME.match(name) or name in (PLANTED, REFERENCE, PARAPHRASE):
                raise LessonError(
                    f"{where}: {name!r} is not a variant name: use a plain identifier "
                    "(lower-case letters, digits, underscores), other than planted, "
                    "reference or paraphrase"
                )
            summary = _text(entry, "summary", where)
            killed_by, assumes = _text(entry, "killed_by", where), _text(entry, "assumes", where)
            variants.append(Variant(name, kind, summary, killed_by, assumes))
    names = [variant.name for variant in variants]
    if len(set(names)) != len(names):
        raise LessonError(f"{where}: variant names must be unique: {names}")
    if scope == "shipped":
        variants = [Variant(PLANTED, "bug", "the lesson as shipped")]
    minutes = data.get("minutes", 0)
    if not isinstance(minutes, int):
        raise LessonError(f"{where}: 'minutes' must be a whole number")
    repeat = data.get("repeat", 1)
    if not isinstance(repeat, int) or isinstance(repeat, bool):
        raise LessonError(f"{where}: 'repeat' must be a whole number (how many runs)")
    components = _components(data, solution, where)
    old_contract = _texts(data, "old_contract", where)
    for node in old_contract:
        if not NODE_ID.match(node) or node.startswith(f"{STUDENT_FILE}::"):
            raise LessonError(
                f"{where}: {node!r} in old_contract is not a unit test's node id: write "
                "test_file.py::test_name (or test_file.py::TestClass::test_name), "
                "without parameters"
            )
    return Lesson(
        number=match[1],
        slug=match[2],
        folder=root / "lessons" / solution.name,
        solution=solution,
        title=_text(data, "title", where),
        kind=_text(data, "kind", where),
        seam=_text(data, "seam", where),
        components=components,
        minutes=minutes,
        hints=_texts(data, "hints", where),
        expected_failure=_texts(bug, "expected_failure", where),
        variants=tuple(variants),
        preload=_texts(data, "preload", where),
        requires=_texts(data, "requires", where),
        services=_texts(data, "services", where),
        old_contract=old_contract,
        not_components=_texts(data, "not_components", where),
        scope=scope,
        repeat=repeat,
    )


def _components(data: dict[str, Any], solution: Path, where: str) -> tuple[str, ...]:
    """The files a student may fix: ``components`` if the manifest lists them, else every
    module of the solved lesson but its tests, ``conftest.py`` and ``not_components``.

    A test module is pytest's: ``test_*.py`` or ``*_test.py``. The solution's own
    material (``starter/``, ``variants/``) is not the lesson's.
    """
    listed, exceptions = _texts(data, "components", where), _texts(data, "not_components", where)
    if listed and exceptions:
        raise LessonError(
            f"{where}: list either components (every file a student may fix) or "
            "not_components (the modules that are not), not both"
        )
    if listed:
        return listed
    from kata.course.trees import SOLUTION_ONLY, lesson_files  # trees imports this module

    return tuple(
        name
        for name in lesson_files(solution, skip=SOLUTION_ONLY)
        if name.endswith(".py") and not _is_test_or_fixtures(name) and name not in exceptions
    )


def _is_test_or_fixtures(name: str) -> bool:
    """A module pytest collects as tests, or a ``conftest.py``."""
    base = name.rsplit("/", 1)[-1]
    return base == "conftest.py" or base.startswith("test_") or base.endswith("_test.py")


def _text(data: dict[str, Any], key: str, where: str) -> str:
    """A string field; empty when missing (``verify`` says what is still missing)."""
    value = data.get(key, "")
    if not isinstance(value, str):
        raise LessonError(f"{where}: {key!r} must be a string")
    return value.strip()


def _texts(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LessonError(f"{where}: {key!r} must be a list of strings")
    return tuple(item for item in value if item.strip())
