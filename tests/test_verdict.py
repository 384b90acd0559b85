"""The verdict decision, tested directly with made-up run results: no process is started.

``grade.decide`` is the one place a verdict is reached; these tests pin each rule of
the README's table ("How the grader judges your test"), the way a service is tested with fakes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from kata.course.controls import clean
from kata.course.discover import Lesson, Variant
from kata.runs.model import Result, Run, TestRecord
from kata.verdict.grade import VariantOutcome, _settled, decide
from kata.views.report import Style, explain, hint_index, render, write_output

LESSON = Lesson(
    number="01",
    slug="made_up",
    folder=Path("lessons/lesson_01_made_up"),
    solution=Path("solutions/lesson_01_made_up"),
    title="Made up",
    kind="a made-up mismatch",
    seam="a() → b()",
    components=("a.py", "b.py"),
    minutes=10,
    hints=("nudge", "closer", "nearly", "the answer"),
    expected_failure=("AssertionError", "TypeError"),
    variants=(
        Variant("reference", "reference", "b() reads what a() writes"),
        Variant("planted", "bug", "a() writes text, b() wants a number"),
        Variant("other_fix", "wheat", "b() converts at its edge"),
        Variant("loses_quantity", "mutant", "a() drops the quantity", "a test with a quantity"),
        Variant("rounds_early", "mutant", "a() rounds to dollars", "a test with cents"),
    ),
)


def result(*outcomes: str, exc: str = "AssertionError", status: str = "done", **extra) -> Result:
    """A run that collected one test per outcome given."""
    tests = [
        TestRecord(
            nodeid=f"test_integration.py::test_{n}",
            file="test_integration.py",
            outcome=outcome,
            exc_type=exc if outcome in ("failed", "error") else "",
            integration_marker=True,
        )
        for n, outcome in enumerate(outcomes)
    ]
    made = Result(Run("made up", Path("."), ()), status, 0, 0.0, "", len(tests), tests)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


GREEN, RED = result("passed"), result("failed")


def judge(
    units: Result = GREEN,
    yours: Result = RED,
    planted: Result = RED,
    wheats: Result = GREEN,
    mutants: tuple[Result, Result] = (RED, RED),
    reference_on_yours: Result | None = None,
    deleted_units: tuple[str, ...] = (),
    shipped_units: tuple[str, ...] = (),
    lesson: Lesson = LESSON,
):
    runs = {"reference": wheats, "planted": planted, "other_fix": wheats}
    runs |= {"loses_quantity": mutants[0], "rounds_early": mutants[1]}
    outcomes = [VariantOutcome(v, runs[v.name]) for v in lesson.variants]
    return decide(lesson, units, yours, outcomes, reference_on_yours, deleted_units, shipped_units)


def test_a_test_that_passes_on_the_bug_misses_it():
    assert judge(planted=GREEN, yours=GREEN).state == "misses-bug"


def test_a_test_that_fails_on_a_correct_fix_has_a_wrong_expectation():
    verdict = judge(wheats=RED)
    assert (verdict.state, verdict.reason) == ("wrong-expectation", "reference")


def test_a_wrong_expectation_says_what_the_test_pins_never_how_the_fix_works():
    said = tuple(
        replace(v, assumes=f"that {v.name} is not there; a correct one may differ")
        for v in LESSON.variants
    )
    lesson = replace(LESSON, variants=said)
    on_the_wheat = judge(wheats=RED, lesson=lesson)
    on_the_wheat.reason = "other_fix"
    message = explain(on_the_wheat)["message"]
    assert "What it pins: that other_fix is not there; a correct one may differ." in message
    assert "b() converts at its edge" not in message  # the wheat's summary: how it fixes
    on_the_reference = judge(wheats=RED, lesson=lesson)
    message = explain(on_the_reference)["message"]
    assert "What it pins: that reference is not there" in message
    assert "b() reads what a() writes" not in message  # the manifest's fix
    assert "judged reformatted" in message
    unsaid = explain(judge(wheats=RED))["message"]  # a manifest without assumes: no guess
    assert "What it pins" not in unsaid and "b() reads what a() writes" not in unsaid


def test_a_failing_unit_test_the_student_added_is_named_as_theirs():
    shipped = ("test_a.py::test_reads", "test_b.py::test_adds")

    def units(failing: str) -> Result:
        ran = result("passed", "passed", "failed", exc="NameError")
        for test, nodeid in zip(ran.tests, (*shipped, failing), strict=True):
            test.nodeid = nodeid
        ran.tests[2].message = "NameError: name 'Cart' is not defined"
        return ran

    verdict = judge(units=units("test_mine.py::test_cart"), shipped_units=shipped)
    assert (verdict.state, verdict.reason) == ("unit-red", "new-test-failed")
    words = explain(verdict)
    assert "A unit test you added fails:" in words["message"]
    assert "test_mine.py::test_cart: NameError: name 'Cart' is not defined" in words["message"]
    assert "encoded the old" not in words["next_step"] and "It is yours" in words["next_step"]
    in_a_shipped_file = judge(units=units("test_a.py::test_also"), shipped_units=shipped)
    assert in_a_shipped_file.reason == "new-test-failed"
    shipped_one = units("test_b.py::test_adds[2]")  # a shipped test, parametrised
    assert judge(units=shipped_one, shipped_units=shipped).reason == "failed"
    shipped_file = TestRecord("test_a.py", "test_a.py", "error", "collect", "SyntaxError")
    unparsable = result(collect_errors=[shipped_file])
    assert judge(units=unparsable, shipped_units=shipped).reason == "failed"
    new_file = replace(shipped_file, nodeid="test_mine.py", file="test_mine.py")
    assert judge(units=result(collect_errors=[new_file]), shipped_units=shipped).reason == (
        "new-test-failed"
    )


def test_failing_for_a_wrong_reason_is_broken():
    verdict = judge(planted=result("failed", exc="NameError"))
    assert (verdict.state, verdict.reason) == ("broken", "wrong-reason")


def test_catching_the_bug_before_the_fix_is_caught():
    verdict = judge()
    assert (verdict.state, verdict.reason, verdict.killed) == ("caught", "unchanged", 2)


def test_complete_needs_the_fix_the_reference_tests_and_every_mutant_killed():
    assert judge(yours=GREEN, reference_on_yours=GREEN).state == "fixed"


def test_a_fix_with_a_surviving_mutant_is_not_complete():
    verdict = judge(yours=GREEN, reference_on_yours=GREEN, mutants=(RED, GREEN))
    assert (verdict.state, verdict.reason, verdict.killed) == ("caught", "survivors", 1)
    message = explain(verdict)["message"]
    assert "kills 1/2 mutants" in message
    assert "Not yet caught: a() rounds to dollars" in message
    assert "It takes a test with cents" in message


def test_a_skipped_test_in_the_reference_run_is_not_a_pass():
    skipped = result("passed", "skipped")
    verdict = judge(yours=GREEN, reference_on_yours=skipped)
    assert (verdict.state, verdict.reason) == ("caught", "reference-red")


def test_a_fix_that_fails_a_shipped_unit_test_in_the_reference_run_is_caught_not_fixed():
    """The student's own unit tests pass (they may have emptied one): the shipped one fails."""
    reference = result("passed", "passed")
    reference.tests[1] = replace(reference.tests[1], nodeid="test_a.py::test_one", file="test_a.py",
                                 outcome="failed", exc_type="Failed")  # fmt: skip
    verdict = judge(yours=GREEN, reference_on_yours=reference)
    assert (verdict.state, verdict.reason) == ("caught", "reference-red")
    assert "test_a.py::test_one" in explain(verdict)["next_step"]


