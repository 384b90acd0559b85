"""The class view: many students' ``check --all --json`` results as one HTML page.

``python -m kata class-report RESULTS... --out report.html`` reads result files, or
folders of them (searched recursively), one per student, and writes one self-contained
page: no server, no CDN, no script; inline CSS, readable when printed. A student is
named by the result's ``student`` field, else by the file name without ``.json``, else,
when several files share that name (every artifact is ``results.json``), by the folder
the file is in.

A file that cannot be used is left out with one line on stderr saying why; so is a
lesson the kata does not know. Every string that came from a result is cleaned of
control sequences and escaped. Standard library only.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kata.controls import clean
from kata.files import write_file

if TYPE_CHECKING:
    from kata.discover import Lesson

#: The result version this reader understands (``kata.shapes.VERSION``).
VERSION = 1
#: A result is a few hundred kilobytes at most; anything far larger is not one.
MAX_BYTES = 50 * 1024 * 1024
EXIT_OK, EXIT_USAGE = 0, 2
MISSING = "missing"  # no verdict for the lesson in a student's result


@dataclass(frozen=True)
class KnownLesson:
    """A lesson of this kata, as the report names it."""

    number: str
    name: str
    title: str


@dataclass(frozen=True)
class Look:
    """How a verdict category is shown: a colour (CSS class), a mark and words."""

    key: str
    label: str
    mark: str
    meaning: str


#: The categories, in the order the page lists them; colour is never their only sign.
LOOKS: tuple[Look, ...] = (
    Look("complete", "complete", "✓", "fixed: catches the planted bug and every mutant"),
    Look("caught", "caught", "C", "catches the planted bug; some mutants survive"),
    Look("misses-bug", "misses bug", "M", "the test passes on the planted bug"),
    Look("wrong-expectation", "wrong expectation", "W", "fails on a correct implementation"),
    Look("broken", "broken", "B", "the test cannot run or fails for the wrong reason"),
    Look("unit-red", "unit tests red", "U", "the lesson's own unit tests fail"),
    Look("timeout", "timeout", "T", "a run took longer than the time bound"),
    Look("not-started", "not started", "–", "no test yet, or no result for the lesson"),
)
LOOK = {look.key: look for look in LOOKS}
#: Each verdict state (``kata.grade.STATES``), and "missing", to its category.
CATEGORY = {
    "fixed": "complete",
    "caught": "caught",
    "misses-bug": "misses-bug",
    "wrong-expectation": "wrong-expectation",
    "broken": "broken",
    "unit-red": "unit-red",
    "timeout": "timeout",
    "no-test": "not-started",
    MISSING: "not-started",
}
#: States whose test catches the planted bug: their surviving mutants are misconceptions.
CATCHING = ("caught", "fixed")


@dataclass(frozen=True)
class Survivor:
    name: str
    summary: str
    killed_by: str


@dataclass(frozen=True)
class Cell:
    """One student's verdict on one lesson."""

    state: str  # a verdict state, or MISSING
    killed: int = 0
    total: int = 0
    survivors: tuple[Survivor, ...] = ()
    integrity: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        return CATEGORY[self.state]


