"""The class report: many students' results as one HTML page, checked by parsing it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from kata.course.discover import find_lessons
from kata.verdict.grade import STATES
from kata.views.classreport import (
    CATEGORY,
    LOOK,
    LOOKS,
    class_report,
    gradebook,
    known_lessons,
    parse_result,
    read_results,
    render,
)
from tests.conftest import ROOT, kata_env

LESSONS = known_lessons(find_lessons(ROOT))
MUTANTS = {lesson.number: lesson.mutants for lesson in find_lessons(ROOT)}
#: Verdict states, weighted as a class might be part-way through the course.
CYCLE = ("fixed", "caught", "caught", "misses-bug", "no-test", "broken", "fixed",
         "wrong-expectation", "caught", "unit-red", "timeout", "fixed", "caught")  # fmt: skip
NOTES = ("test_integration.py defines pytest hooks", "conftest.py uses pytest's internals")
ODD_NAMES = {3: "<script>alert('x')</script>", 7: 'O\'Brien & "Sons"'}
START = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)


def made_up_result(index: int) -> dict[str, Any]:
    """Student ``index``'s ``check --all --json``: varied states, survivors and notes."""
    entries = []
    for position, lesson in enumerate(LESSONS):
        if (index + position) % 11 == 10:
            continue  # no verdict for this lesson: "missing"
        state = CYCLE[(index * 3 + position) % len(CYCLE)]
        mutants = MUTANTS[lesson.number]
        ran = state in ("fixed", "caught", "misses-bug")
        if state == "caught":
            survivors = [m for k, m in enumerate(mutants) if (index + k) % 3 != 0 or k == 0]
        elif state == "misses-bug":
            survivors = list(mutants)
        else:
            survivors = []
        notes = [NOTES[(index + position) % 2]] if (index * 7 + position) % 23 == 0 else []
        entries.append(
            {
                "version": 1,
                "lesson": lesson.number,
                "name": lesson.name,
                "title": lesson.title,
                "state": state,
                "status": "pass" if state == "fixed" else "fail",
                "complete": state == "fixed",
                "message": f"{lesson.number}: {state} for {index}\nsecond line",
                "mutants": {
                    "killed": len(mutants) - len(survivors) if ran else 0,
                    "total": len(mutants) if ran else 0,
                    "survivors": [
                        {"name": m.name, "summary": m.summary, "killed_by": m.killed_by}
                        for m in survivors
                    ],
                },
                "integrity": notes,
            }
        )
    return {
        "version": 1,
        "status": "fail",
        "complete": sum(1 for e in entries if e["state"] == "fixed"),
        "total": len(entries),
        "student": ODD_NAMES.get(index, f"student-{index:02d}"),
        "repository": f"class-2024/kata-student-{index:02d}",
        "checked_at": (START + timedelta(days=index % 5, minutes=index)).isoformat(),
        "lessons": entries,
    }


def write_class(folder: Path, count: int = 30) -> dict[str, dict[str, Any]]:
    """``count`` students' results as files in ``folder``; by student name."""
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for index in range(count):
        result = made_up_result(index)
        (folder / f"{index:02d}.json").write_text(json.dumps(result), encoding="utf-8")
        results[result["student"]] = result
    return results


def cell_state(result: dict[str, Any], number: str) -> str:
    entry = next((e for e in result["lessons"] if e["lesson"] == number), None)
    return entry["state"] if entry else "missing"


# ---------------------------------------------------------------- reading the page back


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    spans: dict[str, str] = field(default_factory=dict)  # span class -> its text
    under: str = ""  # the h3 before it

    @property
    def name(self) -> str:
        """A student's row header without the repository or the error under the name."""
        text = self.text.removesuffix(self.spans.get("error", "")).strip()
        return text.removesuffix(self.spans.get("repo", "")).strip()


@dataclass
class Table:
    attrs: dict[str, str]
    caption: str = ""
    rows: list[list[Node]] = field(default_factory=list)