@pytest.mark.parametrize(
    ("old_contract", "reference", "state"),
    [
        ((), result("passed", deselected=2), "caught"),
        (("test_a.py::test_old",), result("passed", deselected=2), "fixed"),
        (("test_a.py::test_old",), result("passed", "skipped", deselected=2), "caught"),
    ],
    ids=["deselected-without-old-contract", "old-contract-deselected", "skipped"],
)
def test_the_reference_run_may_deselect_only_when_the_lesson_names_old_contract_tests(
    old_contract, reference, state
):
    lesson = replace(LESSON, old_contract=old_contract)
    assert judge(yours=GREEN, reference_on_yours=reference, lesson=lesson).state == state


@pytest.mark.parametrize(
    "units",
    [result("passed", "skipped"), result("passed", "xfailed"), result("passed", deselected=1)],
    ids=["skipped", "xfailed", "deselected"],
)
def test_a_unit_test_that_does_not_run_counts_as_red(units):
    verdict = judge(units=units)
    assert (verdict.state, verdict.reason) == ("unit-red", "skipped")


#: The made-up lesson's shipped unit tests; test_b.py::test_old encodes the old contract.
SHIPPED = ("test_a.py::test_one", "test_a.py::test_two", "test_b.py::test_p", "test_b.py::test_old")
OLD_CONTRACT = replace(LESSON, old_contract=("test_b.py::test_old",))


