"""Find the lessons: every ``lessons/lesson_NN_slug/lesson.toml`` is one lesson.

Nothing else lists the lessons. Number and slug come from the folder name, the
solution and its variants from ``solutions/<folder>/``, the rest from the manifest.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest depends on tomli on Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

STUDENT_FILE = "test_integration.py"
MANIFEST = "lesson.toml"
PLANTED = "planted"
REFERENCE = "reference"
_FOLDER = re.compile(r"^lesson_(\d{2})_([a-z0-9_]+)$")


class LessonError(Exception):
    """A lesson that cannot be used as it is: a missing folder or a bad manifest."""


@dataclass(frozen=True)
class Variant:
    """One implementation the grader runs a test against.

    ``kind`` is ``reference`` (the solved lesson), ``wheat`` (another correct fix),
    ``bug`` (the planted bug, as shipped) or ``mutant`` (another plausible bug).
    """

    name: str
    kind: str
    summary: str

    @property
    def correct(self) -> bool:
        """A correct implementation: a good test passes on it."""
        return self.kind in (REFERENCE, "wheat")


@dataclass(frozen=True)
class Lesson:
    number: str
    slug: str
    folder: Path
    solution: Path
    title: str
    kind: str
    seam: str
    components: tuple[str, ...]
    minutes: int
    hints: tuple[str, ...]
    expected_failure: tuple[str, ...]
    variants: tuple[Variant, ...]
    preload: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        """The folder name, e.g. ``lesson_01_parser_cart``."""
        return self.folder.name

    @property
    def student_file(self) -> Path:
        return self.folder / STUDENT_FILE

    @property
    def starter_file(self) -> Path:
        """The student's file as shipped (kept in ``solutions/`` so no git is needed)."""
        return self.solution / "starter" / STUDENT_FILE

    def overlay(self, variant: Variant) -> Path | None:
        """The folder of whole files that turns the solved lesson into ``variant``."""
        if variant.kind == REFERENCE:
            return None
        return self.solution / "variants" / variant.name

    def variant(self, name: str) -> Variant:
        for variant in self.variants:
            if variant.name == name:
                return variant
        raise KeyError(name)


def find_lessons(root: Path = ROOT) -> list[Lesson]:
    """Every lesson under ``root/lessons``, in number order."""
    lessons_dir = root / "lessons"
    if not lessons_dir.is_dir():
        raise LessonError(f"no lessons/ folder in {root}")
    lessons = [
        load_lesson(folder)
        for folder in sorted(lessons_dir.iterdir())
        if _FOLDER.match(folder.name) and (folder / MANIFEST).is_file()
    ]
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


def load_lesson(folder: Path) -> Lesson:
    """Read one lesson folder and its manifest, checking what the tooling relies on."""
    match = _FOLDER.match(folder.name)
    if match is None:
        raise LessonError(f"{folder.name}: a lesson folder is named lesson_NN_slug")
    manifest_path = folder / MANIFEST
    try:
        data = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LessonError(f"{manifest_path}: {error}") from error
    where = f"{folder.name}/{MANIFEST}"
    solution = folder.parent.parent / "solutions" / folder.name
    bug = _table(data, "bug", where)
    variants = [Variant(REFERENCE, REFERENCE, "the solved lesson")]
    variants.append(Variant(PLANTED, "bug", _text(bug, "summary", where)))
    for kind, key in (("wheat", "wheats"), ("mutant", "mutants")):
        entries = data.get(key, [])
        if not isinstance(entries, list) or not entries:
            raise LessonError(f"{where}: needs at least one [[{key}]] entry")
        for entry in entries:
            name = _text(entry, "name", where)
            variants.append(Variant(name, kind, _text(entry, "summary", where)))
    names = [variant.name for variant in variants]
    if len(set(names)) != len(names):
        raise LessonError(f"{where}: variant names must be unique: {names}")
    return Lesson(
        number=match[1],
        slug=match[2],
        folder=folder,
        solution=solution,
        title=_text(data, "title", where),
        kind=_text(data, "kind", where),
        seam=_text(data, "seam", where),
        components=_texts(data, "components", where),
        minutes=int(data.get("minutes", 0)),
        hints=_texts(data, "hints", where),
        expected_failure=_texts(bug, "expected_failure", where),
        variants=tuple(variants),
        preload=_texts(data, "preload", where, required=False),
    )


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise LessonError(f"{where}: needs a [{key}] table")
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LessonError(f"{where}: {key!r} must be a non-empty string")
    return value


def _texts(data: dict[str, Any], key: str, where: str, required: bool = True) -> tuple[str, ...]:
    value = data.get(key, [] if not required else None)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LessonError(f"{where}: {key!r} must be a list of strings")
    if required and not value:
        raise LessonError(f"{where}: {key!r} must not be empty")
    return tuple(value)
