"""Every verdict a student can get, as text and as JSON, compared whole with a file.

Each case is a made-up verdict (run results invented here, no process started, as in
test_verdict.py), reached through ``grade.decide`` wherever ``decide`` reaches it. Its
text (``report.render``) and JSON (``shapes.verdict_json``) must equal
``tests/golden/<case>.txt`` and ``<case>.json`` byte for byte, as Exercism's test
runners compare a whole ``results.json``: a change in wording shows up here as a diff
to review, never by accident. ``KATA_UPDATE_GOLDEN=1`` writes the files anew (then
read ``git diff tests/golden``).
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from kata.course.discover import PLANTED, Lesson, Variant
from kata.runs.model import Result, Run, TestRecord
from kata.runs.sandbox import Protections
from kata.verdict.grade import Repeated, VariantOutcome, Verdict, decide
from kata.verdict.vocabulary import REASONS, STATES, Code
from kata.views import shapes
from kata.views.report import WORDS, Style, render

pytestmark = pytest.mark.portable  # in-process: the same on every system

GOLDEN = Path(__file__).with_name("golden")
UPDATE = "KATA_UPDATE_GOLDEN"

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
    expected_failure=("AssertionError",),
    variants=(
        Variant("reference", "reference", "b() reads what a() writes", assumes="a()'s form"),
        Variant("planted", "bug", "a() writes text, b() wants a number"),
        Variant("other_fix", "wheat", "b() converts at its edge", assumes="which side converts"),
        Variant("loses_quantity", "mutant", "a() drops the quantity", "a test with a quantity"),
        Variant("rounds_early", "mutant", "a() rounds to dollars", "a test with cents"),
    ),
    old_contract=("test_b.py::test_old",),
)
NEXT = replace(LESSON, number="02", slug="next", folder=Path("lessons/lesson_02_next"), title="B")
LESSONS = [LESSON, NEXT]
HANDED_OUT = replace(LESSON, scope="shipped", variants=(LESSON.variant(PLANTED),))
REPEATING = replace(LESSON, repeat=3)
SHIPPED_UNITS = ("test_a.py::test_one", "test_b.py::test_old")
#: How many hints the student has seen when the text is shown.
REVEALED = 2
#: A test file as a student writes it; some cases replace it.
SOURCE = "def test_total():\n    assert total() == 3\n"
CLOCK = "from datetime import datetime\n\ndef test_total():\n    assert due(datetime.now())\n"
TRACEBACK = "test_integration.py:7: in test_total\n    assert total == 3\nE   {exc}: 2 != 3"


def record(
    outcome: str, nodeid: str, exc: str = "AssertionError", when: str = "call"
) -> TestRecord:
    """One test's record, a failure with its message and traceback."""
    failed = outcome in ("failed", "error")
    file = nodeid.split("::", 1)[0]
    return TestRecord(
        nodeid=nodeid,
        file=file,
        outcome=outcome,
        when=when if outcome != "passed" else "",
        exc_type=exc if failed else "",
        message=f"{exc}: 2 != 3" if failed else "",
        details=TRACEBACK.format(exc=exc) if failed else "",
        integration_marker=file == "test_integration.py",
    )


def run(label: str, *outcomes: str, status: str = "done", seed: int | None = None) -> Result:
    """A run labelled as ``plan_runs`` labels it, one test per outcome (``timeout``,
    ``crashed`` or ``cancelled``: the run's status, and no test)."""
    if outcomes and outcomes[0] in ("timeout", "crashed", "cancelled"):
        status, outcomes = outcomes[0], ()
    names = SHIPPED_UNITS if label == "units" else ("test_integration.py::test_total",) * 9
    tests = [record(o, n) for o, n in zip(outcomes, names[: len(outcomes)], strict=True)]
    output = f"{label}: {len(tests)} tests\n"
    return Result(Run(label, Path("."), (), seed=seed), status, 0, 0.0, output, len(tests), tests)


def units(*outcomes: str) -> Result:
    return run("units", *outcomes)


def yours(*outcomes: str) -> Result:
    """The student's test on their own code, which they changed."""
    return run("yours", *outcomes)