def units_run(*nodeids: str, outcome: str = "passed", **extra) -> Result:
    """The student's units run: one record per node id, all with ``outcome``."""
    tests = [TestRecord(node, node.split("::")[0], outcome) for node in nodeids]
    made = Result(Run("units", Path("."), ()), "done", 0, 0.0, "", len(tests), tests)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def fixed_with(units: Result, deleted: tuple[str, ...] = (), lesson: Lesson = OLD_CONTRACT):
    """A fix that passes everything, with the given units run."""
    return judge(
        units=units,
        yours=GREEN,
        reference_on_yours=GREEN,
        deleted_units=deleted,
        shipped_units=SHIPPED,
        lesson=lesson,
    )


def test_every_shipped_unit_test_present_and_green_is_fixed():
    present = ("test_a.py::test_one", "test_a.py::test_two", "test_b.py::test_old")
    units = units_run(*present, "test_b.py::test_p[1]", "test_b.py::test_p[2]", "test_b.py::mine")
    assert fixed_with(units).state == "fixed"


def test_a_deleted_unit_test_file_is_unit_red_and_names_its_tests():
    verdict = fixed_with(units_run("test_b.py::test_p[1]"), deleted=("test_a.py",))
    assert (verdict.state, verdict.reason) == ("unit-red", "missing")
    assert verdict.missing_units == ["test_a.py::test_one", "test_a.py::test_two"]
    message = explain(verdict)["message"]
    assert "test_a.py::test_one" in message and "test_a.py::test_two" in message


def test_a_deleted_unit_test_function_is_unit_red_and_named():
    units = units_run("test_a.py::test_one", "test_b.py::test_p[1]", "test_b.py::test_old")
    verdict = fixed_with(units)
    assert (verdict.state, verdict.reason) == ("unit-red", "missing")
    assert verdict.missing_units == ["test_a.py::test_two"]
    assert "test_a.py::test_two" in explain(verdict)["message"]


def test_a_renamed_unit_test_is_missing_under_its_shipped_name():
    units = units_run("test_a.py::test_one", "test_a.py::test_two_renamed", "test_b.py::test_p")
    assert fixed_with(units).missing_units == ["test_a.py::test_two"]


def test_a_unit_test_of_the_old_contract_may_be_removed():
    units = units_run("test_a.py::test_one", "test_a.py::test_two", "test_b.py::test_p[x]")
    assert fixed_with(units).state == "fixed"
    without_exemption = fixed_with(units, lesson=LESSON)
    assert without_exemption.missing_units == ["test_b.py::test_old"]


def test_a_unit_test_of_the_old_contract_that_is_kept_must_pass():
    units = units_run("test_a.py::test_one", "test_a.py::test_two", "test_b.py::test_p",
                      "test_b.py::test_old")  # fmt: skip
    units.tests[-1].outcome = "failed"
    verdict = fixed_with(units)
    assert (verdict.state, verdict.reason) == ("unit-red", "failed")
    assert verdict.evidence is not None and verdict.evidence.nodeid == "test_b.py::test_old"


def test_a_unit_file_that_cannot_be_collected_is_reported_as_that_not_as_missing():
    error = TestRecord("test_a.py", "test_a.py", "error", "collect", "ImportError", "no cart")
    units = units_run("test_b.py::test_p", "test_b.py::test_old", collect_errors=[error])
    verdict = fixed_with(units)
    assert (verdict.state, verdict.reason) == ("unit-red", "failed")
    assert verdict.missing_units == []
    assert "ImportError" in explain(verdict)["message"]