class Page(HTMLParser):
    """Tables (caption, rows of cells), headings, list items and <time>s of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.headings: list[tuple[str, str]] = []
        self.items: list[Node] = []
        self.paragraphs: list[Node] = []
        self.links: list[Node] = []
        self.ids: dict[str, str] = {}  # id -> tag
        self.times: list[str] = []
        self.tags: Counter[str] = Counter()
        self.th_scopes: list[str | None] = []
        self._open: list[Node] = []  # elements whose text is being gathered
        self._span: str | None = None
        self._table: Table | None = None
        self._h3 = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        self.tags[tag] += 1
        if "id" in found:
            assert found["id"] not in self.ids, f"id {found['id']} twice"
            self.ids[found["id"]] = tag
        if tag == "a":
            self.links.append(Node(tag, found))
        if tag == "table":
            self._table = Table(found)
            self.tables.append(self._table)
        elif tag == "tr" and self._table is not None:
            self._table.rows.append([])
        elif tag in ("td", "th", "caption", "h1", "h2", "h3", "li", "p"):
            node = Node(tag, found, under=self._h3)
            self._open.append(node)
            if tag in ("td", "th") and self._table is not None:
                self._table.rows[-1].append(node)
            if tag == "th":
                self.th_scopes.append(found.get("scope"))
        elif tag == "span":
            self._span = found.get("class", "")
        elif tag == "time":
            self.times.append(found["datetime"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._span = None
        elif tag == "table":
            self._table = None
        elif self._open and self._open[-1].tag == tag:
            node = self._open.pop()
            node.text = " ".join(node.text.split())
            if tag == "caption" and self._table is not None:
                self._table.caption = node.text
            elif tag in ("h1", "h2", "h3"):
                self.headings.append((tag, node.text))
                self._h3 = node.text if tag == "h3" else ""
            elif tag == "li":
                self.items.append(node)
            elif tag == "p":
                self.paragraphs.append(node)

    def handle_data(self, data: str) -> None:
        for node in self._open:
            node.text += data
        if self._open and self._span:
            spans = self._open[-1].spans
            spans[self._span] = spans.get(self._span, "") + data

    def table(self, ident: str) -> Table:
        return next(t for t in self.tables if t.attrs.get("id") == ident)


@pytest.fixture(scope="module")
def made_up_class(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Page, str]:
    folder = tmp_path_factory.mktemp("results")
    results = write_class(folder)
    reading = read_results([folder], LESSONS)
    assert reading.problems == []
    text = render(reading, LESSONS, generated_at=START)
    return results, Page(text), text


# ---------------------------------------------------------------- the page


def test_every_verdict_state_has_a_colour_a_mark_and_words():
    assert set(CATEGORY) == {*STATES, "missing"}
    assert {LOOK[category].key for category in CATEGORY.values()} == set(LOOK)
    marks = [look.mark for look in LOOKS]
    assert len(set(marks)) == len(marks), "each category has its own mark"
    assert all(look.mark.strip() and look.label for look in LOOKS)
    css = (ROOT / "kata" / "views" / "templates" / "class-report.css").read_text(encoding="utf-8")
    assert all(f".v-{look.key} {{ background:" in css for look in LOOKS), "and its own colour"


def test_a_flaky_verdict_has_its_own_mark_and_colour_once_the_grader_gives_it():
    from kata.views import classreport

    flaky = next(look for look in classreport._LOOKS if look.key == "flaky")
    assert flaky.mark == "F" and flaky.mark not in {look.mark for look in LOOKS if look != flaky}
    css = (ROOT / "kata" / "views" / "templates" / "class-report.css").read_text(encoding="utf-8")
    assert ".v-flaky { background:" in css
    assert ("flaky" in LOOK) == ("flaky" in STATES)


def test_the_grid_shows_each_students_verdict_as_a_mark_and_mutants_killed(made_up_class):
    results, page, _ = made_up_class
    grid = page.table("grid-table")
    assert "verdict per lesson" in grid.caption
    assert grid.rows[0][-1].text == "Checked (UTC)"
    header, *rows = grid.rows
    assert [cell.text for cell in header[1 : 1 + len(LESSONS)]] == [
        f"Lesson {lesson.number}{lesson.title}" for lesson in LESSONS
    ]
    assert sorted(row[0].name for row in rows) == sorted(results)
    for row in rows:
        name = row[0].name
        result = results[name]
        assert row[0].spans["repo"] == result["repository"]
        for lesson, cell in zip(LESSONS, row[1 : 1 + len(LESSONS)], strict=True):
            state = cell_state(result, lesson.number)
            look = LOOK[CATEGORY[state]]
            assert cell.attrs["data-state"] == state, name
            assert cell.spans["mark"] == look.mark  # colour is never the only sign
            assert cell.spans["sr"].startswith(look.label)
            entry = next((e for e in result["lessons"] if e["lesson"] == lesson.number), None)
            mutants = entry["mutants"] if entry else {"total": 0}
            if mutants["total"]:
                assert cell.spans["k"] == f"{mutants['killed']}/{mutants['total']}"
            else:
                assert "k" not in cell.spans
            assert ("flag" in cell.spans) == bool(entry and entry["integrity"])
        complete = sum(1 for e in result["lessons"] if e["state"] == "fixed")
        assert row[-2].text == f"{complete}/{len(LESSONS)}"


def test_per_lesson_counts_of_students_at_each_verdict(made_up_class):
    results, page, _ = made_up_class
    table = page.table("lessons-table")
    header, *rows = table.rows
    categories = [cell.attrs["data-category"] for cell in header[1:]]
    assert categories == [look.key for look in LOOKS]
    assert [
        cell.spans["swatch v v-" + key] for cell, key in zip(header[1:], categories, strict=True)
    ] == [look.mark for look in LOOKS]
    assert len(rows) == len(LESSONS)
    for lesson, row in zip(LESSONS, rows, strict=True):
        expected = Counter(CATEGORY[cell_state(r, lesson.number)] for r in results.values())
        shown = {cell.attrs["data-category"]: int(cell.text) for cell in row[1:]}
        assert shown == {key: expected.get(key, 0) for key in categories}, lesson.number
        assert sum(shown.values()) == 30


def test_surviving_mutants_are_counted_and_sorted_with_their_summaries(made_up_class):
    results, page, _ = made_up_class
    tables = {
        t.attrs["data-lesson"]: t for t in page.tables if "survivors" in t.attrs.get("class", "")
    }
    misses = 0
    for lesson in LESSONS:
        counts: Counter[str] = Counter()
        judged = 0
        for result in results.values():
            entry = next((e for e in result["lessons"] if e["lesson"] == lesson.number), None)
            if entry and entry["mutants"]["total"]:  # judged against the mutants
                judged += 1
                misses += entry["state"] == "misses-bug"
                counts.update(s["name"] for s in entry["mutants"]["survivors"])
        if not counts:
            assert lesson.number not in tables
            continue
        table = tables[lesson.number]
        assert f"among {judged} tests judged against them" in table.caption
        shown = [(row[1].text, int(row[0].text.split()[0])) for row in table.rows[1:]]
        assert dict(shown) == dict(counts), lesson.number
        assert [n for _, n in shown] == sorted(counts.values(), reverse=True)
        summaries = {m.name: m.summary for m in MUTANTS[lesson.number]}
        assert all(row[2].text == summaries[row[1].text] for row in table.rows[1:])
    assert misses, "tests that miss the planted bug count too: they were judged"


def test_integrity_notes_are_listed_per_student(made_up_class):
    results, page, _ = made_up_class
    expected = {
        (name, e["lesson"], note)
        for name, result in results.items()
        for e in result["lessons"]
        for note in e["integrity"]
    }
    assert expected, "the made-up class has integrity notes"
    shown = {
        (item.under, item.attrs["data-lesson"], item.text.split(": ", 1)[1])
        for item in page.items
        if "data-lesson" in item.attrs
    }
    assert shown == expected
    lesson = next(x for x in LESSONS if x.number == sorted(expected)[0][1])
    assert any(item.text.startswith(f"Lesson {lesson.number} · {lesson.title}: ")
               for item in page.items)  # fmt: skip


def test_each_result_shows_the_date_it_was_checked(made_up_class):
    results, page, _ = made_up_class
    grid = page.table("grid-table")
    for row in grid.rows[1:]:
        result = results[row[0].name]
        moment = datetime.fromisoformat(result["checked_at"])
        assert row[-1].text == f"{moment:%Y-%m-%d %H:%M}"
    assert sorted(page.times) == sorted(  # in the grid, and in the student's own section
        2 * [datetime.fromisoformat(r["checked_at"]).isoformat() for r in results.values()]
    )


def test_student_strings_are_escaped_and_there_is_no_script(made_up_class):
    results, page, text = made_up_class
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert page.tags["script"] == 0
    names = [row[0].name for row in page.table("grid-table").rows[1:]]
    assert ODD_NAMES[3] in names and ODD_NAMES[7] in names
    assert ODD_NAMES[3] in [text for tag, text in page.headings if tag == "h3"]
    assert "http" not in text.replace('http-equiv="Content-Security-Policy"', ""), (
        "self-contained: nothing to fetch"
    )
    assert "content=\"default-src 'none';" in text, "and the browser is told so"


def test_the_page_is_accessible_markup(made_up_class):
    _, page, text = made_up_class
    assert '<html lang="en">' in text
    assert all(table.caption for table in page.tables)
    assert page.th_scopes and all(scope in ("col", "row") for scope in page.th_scopes)
    levels = [int(tag[1]) for tag, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), "no heading level skipped"
    legend = [item for item in page.items if "data-category" in item.attrs]
    assert [item.attrs["data-category"] for item in legend] == [look.key for look in LOOKS]
    marks = [item.spans[f"swatch v v-{item.attrs['data-category']}"] for item in legend]
    assert marks == [look.mark for look in LOOKS]
    assert "@media print" in text


# ---------------------------------------------------------------- inputs


def test_it_reads_what_check_all_json_writes(monkeypatch):
    """The contract: ``kata.views.shapes.class_json``'s output, as ``check --all --json``
    prints it."""
    from kata.verdict.grade import Verdict
    from kata.views.shapes import class_json

    monkeypatch.setenv("KATA_STUDENT", "amira")
    lessons = find_lessons(ROOT)
    states = [STATES[k % len(STATES)] for k in range(len(lessons))]
    verdicts = [Verdict(lesson, state) for lesson, state in zip(lessons, states, strict=True)]
    data = json.loads(json.dumps(class_json(verdicts, lessons)))
    student, problems = parse_result(Path("amira.json"), data, LESSONS, "fallback")
    assert problems == []
    assert student is not None and student.name == "amira" and student.checked_at
    assert [student.cell(lesson.number).state for lesson in LESSONS] == states


def test_names_come_from_the_student_field_the_file_or_its_folder(tmp_path):
    plain = made_up_result(0)
    plain["student"] = ""
    (tmp_path / "amira.json").write_text(json.dumps(plain), encoding="utf-8")
    for who in ("bao", "chidi"):
        (tmp_path / "artifacts" / who).mkdir(parents=True)
        (tmp_path / "artifacts" / who / "results.json").write_text(json.dumps(plain), "utf-8")
    named = made_up_result(1)
    (tmp_path / "whatever.json").write_text(json.dumps(named), encoding="utf-8")
    reading = read_results([tmp_path], LESSONS)
    assert reading.problems == []
    assert [s.name for s in reading.students] == ["amira", "bao", "chidi", named["student"]]


def one_lesson(result: dict[str, Any], number: str) -> dict[str, Any]:
    """One lesson's verdict out of ``result``, as ``check NN --json`` prints it."""
    return next(e for e in result["lessons"] if e["lesson"] == number)