def judge(
    lesson: Lesson = LESSON,
    unit_run: Result | None = None,
    their_code: Result | None = None,
    planted: str | Result = "failed",
    reference: str | Result = "passed",
    other_fix: str = "passed",
    mutants: tuple[str, str] = ("failed", "failed"),
    reference_tests: str = "passed",
    repeats: Sequence[Repeated] = (),
    source: str = SOURCE,
) -> Verdict:
    """A verdict from ``decide``: each implementation's run has the outcome given (or is
    the run given). The student's code is the shipped code unless ``their_code`` gives
    their test's run on it; the reference tests run on it then."""
    given = {
        "planted": planted,
        "reference": reference,
        "other_fix": other_fix,
        "loses_quantity": mutants[0],
        "rounds_early": mutants[1],
    }
    given = {n: r if isinstance(r, Result) else run(f"variant {n}", r) for n, r in given.items()}
    outcomes = [VariantOutcome(v, given[v.name]) for v in lesson.variants]
    checked = None if their_code is None else run("reference-on-yours", reference_tests)
    verdict = decide(
        lesson,
        unit_run or units("passed", "passed"),
        their_code or given["planted"],
        outcomes,
        checked,
        shipped_units=SHIPPED_UNITS,
        repeats=repeats,
    )
    verdict.test_source = source
    verdict.seed = 40 if repeats else None
    return verdict


#: Each code's runs in a repeating lesson: steady, or disagreeing (the shipped code's
#: third run stopped once two disagreed).
STEADY = {"shipped": ["failed"] * 3, "yours": ["passed"] * 3, "reference": ["passed"] * 3}
UNSTEADY = {
    "shipped": ["failed", "passed", "cancelled"],
    "yours": ["passed", "failed", "passed"],
    "reference": ["passed", "passed", "failed"],
}


def flaky(code: Code) -> Verdict:
    """A repeating lesson whose runs of ``code`` disagree."""
    labels = {"shipped": "variant planted", "yours": "yours", "reference": "variant reference"}
    each: Code
    repeats = []
    for each in ("shipped", "yours", "reference"):
        outcomes = UNSTEADY[each] if each == code else STEADY[each]
        runs = [run(labels[each], o, seed=40 + k) for k, o in enumerate(outcomes)]
        repeats.append(Repeated(each, runs))
    shipped, mine, reference = (repeated.results[0] for repeated in repeats)
    return judge(
        REPEATING,
        their_code=mine,
        repeats=repeats,
        source="import time\n\ndef test_race():\n    time.sleep(0.1)\n",
        planted=shipped,
        reference=reference,
    )


def collection_error() -> Verdict:
    error = record("error", "test_integration.py", "SyntaxError", when="collect")
    shipped = replace(run("variant planted"), collect_errors=[error])
    return judge(planted=shipped)


def wrong_reason() -> Verdict:
    on_the_reference = run("variant reference", "failed")
    on_the_reference.tests[0] = record("failed", on_the_reference.tests[0].nodeid, "NameError")
    return judge(reference=on_the_reference)


def unit_test_missing() -> Verdict:
    ran = units("passed", "passed")
    del ran.tests[0]  # test_a.py::test_one, which encodes no old contract
    ran.collected -= 1
    return judge(unit_run=ran)


def new_unit_test_fails() -> Verdict:
    ran = units("passed", "passed")
    ran.tests.append(record("failed", "test_c.py::test_mine", "NameError"))
    ran.collected += 1
    return judge(unit_run=ran)


CASES: dict[str, Callable[[], Verdict]] = {
    "no-test__missing": lambda: Verdict(LESSON, "no-test", reason="missing"),  # as check() has it
    "no-test__empty": lambda: judge(planted=run("variant planted")),
    "broken__crashed": lambda: judge(planted=run("variant planted", "crashed")),
    "broken__collection": collection_error,
    "broken__wrong-reason": wrong_reason,
    "unit-red__missing": unit_test_missing,
    "unit-red__crashed": lambda: judge(unit_run=units("crashed")),
    "unit-red__failed": lambda: judge(unit_run=units("failed", "passed")),
    "unit-red__skipped": lambda: judge(unit_run=units("passed", "skipped")),
    "unit-red__new-test-failed": new_unit_test_fails,
    "flaky__shipped": lambda: flaky("shipped"),
    "flaky__yours": lambda: flaky("yours"),
    "flaky__reference": lambda: flaky("reference"),
    "misses-bug__passes-on-bug": lambda: judge(planted="passed"),
    "misses-bug__mocks": lambda: judge(planted="passed", source="from unittest.mock import Mock\n"),
    "wrong-expectation__on-the-reference": lambda: judge(reference="failed"),
    "wrong-expectation__on-the-other-fix": lambda: judge(other_fix="failed"),
    "wrong-expectation__on-every-correct": lambda: judge(reference="failed", other_fix="failed"),
    "caught__unchanged": lambda: judge(mutants=("failed", "passed")),
    "caught__reads-the-clock": lambda: judge(source=CLOCK),
    "caught__own-test-red": lambda: judge(their_code=yours("failed")),
    "caught__reference-red": lambda: judge(their_code=yours("passed"), reference_tests="failed"),
    "caught__survivors": lambda: judge(their_code=yours("passed"), mutants=("passed", "failed")),
    "caught__unchanged-in-a-handout": lambda: judge(HANDED_OUT),
    "caught__passes-on-yours": lambda: judge(HANDED_OUT, their_code=yours("passed")),
    "fixed__complete": lambda: judge(their_code=yours("passed")),
    "timeout__units": lambda: judge(unit_run=units("timeout")),
    "timeout__yours": lambda: judge(their_code=yours("timeout")),
    "timeout__reference-tests": lambda: judge(
        their_code=yours("passed"), reference_tests="timeout"
    ),
    "timeout__shipped": lambda: judge(their_code=yours("passed"), planted="timeout"),
    "timeout__correct": lambda: judge(other_fix="timeout"),
    "timeout__mutant": lambda: judge(mutants=("failed", "timeout")),
}