def test_many_missing_unit_tests_are_named_then_counted():
    many = tuple(f"test_a.py::test_{n}" for n in range(9))
    verdict = judge(yours=GREEN, reference_on_yours=GREEN, deleted_units=("test_a.py",),
                    shipped_units=many)  # fmt: skip
    message = explain(verdict)["message"]
    assert "test_a.py::test_5" in message and "test_a.py::test_6" not in message
    assert "and 3 more" in message


def test_without_a_units_run_only_a_deleted_file_makes_tests_missing():
    """No units run: the student's code is the shipped code, so nothing else can be gone."""
    verdict = judge(units=None, shipped_units=SHIPPED, lesson=OLD_CONTRACT)
    assert (verdict.state, verdict.reason) == ("caught", "unchanged")
    gone = judge(units=None, shipped_units=SHIPPED, deleted_units=("test_a.py",))
    assert gone.state == "unit-red" and gone.missing_units


def test_missing_unit_tests_settle_the_verdict_before_the_other_runs_end():
    done = [None, GREEN, None, None]  # the student's own run (index 1) has finished
    assert not _settled(done, None, 1, {"planted": 2, "reference": 3}, ())
    assert _settled(done, None, 1, {"planted": 2, "reference": 3}, (), units_missing=True)


def test_a_run_over_its_bound_is_a_timeout():
    assert judge(mutants=(RED, result(status="timeout"))).state == "timeout"


def test_a_file_that_collects_nothing_is_no_test():
    assert judge(yours=result()).state == "no-test"


@pytest.mark.parametrize(
    ("state_args", "revealed", "expected"),
    [
        ({"yours": result()}, 0, 0),  # no-test: the first hint
        ({"planted": GREEN, "yours": GREEN}, 0, 0),  # misses-bug wants hint 2: not seen yet
        ({"planted": GREEN, "yours": GREEN}, 2, 1),
        ({}, 1, 0),  # caught wants the last hint: only the newest one seen
        ({}, 3, 2),
        ({}, 4, 3),
    ],
)
def test_a_verdict_never_shows_a_hint_the_student_has_not_asked_for(state_args, revealed, expected):
    """Only the first comes unasked; running a lesson again never gives more away."""
    assert hint_index(judge(**state_args), revealed) == expected


GENERAL = "comes out the same with the bug in place"
OWN = "FakePickupRepo, the lesson's own stand-in"


@pytest.mark.parametrize(
    ("source", "advice"),
    [
        ("from unittest.mock import Mock\nservice = Mock()", "mock"),
        ("def test_x(monkeypatch):\n    monkeypatch.setattr(orders, 'place', f)", "mock"),
        ("assert float(body['total']) == approx(54.96)", "converts"),
        ("assert round(cart.total(), 2) == 3.0", "converts"),
        ("assert cart.total() == 3.0", GENERAL),
        (
            '"""Use str(tmp_path) in the config."""\nconfig = {"DATABASE": str(tmp_path)}',
            GENERAL,
        ),  # fmt: skip
        # a path converted to compare it with a path: no value of the seam is converted
        ("assert str(db_file) == str(tmp_path / 'x')", GENERAL),
        ("assert os.path.exists(str(db_file))", GENERAL),
        # configuration instead of behaviour, whatever the comparison converts
        ('assert app.config["DATABASE"] == str(db_file)', "asserts on the app's configuration"),
        ("assert current_app.config.get('DATABASE_URL') is None", "app's configuration"),
        # the lesson's own test double, imported from a unit test module or a component
        ("from test_reminders import FakePickupRepo\nr = FakePickupRepo([])", OWN),
        ("import test_reminders\nrepo = test_reminders.FakePickupRepo([])", OWN),
        ("from a import StubB", "StubB, the lesson's own stand-in"),
        # a fake of a true external edge, or a name that only looks like one: no advice
        ("from conftest import RecordingMailer\nassert mailer.sent == []", GENERAL),
        ("from b import Fakery\nassert b.total() == 3.0", GENERAL),
        (
            "answer = client.patch('/api/orders/1', json={})\nassert answer.status_code == 200",
            GENERAL,
        ),
        ("def test_x(monkeypatch):\n    monkeypatch.setenv('TZ', 'UTC')\n    assert f()", GENERAL),
    ],
)
def test_advice_for_a_missed_bug_follows_what_the_test_does(source, advice):
    verdict = judge(planted=GREEN, yours=GREEN)
    verdict.test_source = source
    assert advice in explain(verdict)["next_step"]


