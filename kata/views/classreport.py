"""The class view: many students' results as one HTML page, and a CSV gradebook.

``python -m kata class-report RESULTS... --out report.html [--csv grades.csv]`` reads
result files, or folders of them (searched recursively): a student's ``check --all
--json``, one lesson's ``check NN --json`` (a Classroom workflow may upload one per
lesson), or a grader's ``"status": "error"`` for a repository it could not grade.
Several results of one student merge into one row: the union of their lessons, the
result checked last winning a lesson that two of them have. A student is named by
the result's ``student`` field, else by the file name without ``.json``, else, when
several files share that name (every artifact is ``results.json``) or the file holds
one lesson's verdict, by the folder the file is in.

This module reads the results and shapes what the page shows; the template
``templates/class-report.html.j2`` draws it (Jinja2, every value escaped), with
``templates/class-report.css`` inline: one self-contained page, no server, no
script, nothing fetched (its Content-Security-Policy forbids it), readable when
printed. A file that cannot be used is left out with one line on stderr saying why;
so is a lesson the kata does not know. Every string from a result is cleaned of
control sequences.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kata.course.controls import clean
from kata.course.files import write_file
from kata.verdict.grade import STATES
from kata.views.shapes import VERSION

if TYPE_CHECKING:
    from jinja2 import Template

    from kata.course.discover import Lesson

#: A result is a few hundred kilobytes at most; anything far larger is not one.
MAX_BYTES = 50 * 1024 * 1024
MISSING = "missing"  # no verdict for the lesson in any of a student's results
#: Points a complete (``fixed``) lesson is worth in the gradebook, unless told otherwise.
POINTS = 1.0
_NEVER = datetime.min.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class KnownLesson:
    """A lesson of this kata, as the report names it."""

    number: str
    name: str
    title: str

    @property
    def title_parts(self) -> list[str]:
        """The title split inside CamelCase words, where a narrow header may break it."""
        return _CAMEL.split(self.title)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Look:
    """How a verdict category is shown: a colour (CSS class), a mark and words."""

    key: str
    label: str
    mark: str
    meaning: str


#: Every category a state may fall in, in the order the page lists them; colour is
#: never their only sign.
_LOOKS: tuple[Look, ...] = (
    Look("complete", "complete", "✓", "fixed: catches the planted bug and every mutant"),
    Look("caught", "caught", "C", "catches the planted bug; some mutants survive"),
    Look("misses-bug", "misses bug", "M", "the test passes on the planted bug"),
    Look("wrong-expectation", "wrong expectation", "W", "fails on a correct implementation"),
    Look("broken", "broken", "B", "the test cannot run or fails for the wrong reason"),
    Look("unit-red", "unit tests red", "U", "the lesson's own unit tests fail"),
    Look("timeout", "timeout", "T", "a run took longer than the time bound"),
    Look("flaky", "flaky", "F", "the test gave different outcomes on the same code"),
    Look("not-started", "not started", "–", "no test yet, or no result for the lesson"),
)
#: Each verdict state (``kata.verdict.grade.STATES``), and "missing", to its category: a state
#: is its own category but for these.
CATEGORY: dict[str, str] = {
    **{state: state for state in STATES},
    "fixed": "complete",
    "no-test": "not-started",
    MISSING: "not-started",
}
#: The categories the states fall in, in the page's order.
LOOKS: tuple[Look, ...] = tuple(look for look in _LOOKS if look.key in CATEGORY.values())
LOOK = {look.key: look for look in LOOKS}


@dataclass(frozen=True)
class Survivor:
    name: str
    summary: str
    killed_by: str


@dataclass(frozen=True)
class Cell:
    """One student's verdict on one lesson."""

    state: str  # a verdict state, or MISSING
    message: str = ""
    killed: int = 0
    total: int = 0  # mutants the test was judged against
    survivors: tuple[Survivor, ...] = ()
    integrity: tuple[str, ...] = ()

    @property
    def look(self) -> Look:
        return LOOK[CATEGORY[self.state]]

    def describe(self, lesson: KnownLesson) -> str:
        """The cell in words, for a tooltip."""
        words = [f"{lesson.number}: {'no result' if self.state == MISSING else self.state}"]
        if self.total:
            words.append(f"{self.killed} of {self.total} mutants killed")
        if self.integrity:
            words.append(f"{len(self.integrity)} integrity note(s)")
        return ", ".join(words)