def test_every_case_is_the_state_its_name_says():
    for name, make in CASES.items():
        assert make().state == name.split("__")[0], name


def test_every_state_has_its_words():
    assert sorted(WORDS) == sorted(STATES)
    for state in STATES:  # a made-up verdict, without a reason (class report tests make them)
        assert render(Verdict(LESSON, state), Style(False)).startswith(f"── verdict: {state}")


def test_the_cases_reach_every_reason_of_every_state():
    """A reason added to the vocabulary needs a case here, and so a golden file."""
    reached = {(verdict.state, verdict.reason) for verdict in (make() for make in CASES.values())}
    every = {(state, reason) for state, reasons in REASONS.items() for reason in reasons}
    assert every - reached == set()
    assert reached - every == set()


@pytest.fixture
def fixed_machine(monkeypatch):
    """What differs between machines and shells: the sandbox, and make or not."""
    for name in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS"):
        monkeypatch.delenv(name, raising=False)
    fixed = Protections("landlock v7", "pid namespace", "private loopback")
    monkeypatch.setattr(shapes, "protections", lambda: fixed)


def shown(verdict: Verdict) -> dict[str, str]:
    text = render(verdict, Style(False, width=80), LESSONS, REVEALED) + "\n"
    made = json.dumps(shapes.verdict_json(verdict, LESSONS), indent=2, ensure_ascii=False) + "\n"
    return {"txt": text, "json": made}


def golden_diff(path: Path, text: str) -> str:
    """How ``text`` differs from the golden file ``path``, as a unified diff ("": equal)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if path.is_file() and old == text:
        return ""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        text.splitlines(keepends=True),
        f"tests/golden/{path.name}" + ("" if path.is_file() else " (missing)"),
        "as the kata says it now",
    )
    return f"{path.name} differs; {UPDATE}=1 writes it anew:\n" + "".join(lines)


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_a_verdict_says_is_its_golden_file(case, fixed_machine):
    for suffix, text in shown(CASES[case]()).items():
        path = GOLDEN / f"{case}.{suffix}"
        if os.environ.get(UPDATE):
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        elif diff := golden_diff(path, text):
            pytest.fail(diff, pytrace=False)


def test_a_missing_or_changed_golden_file_fails_with_a_diff(tmp_path):
    path = tmp_path / "case.txt"
    missing = golden_diff(path, "verdict: caught\n")
    assert "(missing)" in missing and "+verdict: caught" in missing
    path.write_text("verdict: caught\nnext: fix it\n", encoding="utf-8")
    assert golden_diff(path, "verdict: caught\nnext: fix it\n") == ""
    changed = golden_diff(path, "verdict: caught\nnext: mend it\n")
    assert "-next: fix it" in changed and "+next: mend it" in changed
    assert golden_diff(path, "") != ""  # an empty text is no match for a file with lines


def test_no_golden_file_is_left_without_its_case():
    named = {f"{case}.{suffix}" for case in CASES for suffix in ("txt", "json")}
    stale = sorted(path.name for path in GOLDEN.iterdir() if path.name not in named)
    if os.environ.get(UPDATE):
        for name in stale:
            (GOLDEN / name).unlink()
        stale = []
    assert stale == [], f"no case writes these; {UPDATE}=1 removes them"