@pytest.mark.parametrize("order", ["newer first", "older first"])
def test_results_of_one_student_merge_the_latest_winning_a_lesson(tmp_path, order):
    old, new = made_up_result(5), made_up_result(5)
    new["checked_at"] = "2025-01-01T00:00:00+00:00"
    first = new["lessons"][0]
    new["lessons"] = [{**first, "state": "fixed" if first["state"] != "fixed" else "caught"}]
    names = ("a.json", "b.json") if order == "newer first" else ("b.json", "a.json")
    for name, result in zip(names, (new, old), strict=True):
        (tmp_path / name).write_text(json.dumps(result), encoding="utf-8")
    reading = read_results([tmp_path], LESSONS)
    assert reading.problems == []
    [student] = reading.students
    assert student.checked_at == new["checked_at"]
    assert len(student.sources) == 2
    assert student.cell(first["lesson"]).state == new["lessons"][0]["state"] != first["state"]
    assert {n: c.state for n, c in student.cells.items() if n != first["lesson"]} == {
        e["lesson"]: e["state"] for e in old["lessons"] if e["lesson"] != first["lesson"]
    }


def test_one_file_per_lesson_in_a_folder_per_student_makes_one_row_each(tmp_path):
    """A Classroom workflow's artifacts: ``<student>/<lesson>.json``, each ``check NN --json``."""
    amira, bao = made_up_result(1), made_up_result(2)
    for who, result, numbers in (("amira", amira, ("01", "02", "04")), ("bao", bao, ("01",))):
        (tmp_path / who).mkdir()
        for number in numbers:
            text = json.dumps(one_lesson(result, number))
            (tmp_path / who / f"lesson-{number}.json").write_text(text, encoding="utf-8")
    reading = read_results([tmp_path], LESSONS)
    assert reading.problems == []
    assert [s.name for s in reading.students] == ["amira", "bao"]
    first, second = reading.students
    assert {n: c.state for n, c in first.cells.items()} == {
        n: one_lesson(amira, n)["state"] for n in ("01", "02", "04")
    }
    assert list(second.cells) == ["01"]