@pytest.mark.parametrize(
    "source",
    [
        "assert cart.total() == 3.0",
        'assert app.config["DATABASE"] == str(db_file)',
        "from test_reminders import FakePickupRepo",
    ],
)
def test_advice_for_a_missed_bug_names_only_the_mistake_the_test_makes(source):
    """No piece of advice fires on a pattern it does not describe."""
    verdict = judge(planted=GREEN, yours=GREEN)
    verdict.test_source = source
    step = explain(verdict)["next_step"]
    advice = ("converts", "mock or a patch", "stand-in", "configuration")
    fired = [text for text in advice if text in step]
    assert len(fired) <= 1, step
    assert "converts" not in step


def test_a_test_too_deep_to_parse_gets_the_general_advice_not_a_crash():
    verdict = judge(planted=GREEN, yours=GREEN)
    verdict.test_source = "X = " + " + ".join(["1"] * 50_000) + "\n"  # RecursionError
    assert "comes out the same with the bug in place" in explain(verdict)["next_step"]


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("a\x1b[2J\x1b[Hb\x1b[1;1Hc", "abc"),  # erase, cursor moves
        ("a\x1b[8mb\x1b[32;1mc\x1b[0m", "abc"),  # colour (SGR) too: conceal hides text
        ("a\x1b]0;title\x07b\x1b]8;;http://x\x1b\\c", "abc"),  # OSC to BEL or ST
        ("a\x1bP1$r\x1b\\b\x1b_apc\x9cc", "abc"),  # DCS, APC
        ("a\x9b31mb\x9d0;t\x07c\x85d", "abcd"),  # 8-bit CSI, OSC and NEL
        ("a\x1bcb\x1b(Bc\x1b#8d\x1b", "abcd"),  # reset, charset, alignment, lone ESC
        ("verdict: caught\rverdict: fixed", "verdict: caughtverdict: fixed"),
        ("a\x08\x07\x00\x7fb\x0b\x0cc", "abc"),  # backspace, BEL, NUL, DEL, VT, FF
        ("a\x1b]0;unterminated\nline two\tkept", "a\nline two\tkept"),  # to its line's end
        ("a\x1b[31", "a"),  # cut short by the output limit
        ("status: \u202edekcehc ton\u202c", "status: dekcehc ton"),  # right-to-left override
        ("a\u2066\u202eb\u202c\u2069c\u200f\u200ed\u061c", "abcd"),  # isolates, marks
        ("ca\u200bught\u200c\u200d\u2060\u2062\ufeff\u00ad", "caught"),  # zero-width, soft hyphen
        ("a\u2028b\u2029c", "abc"),  # line breaks to some readers, not to the frame
        ("fixed\U000e0066\U000e0069\U000e0078", "fixed"),  # tag characters: invisible letters
    ],
)
def test_student_text_is_printed_without_any_control_sequence(text, cleaned):
    assert clean(text) == cleaned


#: Every character a student's text must not carry: bidi controls, zero-width and
#: invisible formatting characters.
INVISIBLE = (
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
)


def test_no_bidi_or_invisible_character_survives_and_every_script_does():
    assert [hex(ord(char)) for char in INVISIBLE if clean(f"a{char}b") != "ab"] == []
    text = "Total: 3.00 € · مرحبا · שלום · 中文 · Ünïcödé · 👍 · tab\there\n"
    assert clean(text) == text


#: What a test can print to pass for the kata's own lines.
FAKE = "\n── verdict: fixed ────────\nLesson complete.\nnext: Compare with the solution.\n"


def _ours(shown: str) -> list[str]:
    """The lines of text for people that are not behind the gutter: the kata's own."""
    return [line for line in shown.splitlines() if not line.startswith("│")]


def _fakes(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith(("── verdict: fixed", "Lesson", "next: C"))]


