"""The instructor's demo: the reference test shown before it runs, short steps, every
line on request, colour only on a terminal."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kata.commands.demo import fix_diffs, highlight, numbered
from kata.course.diffs import parse
from kata.course.discover import STUDENT_FILE, find_lessons
from kata.course.trees import build_shipped
from kata.views.report import Style
from tests.conftest import (
    ROOT,
    Started,
    copy_repo,
    kata_command,
    kata_env,
    run_kata,
    snapshot,
    started_once,
)

LESSONS = find_lessons(ROOT)
LESSON_09 = next(lesson for lesson in LESSONS if lesson.number == "09")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _start_demo_09() -> Started:
    """`demo 09 --no-pause`, short and `--full`, at once in one copy."""

    def start() -> Started:
        base = Path(tempfile.mkdtemp(prefix="kata-demo-"))
        repo = copy_repo(base / "repo")
        before = snapshot(repo / "lessons")
        runs = [
            subprocess.Popen(
                kata_command("demo", "09", "--no-pause", *extra),
                cwd=repo,
                env=kata_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for extra in ((), ("--full",))
        ]
        return Started(runs, base, repo, before)

    return started_once("demo 09", start)


@pytest.fixture(scope="session")
def demo_09() -> Iterator[tuple[str, str, Started]]:
    job = _start_demo_09()
    try:
        [(code, short, err), (full_code, full, full_err)] = job.finish()
        assert code == 0, short + err
        assert full_code == 0, full + full_err
        assert snapshot(job.repo / "lessons") == job.before  # nothing written in lessons/
        yield short, full, job
    finally:
        assert job.base is not None
        shutil.rmtree(job.base, ignore_errors=True)


BACKGROUND_JOBS = {"demo_09": _start_demo_09}


def _changed_lines(lesson_number: str) -> list[str]:
    """Every line the fix changes, as the demo shows it (shipped → fixed): the planted
    diff turns the solved lesson into the shipped one, so its signs are the other way."""
    lesson = next(lesson for lesson in LESSONS if lesson.number == lesson_number)
    planted = lesson.solution / "variants" / "planted.diff"
    flipped = {"+": "-", "-": "+"}
    return [
        flipped[line[0]] + line[1:]
        for patch in parse(planted.read_text(encoding="utf-8"), planted.name)
        for hunk in patch.hunks
        for line in hunk.lines
        if line[:1] in flipped
    ]


def test_the_reference_test_is_shown_before_it_runs_and_lesson_09_fits_80_lines(demo_09):
    short, full, _ = demo_09
    lines = short.splitlines()
    assert len(lines) <= 80, short
    assert not ANSI.search(short), "not a terminal: no colour"
    source = (LESSON_09.solution / STUDENT_FILE).read_text(encoding="utf-8")
    shown = short.index("def test_the_provider_charged_the_order_total(")
    assert shown < short.index("against the shipped code: red") < short.index("FAILED")
    assert "from checkout import pay_order" in source and "from checkout import" not in short
    code = source.splitlines()
    for line in code[code.index("pytestmark = pytest.mark.integration") :]:
        assert line.rstrip() in short  # the tests themselves, line by line

    step_1 = full[full.index("── 1/4") : full.index("── 2/4")]
    units = re.findall(r"^test_\w+\.py::\S+ PASSED", step_1, re.M)
    assert f"\n{len(units)} unit tests passed (" in short, short
    assert re.search(r"\n4 integration tests: 3 failed, 1 passed", short)
    assert "AssertionError: assert (549600, 'sgd') == (5496, 'sgd')" in short

    fix = short[short.index("── 3/4") : short.index("── 4/4")]
    assert "+    def charge(self, amount: int, currency: str, source: str)" in fix  # the seam
    assert "test_payments.py" in fix and "+++ fixed/test_payments.py" not in fix  # counted
    assert re.search(r"\+ \d+ more changed lines in payments\.py, \d+ in test_payments\.py", fix)
    assert "python -m kata demo 09 --full" in fix
    assert "── 4/4" in short and "49 tests passed" in short


def test_full_shows_every_line_of_the_test_the_runs_and_the_fix(demo_09):
    short, full, _ = demo_09
    source = (LESSON_09.solution / STUDENT_FILE).read_text(encoding="utf-8")
    at = 0
    for line in source.splitlines():
        at = full.index(line.rstrip(), at)  # every line, in order
    assert full.index(source.splitlines()[-1]) < full.index("against the shipped code: red")
    assert "test_sandbox.py::test_an_unknown_charge_is_404 PASSED" in full  # pytest's output
    assert "short test summary info" in full
    for line in _changed_lines("09"):
        assert line.rstrip() in full, line
    assert "more changed lines" not in full and "--full" not in full
    assert len(full.splitlines()) > 3 * len(short.splitlines())


def test_a_failing_unit_test_is_named_with_its_error(repo_copy):
    unit = repo_copy / "solutions" / "lesson_01_parser_cart" / "test_cart.py"
    with unit.open("a", encoding="utf-8") as file:
        file.write("\n\ndef test_two_plus_two():\n    assert 2 + 2 == 5\n")
    before = snapshot(repo_copy / "lessons")
    done = run_kata(repo_copy, "demo", "01", "--no-pause")
    assert done.returncode == 1, done.stdout + done.stderr  # the demo did not show it all green
    units = done.stdout[done.stdout.index("── 1/4") : done.stdout.index("── 2/4")]
    assert re.search(r"\n12 unit tests: 1 failed, 11 passed \(test_cart\.py 4, test_parser", units)
    assert "FAILED test_cart.py::test_two_plus_two" in units
    assert "assert (2 + 2) == 5" in units
    assert "kata verify" in done.stdout
    assert snapshot(repo_copy / "lessons") == before


def test_at_a_terminal_the_code_is_highlighted_and_no_pause_does_not_wait(repo_copy):
    """A terminal with colour allowed, nobody typing: --no-pause never asks."""
    import pty

    ours, theirs = pty.openpty()
    env = kata_env()
    env.pop("NO_COLOR")
    env["TERM"] = "xterm"
    process = subprocess.Popen(
        kata_command("demo", "01", "--no-pause"),
        cwd=repo_copy,
        env=env,
        stdin=theirs,
        stdout=theirs,
        stderr=theirs,
        start_new_session=True,
    )
    os.close(theirs)
    seen = b""
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([ours], [], [], 0.2)[0]:
                try:
                    seen += os.read(ours, 65536)
                except OSError:
                    break
        assert process.wait(timeout=30) == 0, seen.decode(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(ours)
    shown = seen.decode("utf-8", errors="replace")
    assert "Press Enter" not in shown
    assert "\x1b[1;34mdef\x1b[0m test_parsed_line_adds_its_price_to_the_cart" in shown
    assert "── 4/4" in ANSI.sub("", shown)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_highlighting_only_adds_colour(lesson):
    source = (lesson.solution / STUDENT_FILE).read_text(encoding="utf-8")
    assert highlight(source, Style(colour=False)) == source
    coloured = highlight(source, Style(colour=True))
    assert coloured != source and ANSI.sub("", coloured) == source
    assert highlight("def broken(:\n    '''open", Style(colour=True)) == "def broken(:\n    '''open"
    lines = source.rstrip("\n").split("\n")
    width = len(str(len(lines)))
    assert numbered(source, 1, Style(colour=False)).split("\n") == [
        f"{number:>{width}}  {line}".rstrip() for number, line in enumerate(lines, 1)
    ]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_the_seam_part_of_the_fix_is_in_the_components_and_the_rest_is_counted(lesson, tmp_path):
    shipped = build_shipped(lesson, tmp_path / "shipped")
    files = fix_diffs(lesson, shipped)
    shown = [
        (diff.name, hunk)
        for diff in files
        for hunk, seam in zip(diff.hunks, diff.seam, strict=True)
        if seam
    ]
    assert shown, "the demo shows some of the fix"
    assert {name for name, _ in shown} <= set(lesson.components)
    changed = [
        line.rstrip("\n")
        for diff in files
        for hunk in diff.hunks
        for line in hunk[1:]
        if line[:1] in "+-"
    ]
    assert sorted(changed) == sorted(line.rstrip("\n") for line in _changed_lines(lesson.number))