@dataclass
class StudentResult:
    """One student: every result read for them, merged."""

    name: str
    sources: list[Path]
    repository: str
    checked_at: str  # the latest of the results' ``checked_at``
    cells: dict[str, Cell] = field(default_factory=dict)  # by lesson number
    error: str = ""  # why the grader could not grade the repository, if it said so

    def cell(self, number: str) -> Cell:
        return self.cells.get(number, Cell(MISSING))

    @property
    def complete(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.state == "fixed")

    @property
    def checked(self) -> datetime | None:
        """``checked_at`` in UTC, when it is a date."""
        moment = _when(self.checked_at)
        return moment.astimezone(timezone.utc) if moment else None


@dataclass
class Reading:
    """What the inputs gave: the students, the problems, and how many files were read."""

    students: list[StudentResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0


def known_lessons(lessons: Iterable[Lesson]) -> list[KnownLesson]:
    return [KnownLesson(lesson.number, lesson.name, lesson.title) for lesson in lessons]


# ---------------------------------------------------------------- reading


def find_files(arguments: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The ``.json`` files named, or found (recursively) in the folders named."""
    found_files: list[Path] = []
    problems: list[str] = []
    for argument in arguments:
        if argument.is_dir():
            found = sorted(
                path
                for path in argument.rglob("*.json")
                if path.is_file()
                and not any(part.startswith(".") for part in path.relative_to(argument).parts)
            )
            if not found:
                problems.append(f"{argument}: no .json files in this folder")
            found_files.extend(found)
        elif argument.is_file():
            found_files.append(argument)
        else:
            problems.append(f"{argument}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for path in found_files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique, problems


@lru_cache(maxsize=8192)  # a class's results repeat the same mutants, notes and messages
def _cleaned(text: str) -> str:
    return clean(text).strip()


def _text(value: object) -> str:
    return _cleaned(value) if isinstance(value, str) else ""


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _load(path: Path) -> tuple[Any, str]:
    """The JSON in ``path``, or why there is none."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, f"larger than {MAX_BYTES // 1024 // 1024} MB: not a kata result"
        raw = path.read_bytes()
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    if not raw.strip():
        return None, "empty (did `check --all --json` fail there?)"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not JSON (not UTF-8 text)"
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as error:
        return None, f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
    except (ValueError, RecursionError):
        return None, "not JSON"


def _cell(entry: dict[str, Any]) -> Cell:
    mutants = entry.get("mutants")
    mutants = mutants if isinstance(mutants, dict) else {}
    survivors = mutants.get("survivors")
    integrity = entry.get("integrity")
    return Cell(
        state=str(entry["state"]),
        message=_text(entry.get("message")),
        killed=_count(mutants.get("killed")),
        total=_count(mutants.get("total")),
        survivors=tuple(
            Survivor(_text(s.get("name")), _text(s.get("summary")), _text(s.get("killed_by")))
            for s in (survivors if isinstance(survivors, list) else [])
            if isinstance(s, dict) and _text(s.get("name"))
        ),
        integrity=tuple(
            _text(note)
            for note in (integrity if isinstance(integrity, list) else [])
            if _text(note)
        ),
    )


def _is_error(data: dict[str, Any]) -> bool:
    """A grader's word that it could not grade a repository (one lesson's "error" is a state)."""
    return data.get("status") == "error" and "state" not in data


def parse_result(
    path: Path, data: object, lessons: Sequence[KnownLesson], name: str
) -> tuple[StudentResult | None, list[str]]:
    """One student's result from one file's JSON, and its problems."""
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else "string" if isinstance(data, str) else "value"
        return None, [f"{path}: not a kata result (a JSON {kind}, not an object); left out"]
    version = data.get("version")
    error = _is_error(data)
    if (version != VERSION or isinstance(version, bool)) and not (error and version is None):
        shown = "no version" if version is None else f"version {json.dumps(version)[:20]}"
        return None, [f"{path}: {shown}, but this kata reads version {VERSION} results; left out"]
    student = StudentResult(
        name=_text(data.get("student")) or name,
        sources=[path],
        repository=_text(data.get("repository")),
        checked_at=_text(data.get("checked_at")),
    )
    if error:
        student.error = _text(data.get("message")) or "the grader could not grade it"
        if not data.get("lessons"):
            return student, []
    entries = data.get("lessons")
    if "lessons" not in data and "state" in data and "lesson" in data:
        entries = [data]  # one lesson's verdict, as ``check NN --json`` prints it
        if not _text(data.get("student")):  # named after a lesson: the folder is the student
            student.name = path.parent.resolve().name or name
    if not isinstance(entries, list):
        return None, [f'{path}: not a kata result (no "lessons" list); left out']
    by_number = {lesson.number: lesson for lesson in lessons}
    numbers = ", ".join(by_number)
    problems = []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            problems.append(f"{path}: lesson entry {index} is not an object; that entry left out")
            continue
        raw = entry.get("lesson")
        number = f"{raw:02d}" if _count(raw) else _text(raw)  # 1 is lesson 01 too
        lesson_name = _text(entry.get("name"))
        known = by_number.get(number)
        if known is None or (lesson_name and lesson_name != known.name):
            what = f"{number or '?'} ({lesson_name})" if lesson_name else number or "?"
            problems.append(
                f"{path}: lesson {what} is not a lesson of this kata "
                f"(it has {numbers}); that lesson left out, the rest used"
            )
            continue
        state = entry.get("state")
        if not isinstance(state, str) or state == MISSING or state not in CATEGORY:
            problems.append(
                f"{path}: lesson {number} has an unknown state {json.dumps(state)[:40]}; "
                "that lesson left out, the rest used"
            )
            continue
        if number in student.cells:
            problems.append(f"{path}: lesson {number} appears twice; the first one used")
            continue
        student.cells[number] = _cell(entry)
    return student, problems


def _when(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _fallback_names(paths: Sequence[Path]) -> dict[Path, str]:
    """The file name without ``.json``; the folder's name when several files share it."""
    stems = Counter(path.stem for path in paths)
    return {
        path: (
            path.parent.resolve().name
            if stems[path.stem] > 1 and path.parent.resolve().name
            else path.stem
        )
        for path in paths
    }


def merge(parts: Sequence[StudentResult]) -> StudentResult:
    """One student's results as one: oldest first, so a later result wins a lesson.

    A result without a readable ``checked_at`` counts as the oldest; among equals,
    the one read later wins. A grader's error stands unless a later result came in.
    """
    ordered = sorted(
        enumerate(parts), key=lambda item: (_when(item[1].checked_at) or _NEVER, item[0])
    )
    merged = StudentResult(parts[0].name, [], "", "")
    for _, part in ordered:
        merged.sources.extend(part.sources)
        merged.cells.update(part.cells)
        merged.repository = part.repository or merged.repository
        merged.checked_at = part.checked_at or merged.checked_at
        merged.error = part.error
    return merged


def read_results(arguments: Sequence[Path], lessons: Sequence[KnownLesson]) -> Reading:
    """Every usable result among ``arguments``, merged by student; one line per problem."""
    paths, problems = find_files(arguments)
    reading = Reading(problems=problems, files=len(paths))
    names = _fallback_names(paths)
    by_student: dict[str, list[StudentResult]] = {}
    for path in paths:
        data, problem = _load(path)
        if problem:
            reading.problems.append(f"{path}: {problem}; left out")
            continue
        student, found = parse_result(path, data, lessons, names[path])
        reading.problems.extend(found)
        if student is not None:
            by_student.setdefault(student.name.casefold(), []).append(student)
    students = [merge(parts) for parts in by_student.values()]
    reading.students = sorted(students, key=lambda s: (s.name.casefold(), s.name))
    return reading


# ---------------------------------------------------------------- what the page shows


@dataclass(frozen=True)
class MutantCount:
    """A mutant that survived some students' tests, and how many."""

    survivor: Survivor
    students: int
    bar: float  # the bar's width in rem: 4 for every judged test


@dataclass(frozen=True)
class LessonSummary:
    """One lesson across the class."""

    lesson: KnownLesson
    counts: dict[str, int]  # students per category
    judged: int  # tests judged against the lesson's mutants
    survivors: list[MutantCount]  # most frequent first


@dataclass(frozen=True)
class Shown:
    """One cell as drawn: the lesson, the verdict, its look and its words."""

    lesson: KnownLesson
    cell: Cell
    look: Look
    title: str


@dataclass(frozen=True)
class Row:
    """One student as drawn: the repository to show under the name, and each lesson."""

    student: StudentResult
    repository: str
    cells: list[Shown]


@dataclass(frozen=True)
class ClassPage:
    """Everything the template draws."""

    reading: Reading
    lessons: Sequence[KnownLesson]
    looks: Sequence[Look]
    generated_at: datetime
    lesson_summaries: list[LessonSummary]
    rows: list[Row]  # one per student, in order

    @property
    def students(self) -> list[StudentResult]:
        return self.reading.students

    @property
    def complete(self) -> int:
        return sum(student.complete for student in self.students)

    @property
    def flagged(self) -> list[StudentResult]:
        """The students with integrity notes."""
        return [s for s in self.students if any(c.integrity for c in s.cells.values())]


def summarize(students: Sequence[StudentResult], lesson: KnownLesson) -> LessonSummary:
    """How many students are at each verdict, and which mutants survive their tests.

    Every test judged against the lesson's mutants counts, whatever its verdict.
    """
    cells = [student.cell(lesson.number) for student in students]
    judged = [cell for cell in cells if cell.total]
    counts: Counter[str] = Counter()
    first: dict[str, Survivor] = {}
    for cell in judged:
        for survivor in {s.name: s for s in cell.survivors}.values():
            counts[survivor.name] += 1
            first.setdefault(survivor.name, survivor)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return LessonSummary(
        lesson=lesson,
        counts=Counter(CATEGORY[cell.state] for cell in cells),
        judged=len(judged),
        survivors=[
            MutantCount(first[name], count, round(4 * count / len(judged), 2))
            for name, count in ranked
        ],
    )


def row(student: StudentResult, lessons: Sequence[KnownLesson], show_repository: bool) -> Row:
    """A student's row: the repository is shown only where it tells students apart."""
    shown = show_repository and student.repository != student.name
    cells = [student.cell(lesson.number) for lesson in lessons]
    return Row(
        student=student,
        repository=student.repository if shown else "",
        cells=[
            Shown(lesson, cell, cell.look, cell.describe(lesson))
            for lesson, cell in zip(lessons, cells, strict=True)
        ],
    )


def class_page(
    reading: Reading, lessons: Sequence[KnownLesson], generated_at: datetime | None = None
) -> ClassPage:
    differ = len({s.repository for s in reading.students}) > 1
    return ClassPage(
        reading=reading,
        lessons=lessons,
        looks=LOOKS,
        generated_at=(generated_at or datetime.now(timezone.utc)).astimezone(timezone.utc),
        lesson_summaries=[summarize(reading.students, lesson) for lesson in lessons],
        rows=[row(student, lessons, differ) for student in reading.students],
    )


@cache
def _template() -> Template:
    from jinja2 import Environment, StrictUndefined

    folder = files("kata.views") / "templates"
    environment = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["css"] = (folder / "class-report.css").read_text(encoding="utf-8")
    return environment.from_string((folder / "class-report.html.j2").read_text(encoding="utf-8"))


def render(
    reading: Reading, lessons: Sequence[KnownLesson], generated_at: datetime | None = None
) -> str:
    """The whole page, as text."""
    return _template().render(page=class_page(reading, lessons, generated_at))


# ---------------------------------------------------------------- the gradebook


def _cell_text(text: str) -> str:
    """``text`` as a spreadsheet shows it: never read as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(points: float) -> str:
    return f"{points:g}"


def gradebook(
    students: Sequence[StudentResult], lessons: Sequence[KnownLesson], points: float = POINTS
) -> str:
    """A CSV with one row per student: each lesson's state and points, the total, any error.

    A lesson is worth ``points`` when complete (``fixed``), else nothing.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "student",
            "repository",
            *(f"{lesson.number} {kind}" for lesson in lessons for kind in ("state", "points")),
            f"total (of {_number(points * len(lessons))})",
            "error",
        ]
    )
    for student in students:
        earned = [
            points if student.cell(lesson.number).state == "fixed" else 0.0 for lesson in lessons
        ]
        writer.writerow(
            [
                _cell_text(student.name),
                _cell_text(student.repository),
                *(
                    value
                    for lesson, worth in zip(lessons, earned, strict=True)
                    for value in (student.cell(lesson.number).state, _number(worth))
                ),
                _number(sum(earned)),
                _cell_text(student.error),
            ]
        )
    return out.getvalue()


# ---------------------------------------------------------------- the verb


def write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all; a link there is replaced, not followed."""
    write_file(path, data, path.parent, mode=0o644)  # a page to share, not a secret


def _wrong_place(option: str, name: str, kind: str, example: str, others: tuple[str, ...]) -> str:
    """Why the file ``name`` cannot take what ``option`` writes, or nothing."""
    target = Path(name)
    if target.suffix.lower() in others:
        return f"{option} {name}: the {kind}; name it e.g. {example}"
    if not target.parent.is_dir():
        return f"{option} {name}: the folder {target.parent} does not exist"
    return ""


def class_report(
    arguments: Sequence[str],
    out: str,
    lessons: Sequence[KnownLesson],
    warn: Callable[[str], None] | None = None,
    csv_out: str | None = None,
    points: float | None = None,
) -> bool:
    """Read, render, write; one line per problem on stderr. True when the report was written."""

    def stderr(line: str) -> None:
        print(f"kata: {line}", file=sys.stderr)

    def say(line: str) -> None:
        (warn or stderr)(clean(line))  # a problem names files found in folders

    points = POINTS if points is None else points
    wrong = _wrong_place("--out", out, "report is HTML", "class-report.html", (".json", ".csv"))
    if csv_out is not None:
        wrong = wrong or _wrong_place(
            "--csv", csv_out, "gradebook is CSV", "grades.csv", (".json", ".html", ".htm")
        )
        if not wrong and Path(csv_out).resolve() == Path(out).resolve():
            wrong = f"--csv {csv_out}: the same file as --out"
    if not wrong and not (math.isfinite(points) and points >= 0):
        wrong = f"--points {points}: a lesson's points are a number, 0 or more"
    if wrong:
        say(wrong)
        return False
    reading = read_results([Path(argument) for argument in arguments], lessons)
    for problem in reading.problems:
        say(problem)
    if not reading.students:
        say(f"no usable result among the {reading.files} file(s) given; nothing written")
        return False
    written = [(out, render(reading, lessons).encode("utf-8"))]
    if csv_out is not None:  # with a BOM, so a spreadsheet reads it as UTF-8
        written.append((csv_out, gradebook(reading.students, lessons, points).encode("utf-8-sig")))
    for name, data in written:
        try:
            write(Path(name), data)
        except OSError as error:
            say(f"{name}: cannot write it ({error.strerror or error})")
            return False
    skipped = f"; {len(reading.problems)} problem(s) above" if reading.problems else ""
    wrote = " and ".join(name for name, _ in written)
    print(f"Wrote {wrote}: {len(reading.students)} student(s), {len(lessons)} lessons{skipped}.")
    return True