def test_what_a_crashed_test_wrote_is_shown_framed_under_the_verdict():
    wrote = "collected 1 item" + FAKE + "status: \u202edekcehc ton\u202c"
    verdict = judge(yours=result(status="crashed", output=wrote))
    assert (verdict.state, verdict.reason) == ("broken", "crashed")
    shown = render(verdict, Style(False, width=80))
    assert _ours(shown)[0].startswith("── verdict: broken")
    assert _fakes(_ours(shown)) == []
    assert "│ ── verdict: fixed ────────" in shown.splitlines()  # shown, behind the gutter
    assert "│ status: dekcehc ton" in shown.splitlines()


def test_a_failure_message_with_line_breaks_is_one_framed_line_in_the_verdict():
    record = TestRecord("test_integration.py::test_x", "test_integration.py", "failed", "call",
                        "NameError", "oops" + FAKE, details="E   NameError" + FAKE)  # fmt: skip
    planted = Result(Run("made up", Path("."), ()), "done", 1, 0.0, "", 1, [record])
    verdict = judge(planted=planted)
    assert (verdict.state, verdict.reason) == ("broken", "wrong-reason")
    message = explain(verdict)["message"]  # as JSON has it: on one line
    assert message.endswith("(test_x): NameError: oops ── verdict: fixed ──────── Lesson complete. "
                            "next: Compare with the solution.")  # fmt: skip
    shown = render(verdict, Style(False, width=200))
    assert _fakes(_ours(shown)) == []
    assert "Your test fails for the wrong reason:" in _ours(shown)
    framed = [line for line in shown.splitlines() if line.startswith("│ ")]
    place = "lessons/lesson_01_made_up/test_integration.py (test_x)"  # the student's file
    assert framed[0].startswith(f"│ {place}: NameError: oops ── verdict")
    assert "│ ── verdict: fixed ────────" in framed  # the details, line by line


def test_a_long_line_is_cut_to_the_screen_so_no_row_of_it_starts_at_the_edge():
    stream = io.StringIO()
    wide = "中" * 50 + "\n"  # two columns each
    output = "x" * 78 + FAKE.lstrip("\n") + "y" * 200 + "\n" + wide + "a\tb"
    write_output(replace(GREEN, output=output), Style(False, width=80), stream)
    shown = stream.getvalue()
    assert _ours(shown) == []
    assert "│ " + "x" * 78 in shown.splitlines()
    assert all(len(line) <= 80 for line in shown.splitlines())
    rows = [line for line in shown.splitlines() if "中" in line]
    assert rows == ["│ " + "中" * 39, "│ " + "中" * 11]  # 78 columns, then the rest
    assert "│ a       b" in shown.splitlines()  # a tab is spaces: its width is known


def test_the_kata_s_own_lines_are_not_framed_and_student_text_ends_our_colour():
    verdict = judge(planted=GREEN, yours=GREEN)
    assert not any(line.startswith("│") for line in render(verdict, Style(True)).splitlines())
    framed = Style(True).untrusted("one\x1b[31m\ntwo")
    assert [line.endswith("\x1b[0m") for line in framed.splitlines()] == [True, True]
    assert "\x1b[31m" not in framed


def test_run_folders_are_named_as_the_lesson_and_tmp_in_what_a_student_reads():
    from kata.runs.runpaths import rewrite

    tree = Path("/dev/shm/kata-ab12cd_3/qwertyuiopas")
    scratch = Path("/dev/shm/kata-zz99yy88/asdfghjklzxc")
    text = (
        f"ImportError while importing test module '{tree}/test_integration.py'.\n"
        f"(from {tree}/parser.py) wrote {scratch}/basetemp/test_x0/db.sqlite3\n"
        "another run's /tmp/kata-q1w2e3r4/zxcvbnmasdfg/cart.py; "
        "host=%2Fdev%2Fshm%2Fkata-postgres-i48x1gld%2Fpgdata"
    )
    shown = rewrite(text, tree, "lessons/lesson_01_parser_cart", scratch)
    assert shown == (
        "ImportError while importing test module "
        "'lessons/lesson_01_parser_cart/test_integration.py'.\n"
        "(from lessons/lesson_01_parser_cart/parser.py) wrote <tmp>/basetemp/test_x0/db.sqlite3\n"
        "another run's <tmp>/cart.py; host=<tmp>%2Fpgdata"
    )
    assert rewrite("/home/ana/seam-kata/lessons/x.py", tree, "", scratch) == (
        "/home/ana/seam-kata/lessons/x.py"
    )