def error_result(student: str, when: str | None = None) -> dict[str, Any]:
    """What ``kata grade`` writes for a repository it could not grade (version, lessons: a
    grader may leave them out)."""
    result = {"student": student, "status": "error", "message": "no lessons/ folder: not a kata"}
    if when:
        return {**result, "version": 1, "checked_at": when, "lessons": [], "total": 0}
    return result


def test_a_repository_that_could_not_be_graded_is_a_row_with_the_error(tmp_path):
    write_class(tmp_path / "class", count=3)
    (tmp_path / "chidi.json").write_text(json.dumps(error_result("chidi")), encoding="utf-8")
    later = error_result("student-01", "2030-01-01T00:00:00+00:00")  # graded, then failed
    (tmp_path / "again.json").write_text(json.dumps(later), encoding="utf-8")
    earlier = error_result("student-02", "2000-01-01T00:00:00+00:00")  # failed, then graded
    (tmp_path / "before.json").write_text(json.dumps(earlier), encoding="utf-8")
    future = {**error_result("dana"), "version": 2}
    (tmp_path / "future.json").write_text(json.dumps(future), encoding="utf-8")
    reading = read_results([tmp_path], LESSONS)
    assert len(reading.problems) == 1 and "future.json: version 2" in reading.problems[0]
    errors = {s.name: s.error for s in reading.students}
    assert errors == {"chidi": later["message"], "student-00": "",
                      "student-01": later["message"], "student-02": ""}  # fmt: skip
    page = Page(render(reading, LESSONS, generated_at=START))
    rows = {row[0].name: row for row in page.table("grid-table").rows[1:]}
    assert rows["chidi"][1].attrs == {"class": "error", "colspan": str(len(LESSONS))}
    assert rows["chidi"][1].text == f"Not graded: {later['message']}"
    assert rows["chidi"][-2].text == f"0/{len(LESSONS)}"
    assert rows["student-01"][0].spans["error"] == "not graded last time: see below"
    assert len(rows["student-01"]) == len(LESSONS) + 3, "its cells are still shown"
    assert "error" not in rows["student-02"][0].spans
    shown = [item for item in page.paragraphs if "data-error" in item.attrs]
    assert [(p.under, p.text) for p in shown] == [
        ("chidi", f"Not graded: {later['message']}"),
        ("student-01", f"Not graded last time: {later['message']}"),
    ]
    book = list(csv.DictReader(io.StringIO(gradebook(reading.students, LESSONS))))
    assert {row["student"]: row["error"] for row in book}["chidi"] == later["message"]