@dataclass
class StudentResult:
    name: str
    source: Path
    repository: str
    checked_at: str
    cells: dict[str, Cell] = field(default_factory=dict)  # by lesson number

    def cell(self, number: str) -> Cell:
        return self.cells.get(number, Cell(MISSING))

    @property
    def complete(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.state == "fixed")


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
    files: list[Path] = []
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
            files.extend(found)
        elif argument.is_file():
            files.append(argument)
        else:
            problems.append(f"{argument}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique, problems


def _text(value: object) -> str:
    return clean(value).strip() if isinstance(value, str) else ""


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


def parse_result(
    path: Path, data: object, lessons: Sequence[KnownLesson], name: str
) -> tuple[StudentResult | None, list[str]]:
    """One student's result from the JSON of ``check --all --json``, and its problems."""
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else "string" if isinstance(data, str) else "value"
        return None, [f"{path}: not a kata result (a JSON {kind}, not an object); left out"]
    version = data.get("version")
    if "lessons" not in data and "state" in data and "lesson" in data:
        return None, [
            f"{path}: one lesson's verdict (check NN --json); the class report reads "
            "`check --all --json`; left out"
        ]
    if version != VERSION or isinstance(version, bool):
        shown = "no version" if version is None else f"version {json.dumps(version)[:20]}"
        return None, [f"{path}: {shown}, but this kata reads version {VERSION} results; left out"]
    entries = data.get("lessons")
    if not isinstance(entries, list):
        return None, [f'{path}: not a kata result (no "lessons" list); left out']
    by_number = {lesson.number: lesson for lesson in lessons}
    numbers = ", ".join(by_number)
    student = StudentResult(
        name=_text(data.get("student")) or name,
        source=path,
        repository=_text(data.get("repository")),
        checked_at=_text(data.get("checked_at")),
    )
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


def _fallback_names(files: Sequence[Path]) -> dict[Path, str]:
    """The file name without ``.json``; the folder's name when several files share it."""
    stems = Counter(path.stem for path in files)
    return {
        path: (
            path.parent.resolve().name
            if stems[path.stem] > 1 and path.parent.resolve().name
            else path.stem
        )
        for path in files
    }


def read_results(arguments: Sequence[Path], lessons: Sequence[KnownLesson]) -> Reading:
    """Every usable result among ``arguments``; one line per problem, and the rest still read."""
    files, problems = find_files(arguments)
    reading = Reading(problems=problems, files=len(files))
    names = _fallback_names(files)
    chosen: dict[str, StudentResult] = {}
    for path in files:
        data, problem = _load(path)
        if problem:
            reading.problems.append(f"{path}: {problem}; left out")
            continue
        student, found = parse_result(path, data, lessons, names[path])
        reading.problems.extend(found)
        if student is None:
            continue
        key = student.name.casefold()
        other = chosen.get(key)
        if other is not None:
            never = datetime.min.replace(tzinfo=timezone.utc)
            newer = (_when(student.checked_at) or never) > (_when(other.checked_at) or never)
            kept, dropped = (student, other) if newer else (other, student)
            reading.problems.append(
                f"{dropped.source}: a second result for {student.name}; the newer one "
                f"({kept.source}) is used"
            )
            if not newer:
                continue
        chosen[key] = student
    reading.students = sorted(chosen.values(), key=lambda s: (s.name.casefold(), s.name))
    return reading


# ---------------------------------------------------------------- rendering


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _date(stamp: str) -> str:
    """A ``<time>`` for a result's ``checked_at``, in UTC to the minute (the header says UTC)."""
    if not stamp:
        return '<span class="muted">unknown</span>'
    moment = _when(stamp)
    if moment is None:
        return _e(stamp)
    utc = moment.astimezone(timezone.utc)
    return f'<time datetime="{_e(utc.isoformat())}">{utc:%Y-%m-%d %H:%M}</time>'


_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1b1b1b; background: #fff; margin: 1rem 1.2rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1b1b1b; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
nav ul, ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap;
  gap: .3rem 1.2rem; }
