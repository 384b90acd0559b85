"""The class report: many students' results as one HTML page, checked by parsing it."""

from __future__ import annotations

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

from kata.classreport import (
    CATEGORY,
    LOOK,
    LOOKS,
    class_report,
    known_lessons,
    parse_result,
    read_results,
    render,
)
from kata.discover import find_lessons
from kata.grade import STATES
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
                "message": "…",
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
        """A student's row header without the repository under the name."""
        return self.text.removesuffix(self.spans.get("repo", "")).strip()


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
        if tag == "table":
            self._table = Table(found)
            self.tables.append(self._table)
        elif tag == "tr" and self._table is not None:
            self._table.rows.append([])
        elif tag in ("td", "th", "caption", "h1", "h2", "h3", "li"):
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
    marks = [look.mark for look in LOOKS]
    assert len(set(marks)) == len(marks), "each category has its own mark"
    assert all(look.mark.strip() and look.label for look in LOOKS)


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
    for lesson in LESSONS:
        counts: Counter[str] = Counter()
        catching = 0
        for result in results.values():
            entry = next((e for e in result["lessons"] if e["lesson"] == lesson.number), None)
            if entry and entry["state"] in ("caught", "fixed"):
                catching += 1
                counts.update(s["name"] for s in entry["mutants"]["survivors"])
        if not counts:
            assert lesson.number not in tables
            continue
        table = tables[lesson.number]
        assert f"among {catching} tests" in table.caption
        shown = [(row[1].text, int(row[0].text.split()[0])) for row in table.rows[1:]]
        assert dict(shown) == dict(counts), lesson.number
        assert [n for _, n in shown] == sorted(counts.values(), reverse=True)
        summaries = {m.name: m.summary for m in MUTANTS[lesson.number]}
        assert all(row[2].text == summaries[row[1].text] for row in table.rows[1:])
    assert "misses" not in " ".join(t.caption for t in tables.values())


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
    assert sorted(page.times) == sorted(
        datetime.fromisoformat(r["checked_at"]).isoformat() for r in results.values()
    )


def test_student_strings_are_escaped_and_there_is_no_script(made_up_class):
    results, page, text = made_up_class
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert page.tags["script"] == 0
    names = [row[0].name for row in page.table("grid-table").rows[1:]]
    assert ODD_NAMES[3] in names and ODD_NAMES[7] in names
    assert ODD_NAMES[3] in [text for tag, text in page.headings if tag == "h3"]
    assert "http" not in text, "self-contained: nothing to fetch"


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
    """The contract: ``kata.shapes.class_json``'s output, as ``check --all --json`` prints it."""
    from kata.grade import Verdict
    from kata.shapes import class_json

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


def test_a_second_result_for_a_student_keeps_the_newer_one(tmp_path):
    old, new = made_up_result(5), made_up_result(5)
    new["checked_at"] = "2025-01-01T00:00:00+00:00"
    new["lessons"] = new["lessons"][:1]
    (tmp_path / "a.json").write_text(json.dumps(new), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(old), encoding="utf-8")
    reading = read_results([tmp_path], LESSONS)
    [student] = reading.students
    assert student.checked_at == new["checked_at"]
    assert len(reading.problems) == 1 and "b.json: a second result" in reading.problems[0]


def test_nothing_usable_writes_nothing_and_exits_2(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    lines: list[str] = []
    out = tmp_path / "report.html"
    code = class_report([str(tmp_path / "bad.json"), str(tmp_path / "gone")], str(out),
                        LESSONS, lines.append)  # fmt: skip
    assert code == 2
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
    assert "Wrote" in done.stdout and "31 student(s)" in done.stdout
    page = Page(out.read_text(encoding="utf-8"))
    names = {row[0].name for row in page.table("grid-table").rows[1:]}
    assert names == {*results, strange["student"]}  # its unknown lesson alone was left out
    problems = [item.text for item in page.items if "future.json" in item.text]
    assert problems, "the printed page lists what was left out"