def test_the_repository_is_named_only_where_students_have_different_ones(tmp_path):
    for index in range(3):
        result = {**made_up_result(index), "repository": "seam-kata"}
        (tmp_path / f"{index}.json").write_text(json.dumps(result), encoding="utf-8")
    same = Page(render(read_results([tmp_path], LESSONS), LESSONS))
    assert all("repo" not in row[0].spans for row in same.table("grid-table").rows[1:])
    result = {**made_up_result(3), "repository": "elsewhere/seam-kata"}
    (tmp_path / "3.json").write_text(json.dumps(result), encoding="utf-8")
    mixed = Page(render(read_results([tmp_path], LESSONS), LESSONS))
    repos = sorted(row[0].spans.get("repo", "") for row in mixed.table("grid-table").rows[1:])
    assert repos == ["elsewhere/seam-kata"] + ["seam-kata"] * 3


def test_each_student_has_a_section_with_each_lessons_message_and_survivors(made_up_class):
    results, page, _ = made_up_class
    tables = {t.attrs["data-student"]: t for t in page.tables if "data-student" in t.attrs}
    assert set(tables) == set(results)
    for name, result in results.items():
        header, *rows = tables[name].rows
        assert [cell.text for cell in header] == ["Lesson", "Verdict", "Message",
                                                  "Surviving mutants"]  # fmt: skip
        assert [row[0].text for row in rows] == [f"{x.number} · {x.title}" for x in LESSONS]
        for lesson, row in zip(LESSONS, rows, strict=True):
            entry = next((e for e in result["lessons"] if e["lesson"] == lesson.number), None)
            assert row[1].attrs["data-state"] == (entry["state"] if entry else "missing")
            assert row[2].text == (" ".join(entry["message"].split()) if entry else "")
            survivors = entry["mutants"]["survivors"] if entry else []
            assert row[3].text == ", ".join(m["name"] for m in survivors)
    links = [a.attrs["href"] for a in page.links if a.attrs["href"].startswith("#student-")]
    assert len(links) == len(results) and all(page.ids[link[1:]] == "h3" for link in links)