a { color: #0b4f9c; }
.muted { color: #595959; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .3rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #8c8c8c; padding: .2rem .35rem; vertical-align: top; }
time { white-space: nowrap; }
thead th { background: #ececec; text-align: center; }
th[scope=row] { text-align: left; font-weight: 600; background: #f7f7f7; }
#grid-table th[scope=row] { white-space: nowrap; }
th .sub, .repo { display: block; font-weight: 400; font-size: .78rem; color: #4a4a4a; }
thead th .sub { max-width: 6rem; margin: 0 auto; font-size: .72rem; overflow-wrap: break-word; }
td.v { text-align: center; vertical-align: middle; white-space: nowrap; min-width: 2.8rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mark { font-weight: 700; font-size: 1.05rem; }
.k { font-size: .8rem; font-variant-numeric: tabular-nums; }
.flag { font-weight: 700; color: #8a0000; }
.swatch { display: inline-block; min-width: 1.6rem; text-align: center;
  border: 1px solid #8c8c8c; margin-right: .3rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
table.survivors { width: 100%; }
table.survivors td.num { width: 6.5rem; white-space: nowrap; }
table.survivors td + th { width: 12rem; }
ul.integrity { margin: .2rem 0 .8rem; }
.bar { display: inline-block; height: .7rem; background: #5a6f8f; vertical-align: middle; }
.v-complete { background: #a8dcaa; }
.v-caught { background: #c6def5; }
.v-misses-bug { background: #ffd59a; }
.v-wrong-expectation { background: #f7c6dc; }
.v-broken { background: #f2aaa5; }
.v-unit-red { background: #dcc6ef; }
.v-timeout { background: #d2c3bd; }
.v-not-started { background: #fff; color: #4a4a4a; }
.v, .swatch, .bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  @page { size: landscape; margin: 1cm; }
  body { margin: 0; font-size: 10pt; }
  nav { display: none; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


def _mark(look: Look) -> str:
    """The mark for sighted readers; the category's words for screen readers."""
    return (
        f'<span class="mark" aria-hidden="true">{_e(look.mark)}</span>'
        f'<span class="sr">{_e(look.label)}</span>'
    )


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _lesson_header(lesson: KnownLesson) -> str:
    """The lesson's number, and its title in small type, breakable inside CamelCase words."""
    title = _CAMEL.sub("<wbr>", _e(lesson.title))
    return (
        f'<th scope="col"><span class="sr">Lesson </span>{_e(lesson.number)}'
        f'<span class="sub">{title}</span></th>'
    )


def _grid(students: Sequence[StudentResult], lessons: Sequence[KnownLesson]) -> list[str]:
    out = [
        '<div class="scroll"><table id="grid-table">',
        "<caption>Each student's verdict per lesson: the mark, then mutants killed "
        "(k/n); ! marks integrity notes</caption>",
        '<thead><tr><th scope="col">Student</th>',
        *(_lesson_header(lesson) for lesson in lessons),
        '<th scope="col">Complete</th><th scope="col">Checked (UTC)</th></tr></thead><tbody>',
    ]
    for student in students:
        repository = (
            f'<span class="repo">{_e(student.repository)}</span>'
            if student.repository and student.repository != student.name
            else ""
        )
        out.append(f'<tr><th scope="row">{_e(student.name)}{repository}</th>')
        for lesson in lessons:
            cell = student.cell(lesson.number)
            look = LOOK[cell.category]
            detail = "no result" if cell.state == MISSING else cell.state
            title = f"{lesson.number}: {detail}"
            killed = ""
            if cell.total:
                killed = f' <span class="k">{cell.killed}/{cell.total}</span>'
                title += f", {cell.killed} of {cell.total} mutants killed"
            flag = ""
            if cell.integrity:
                flag = ' <span class="flag" aria-hidden="true">!</span>'
                flag += '<span class="sr">, integrity notes</span>'
                title += f", {len(cell.integrity)} integrity note(s)"
            out.append(
                f'<td class="v v-{look.key}" data-state="{_e(cell.state)}" title="{_e(title)}">'
                f"{_mark(look)}{killed}{flag}</td>"
            )
        out.append(
            f'<td class="num">{student.complete}/{len(lessons)}</td>'
            f"<td>{_date(student.checked_at)}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out


def _per_lesson(students: Sequence[StudentResult], lessons: Sequence[KnownLesson]) -> list[str]:
    out = [
        '<div class="scroll"><table id="lessons-table">',
        "<caption>How many students are at each verdict, per lesson</caption>",
        '<thead><tr><th scope="col">Lesson</th>',
        *(
            f'<th scope="col" data-category="{look.key}"><span class="swatch v v-{look.key}" '
            f'aria-hidden="true">{_e(look.mark)}</span>{_e(look.label)}</th>'
            for look in LOOKS
        ),
        "</tr></thead><tbody>",
    ]
    for lesson in lessons:
        counts = Counter(student.cell(lesson.number).category for student in students)
        out.append(
            f'<tr data-lesson="{_e(lesson.number)}"><th scope="row">{_e(lesson.number)} · '
            f"{_e(lesson.title)}</th>"
        )
        for look in LOOKS:
            count = counts.get(look.key, 0)
            muted = "" if count else " muted"
            out.append(f'<td class="num{muted}" data-category="{look.key}">{count}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return out


def survivor_counts(
    students: Sequence[StudentResult], lesson: KnownLesson
) -> tuple[list[tuple[Survivor, int]], int]:
    """The mutants that survive the tests catching the planted bug, most frequent first."""
    catching = [s.cell(lesson.number) for s in students]
    catching = [cell for cell in catching if cell.state in CATCHING]
    counts: Counter[str] = Counter()
    first: dict[str, Survivor] = {}
    for cell in catching:
        for survivor in {s.name: s for s in cell.survivors}.values():
            counts[survivor.name] += 1
            first.setdefault(survivor.name, survivor)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(first[name], count) for name, count in ranked], len(catching)


def _survivors(students: Sequence[StudentResult], lessons: Sequence[KnownLesson]) -> list[str]:
    out = [
        "<p>Among the tests that catch the planted bug (caught or complete), the mutants "
        "they let through, most frequent first: the misconceptions to teach again.</p>"
    ]
    for lesson in lessons:
        ranked, catching = survivor_counts(students, lesson)
        out.append(
            f'<h3 id="mutants-{_e(lesson.number)}">Lesson {_e(lesson.number)} · '
            f"{_e(lesson.title)}</h3>"
        )
        if not ranked:
            why = "no surviving mutants" if catching else "no test catches the planted bug yet"
            out.append(f'<p class="muted">{why}.</p>')
            continue
        out += [
            f'<table class="survivors" data-lesson="{_e(lesson.number)}">',
            f"<caption>Surviving mutants in lesson {_e(lesson.number)}, among {catching} "
            f"test{'s' if catching != 1 else ''} that catch the planted bug</caption>",
            '<thead><tr><th scope="col">Students</th><th scope="col">Mutant</th>'
            '<th scope="col">What it gets wrong</th><th scope="col">What catches it</th>'
            "</tr></thead><tbody>",
        ]
        for survivor, count in ranked:
            width = round(4 * count / catching, 2)
            out.append(
                f'<tr><td class="num">{count}<span class="sr"> of {catching}</span> '
                f'<span class="bar" style="width:{width}rem" aria-hidden="true"></span></td>'
                f'<th scope="row">{_e(survivor.name)}</th><td>{_e(survivor.summary)}</td>'
                f"<td>{_e(survivor.killed_by)}</td></tr>"
            )
        out.append("</tbody></table>")
    return out


def _integrity(students: Sequence[StudentResult], lessons: Sequence[KnownLesson]) -> list[str]:
    out = [
        "<p>What a reviewer should look at: the grader cannot prevent these, so it names them.</p>"
    ]
    flagged = 0
    for student in students:
        notes = [
            (lesson, note) for lesson in lessons for note in student.cell(lesson.number).integrity
        ]
        if not notes:
            continue
        flagged += 1
        out.append(f'<h3 class="student">{_e(student.name)}</h3><ul class="integrity">')
        out += [
            f'<li data-lesson="{_e(lesson.number)}">Lesson {_e(lesson.number)} · '
            f"{_e(lesson.title)}: {_e(note)}</li>"
            for lesson, note in notes
        ]
        out.append("</ul>")
    if not flagged:
        out.append('<p class="muted">No integrity notes.</p>')
    return out


def render(
    reading: Reading, lessons: Sequence[KnownLesson], generated_at: datetime | None = None
) -> str:
    """The whole page, as text."""
    students = reading.students
    moment = (generated_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    complete = sum(student.complete for student in students)
    cells = len(students) * len(lessons)
    sections = [
        ("grid", "Students × lessons", _grid(students, lessons)),
        ("lessons", "Verdicts per lesson", _per_lesson(students, lessons)),
        ("mutants", "Surviving mutants", _survivors(students, lessons)),
        ("integrity", "Integrity notes", _integrity(students, lessons)),
    ]
    if reading.problems:
        sections.append(
            (
                "problems",
                "Inputs left out",
                [
                    '<ul class="problems">',
                    *(f"<li>{_e(problem)}</li>" for problem in reading.problems),
                    "</ul>",
                ],
            )
        )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Class report · seam-bug kata</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>Class report · seam-bug kata</h1>",
        f'<p class="summary">{len(students)} student{"s" if len(students) != 1 else ""}, '
        f"{len(lessons)} lessons: {complete} of {cells} lesson verdicts complete. "
        f"Made {moment:%Y-%m-%d %H:%M} UTC from {reading.files} file"
        f"{'s' if reading.files != 1 else ''}"
        + (f", {len(reading.problems)} problem(s) listed at the end" if reading.problems else "")
        + ".</p>",
        '<nav aria-label="Sections"><ul>',
        *(f'<li><a href="#{key}">{_e(title)}</a></li>' for key, title, _ in sections),
        "</ul></nav>",
        '<h2 id="legend">Legend</h2><ul class="legend">',
        *(
            f'<li data-category="{look.key}"><span class="swatch v v-{look.key}" '
            f'aria-hidden="true">{_e(look.mark)}</span><strong>{_e(look.label)}</strong>: '
            f"{_e(look.meaning)}</li>"
            for look in LOOKS
        ),
        '<li><span class="swatch flag" aria-hidden="true">!</span><strong>integrity '
        "notes</strong>: listed under Integrity notes</li>",
        "</ul></header><main>",
    ]
    for key, title, body in sections:
        out.append(f'<section aria-labelledby="{key}"><h2 id="{key}">{_e(title)}</h2>')
        out += body
        out.append("</section>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all; a link there is replaced, not followed."""
    write_file(path, text, path.parent, mode=0o644)  # a page to share, not a secret


def class_report(
    arguments: Sequence[str],
    out: str,
    lessons: Sequence[KnownLesson],
    warn: Callable[[str], None] | None = None,
) -> int:
    """Read, render, write; one line per problem on stderr. 0 when a report was written."""

    def stderr(line: str) -> None:
        print(f"kata: {line}", file=sys.stderr)

    def say(line: str) -> None:
        (warn or stderr)(clean(line))  # a problem names files found in folders

    target = Path(out)
    if target.suffix.lower() == ".json":
        say(f"--out {out}: the report is HTML; name it e.g. class-report.html")
        return EXIT_USAGE
    if not target.parent.is_dir():
        say(f"--out {out}: the folder {target.parent} does not exist")
        return EXIT_USAGE
    reading = read_results([Path(argument) for argument in arguments], lessons)
    for problem in reading.problems:
        say(problem)
    if not reading.students:
        say(f"no usable result among the {reading.files} file(s) given; nothing written")
        return EXIT_USAGE
    try:
        write(target, render(reading, lessons))
    except OSError as error:
        say(f"--out {out}: cannot write it ({error.strerror or error})")
        return EXIT_USAGE
    skipped = f"; {len(reading.problems)} problem(s) above" if reading.problems else ""
    print(f"Wrote {out}: {len(reading.students)} student(s), {len(lessons)} lessons{skipped}.")
    return EXIT_OK