def test_the_gradebook_has_each_lessons_state_and_points_and_the_total(made_up_class, tmp_path):
    results, _, _ = made_up_class
    odd = made_up_result(8)
    odd["student"] = '=HYPERLINK("http://example.invalid")'
    folder = tmp_path / "class"
    write_class(folder)
    (folder / "08.json").write_text(json.dumps(odd), encoding="utf-8")
    book = tmp_path / "grades.csv"
    lines: list[str] = []
    written = class_report([str(folder)], str(tmp_path / "r.html"), LESSONS, lines.append,
                           csv_out=str(book), points=2.5)  # fmt: skip
    assert written and lines == []
    raw = book.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM: spreadsheets read it as UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == ["student", "repository",
                             *(f"{x.number} {k}" for x in LESSONS for k in ("state", "points")),
                             f"total (of {2.5 * len(LESSONS):g})", "error"]  # fmt: skip
    expected = {**results, "'" + odd["student"]: odd}
    expected.pop("student-08")
    assert {row["student"] for row in rows} == set(expected), "a name is never a formula"
    total_column = f"total (of {2.5 * len(LESSONS):g})"
    for row in rows:
        result = expected[row["student"]]
        states = [cell_state(result, lesson.number) for lesson in LESSONS]
        assert [row[f"{x.number} state"] for x in LESSONS] == states
        points = [2.5 if state == "fixed" else 0 for state in states]
        assert [float(row[f"{x.number} points"]) for x in LESSONS] == points
        assert float(row[total_column]) == sum(points) and row["error"] == ""


@pytest.mark.parametrize(
    ("out", "csv_out", "points", "said"),
    [
        ("r.json", None, None, "--out r.json: the report is HTML"),
        ("r.html", "g.html", None, "--csv g.html: the gradebook is CSV"),
        ("r.html", "nowhere/g.csv", None, "the folder"),
        ("report", "report", None, "the same file as --out"),
        ("r.html", "g.csv", -1.0, "--points -1.0: a lesson's points are a number, 0 or more"),
        ("r.html", "g.csv", float("nan"), "--points nan"),
    ],
)
def test_a_wrong_output_writes_nothing(tmp_path, monkeypatch, out, csv_out, points, said):
    monkeypatch.chdir(tmp_path)
    write_class(tmp_path / "class", count=2)
    lines: list[str] = []
    written = class_report(["class"], out, LESSONS, lines.append, csv_out=csv_out, points=points)
    assert written is False
    assert len(lines) == 1 and said in lines[0]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["class"]


def test_nothing_usable_writes_nothing_and_exits_2(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    lines: list[str] = []
    out = tmp_path / "report.html"
    written = class_report([str(tmp_path / "bad.json"), str(tmp_path / "gone")], str(out),
                           LESSONS, lines.append)  # fmt: skip
    assert written is False
    assert not out.exists()
    assert any("bad.json: not JSON" in line for line in lines)
    assert any("gone: no such file or folder" in line for line in lines)
    assert "nothing written" in lines[-1]


def test_the_verb_writes_the_report_and_names_each_bad_file(tmp_path):
    """End to end: good results still make the page; one stderr line per bad input."""
    results = write_class(tmp_path / "class")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "garbled.json").write_text("{'not': json", encoding="utf-8")
    (bad / "future.json").write_text(json.dumps({**made_up_result(40), "version": 2}), "utf-8")
    strange = made_up_result(41)
    strange["lessons"].append({**strange["lessons"][0], "lesson": "42", "name": "lesson_42_x"})
    (bad / "strange.json").write_text(json.dumps(strange), encoding="utf-8")
    (bad / "listed.json").write_text("[1, 2]", encoding="utf-8")
    out = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kata",
            "class-report",
            str(tmp_path / "class"),
            str(bad),
            "--out",
            str(out),
            "--csv",
            str(tmp_path / "grades.csv"),
            "--points",
            "2",
        ],  # fmt: skip
        cwd=ROOT,
        env=kata_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 4, lines
    assert any("garbled.json: not JSON (line 1" in line for line in lines)
    assert any("future.json: version 2, but this kata reads version 1" in line for line in lines)
    assert any("strange.json: lesson 42 (lesson_42_x) is not a lesson of this kata" in line
               for line in lines)  # fmt: skip
    assert any("listed.json: not a kata result" in line for line in lines)
    assert f"Wrote {out} and {tmp_path / 'grades.csv'}: 31 student(s)" in done.stdout
    book = list(csv.reader(io.StringIO((tmp_path / "grades.csv").read_text("utf-8-sig"))))
    assert len(book) == 32 and book[0][-2] == f"total (of {2 * len(LESSONS)})"
    page = Page(out.read_text(encoding="utf-8"))
    names = {row[0].name for row in page.table("grid-table").rows[1:]}
    assert names == {*results, strange["student"]}  # its unknown lesson alone was left out
    problems = [item.text for item in page.items if "future.json" in item.text]
    assert problems, "the printed page lists what was left out"
