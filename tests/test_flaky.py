"""The verdict ``flaky``: a repeating lesson's runs of one code that disagree.

``grade.decide`` is tested with made-up run results, as in test_verdict.py; the
perturbation that makes a timing-dependent test disagree with itself is tested in a
process of its own (it patches ``threading``), where a held thread must wait for
whoever waits for it, and a ``time.sleep`` must not let it go.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kata.commands.verify import manifest_checks
from kata.course.discover import LessonError, load_lesson
from kata.runs.model import Result, Run
from kata.runs.plugin import Perturbation
from kata.verdict.grade import Repeated, VariantOutcome, _settled, decide, first_seed
from kata.views.report import explain
from kata.views.shapes import verdict_json
from tests.test_verdict import GREEN, LESSON, RED, result

REPEATING = replace(LESSON, repeat=5)
ROOT = Path(__file__).resolve().parent.parent


def runs(*outcomes: Result, seed: int = 40) -> list[Result]:
    """The runs of one code, each with its seed: ``seed``, ``seed + 1``…"""
    return [
        replace(made, run=Run("made up", Path("."), (), seed=seed + k))
        for k, made in enumerate(outcomes)
    ]


def judge(
    shipped: list[Result],
    reference: list[Result],
    yours: list[Result] | None = None,
    units: Result = GREEN,
    wheat: Result = GREEN,
    mutants: tuple[Result, Result] = (RED, RED),
    reference_on_yours: Result | None = None,
):
    """A verdict on a repeating lesson: each list's first run is the one shown."""
    first = {"reference": reference[0], "planted": shipped[0], "other_fix": wheat}
    first |= {"loses_quantity": mutants[0], "rounds_early": mutants[1]}
    outcomes = [VariantOutcome(v, first[v.name]) for v in REPEATING.variants]
    repeats = [Repeated("shipped", shipped), Repeated("reference", reference)]
    if yours is not None:
        repeats.append(Repeated("yours", yours))
    verdict = decide(
        REPEATING,
        units,
        (yours or shipped)[0],
        outcomes,
        reference_on_yours,
        repeats=repeats,
    )
    verdict.seed = 40
    return verdict


STEADY_RED = runs(RED, RED, RED, RED, RED)
STEADY_GREEN = runs(GREEN, GREEN, GREEN, GREEN, GREEN)


def test_a_test_that_fails_two_of_five_runs_on_the_bug_is_flaky_not_caught():
    verdict = judge(runs(RED, GREEN, GREEN, RED, GREEN), STEADY_GREEN)
    assert (verdict.state, verdict.reason) == ("flaky", "shipped")
    assert "on the shipped code it failed 2 of 5 runs" in explain(verdict)["message"]


def test_a_test_whose_first_run_passes_on_the_bug_is_flaky_not_misses_bug():
    verdict = judge(runs(GREEN, RED, GREEN, GREEN, GREEN), STEADY_GREEN)
    assert verdict.state == "flaky"
    assert "One run failed with" in explain(verdict)["message"]  # the run that was not shown
    assert verdict.evidence is RED.tests[0]


def test_failing_some_runs_on_the_reference_is_flaky_not_a_wrong_expectation():
    verdict = judge(STEADY_RED, runs(GREEN, GREEN, RED, GREEN, GREEN))
    assert (verdict.state, verdict.reason) == ("flaky", "reference")
    message = explain(verdict)["message"]
    assert "on the reference (a correct implementation) it failed 1 of 5 runs" in message


def test_a_test_that_fails_every_run_on_the_reference_still_has_a_wrong_expectation():
    assert judge(STEADY_RED, runs(RED, RED, RED, RED, RED)).state == "wrong-expectation"


def test_steady_runs_change_nothing_caught_and_fixed_stay():
    assert judge(STEADY_RED, STEADY_GREEN).state == "caught"
    fixed = judge(STEADY_RED, STEADY_GREEN, yours=STEADY_GREEN, reference_on_yours=GREEN)
    assert fixed.state == "fixed"


def test_the_students_own_code_disagreeing_with_itself_is_flaky():
    yours = runs(GREEN, GREEN, RED, GREEN, GREEN)
    verdict = judge(STEADY_RED, STEADY_GREEN, yours=yours, reference_on_yours=GREEN)
    assert (verdict.state, verdict.reason) == ("flaky", "yours")
    assert "on your code it failed 1 of 5 runs" in explain(verdict)["message"]


def test_runs_stopped_once_two_disagreed_are_counted_as_stopped_not_as_outcomes():
    stopped = result(status="cancelled")
    verdict = judge(runs(RED, GREEN, stopped, stopped, stopped), STEADY_GREEN)
    assert verdict.state == "flaky"
    message = explain(verdict)["message"]
    assert "failed 1 of 2 runs (3 more stopped once two disagreed)" in message
    assert judge(runs(RED, stopped, stopped, stopped, stopped), STEADY_GREEN).state == "caught"


def test_a_crash_in_one_run_only_is_an_outcome_that_disagrees():
    crashed = result(status="crashed")
    verdict = judge(runs(RED, crashed, RED, RED, RED), STEADY_GREEN)
    assert verdict.state == "flaky"
    assert "failed 4, crashed 1 of 5 runs" in explain(verdict)["message"]


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({"mutants": (RED, result(status="timeout"))}, "timeout"),
        ({"units": RED}, "unit-red"),
        ({"shipped": runs(result("failed", exc="NameError"), GREEN)}, "broken"),
    ],
    ids=["timeout", "unit-red", "broken"],
)
def test_timeout_unit_red_and_broken_come_before_flaky(changes, state):
    arguments = {"shipped": runs(RED, GREEN, RED), "reference": STEADY_GREEN, **changes}
    assert judge(**arguments).state == state


def test_a_repeat_over_its_bound_is_a_timeout():
    assert judge(runs(RED, result(status="timeout")), STEADY_GREEN).state == "timeout"


def test_the_message_names_the_seed_that_reproduces_the_runs_and_the_usual_causes(monkeypatch):
    for name in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS"):  # said as typed without make
        monkeypatch.delenv(name, raising=False)
    verdict = judge(runs(RED, GREEN), STEADY_GREEN)
    verdict.test_source = "import time\ntime.sleep(0.1)\n"
    words = explain(verdict)
    assert "KATA_SEED=40 python -m kata check 01" in words["message"]
    assert "Your test calls sleep()" in words["next_step"]
    assert "shared between tests" in words["next_step"]
    assert "wall clock" in words["next_step"]
    assert "no fixed order" in words["next_step"]
    verdict.test_source = "def test_x():\n    assert True\n"
    assert "sleep()" not in explain(verdict)["next_step"]


def test_the_json_carries_every_run_s_seed_and_outcome():
    verdict = judge(runs(RED, GREEN, result(status="cancelled")), STEADY_GREEN)
    shaped = verdict_json(verdict)
    assert (shaped["state"], shaped["status"], shaped["complete"]) == ("flaky", "fail", False)
    shipped = shaped["repeats"]["codes"][0]
    assert (shaped["repeats"]["seed"], shaped["repeats"]["runs"]) == (40, 5)
    assert shipped["code"] == "shipped" and shipped["steady"] is False
    assert shipped["runs"] == [
        {"seed": 40, "outcome": "failed"},
        {"seed": 41, "outcome": "passed"},
        {"seed": 42, "outcome": "cancelled"},
    ]
    assert json.loads(json.dumps(shaped)) == shaped


def test_a_lesson_that_does_not_repeat_says_so_in_the_json():
    verdict = decide(LESSON, GREEN, RED, [], None)
    assert verdict.repeats == [] and verdict_json(verdict)["repeats"] is None


def test_two_runs_of_one_code_that_disagree_settle_the_verdict_at_once():
    """The deciders and the other repeats still running are stopped: nothing can undo it."""
    done: list[Result | None] = [GREEN, RED, None, None, GREEN, None]
    deciders = {"planted": 1, "reference": 2, "other_fix": 3}
    assert _settled(done, GREEN, 1, deciders, (), repeats=[[1, 4, 5]])
    steady_so_far: list[Result | None] = [GREEN, RED, None, None, RED, None]
    assert not _settled(steady_so_far, GREEN, 1, deciders, (), repeats=[[1, 4, 5]])


def test_a_bug_passed_once_settles_nothing_while_a_repeat_may_still_fail():
    done: list[Result | None] = [GREEN, GREEN, GREEN, GREEN, None]  # planted (1) passed
    deciders = {"planted": 1, "reference": 2, "other_fix": 3}
    assert not _settled(done, GREEN, 1, deciders, (), repeats=[[1, 4]])
    assert _settled(done, GREEN, 1, deciders, (), repeats=[[1]])  # misses-bug, as before


def test_the_seed_is_kata_seed_random_when_grading_and_fixed_for_the_cache(monkeypatch):
    monkeypatch.delenv("KATA_SEED", raising=False)
    assert first_seed(LESSON, use_cache=False) is None  # the lesson does not repeat
    assert first_seed(REPEATING, use_cache=True) == 0
    drawn = {first_seed(REPEATING, use_cache=False) for _ in range(20)}
    assert len(drawn) > 1 and all(seed is not None and seed % 2 == 0 for seed in drawn)
    monkeypatch.setenv("KATA_SEED", "1234")
    assert first_seed(REPEATING, use_cache=False) == 1234
    monkeypatch.setenv("KATA_SEED", "twelve")
    with pytest.raises(LessonError, match="KATA_SEED must be a whole number"):
        first_seed(REPEATING, use_cache=True)


def _perturbed(seed: int, body: str) -> list[object]:
    """What ``body`` appends to ``seen``, run in a new process perturbed from ``seed``;
    a held thread waits there at most a minute, so only a release lets it go sooner."""
    script = f"""
import json, sys, threading, time
from kata.runs import plugin
plugin.HELD = (60.0, 60.0)
plugin.Perturbation({seed}).install()
seen = []
def ran():
    seen.append("ran")
{body}
print(json.dumps(seen + [sys.getswitchinterval()]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    parsed: list[object] = json.loads(done.stdout)
    assert parsed[-1] == Perturbation(seed).switch_interval  # installed
    return parsed


def test_a_held_thread_waits_through_a_sleep_and_starts_when_joined():
    body = """
thread = threading.Thread(target=ran)
thread.start()
time.sleep(0.2)
seen.append("slept")
thread.join(30)
"""
    assert _perturbed(1, body)[:2] == ["slept", "ran"]  # odd seed: held


def test_a_held_thread_starts_when_anyone_waits_for_a_condition():
    body = """
done = threading.Event()
thread = threading.Thread(target=lambda: (ran(), done.set()))
thread.start()
seen.append(done.wait(30))
"""
    assert _perturbed(3, body)[:2] == ["ran", True]


def test_an_eager_thread_runs_while_its_starter_sleeps():
    body = """
thread = threading.Thread(target=ran)
thread.start()
deadline = time.monotonic() + 30
while not seen and time.monotonic() < deadline:
    time.sleep(0.001)
seen.append("looked")
thread.join(30)
"""
    assert _perturbed(0, body)[:2] == ["ran", "looked"]  # even seed: not held


def test_the_switch_interval_follows_the_seed():
    intervals = [Perturbation(seed).switch_interval for seed in (6, 6, 7, 8, 9, 10)]
    assert intervals[0] == intervals[1]
    assert len(set(intervals)) > 1


@pytest.mark.parametrize(
    ("repeat", "ok"), [(1, True), (5, True), (10, True), (0, False), (11, False), (-3, False)]
)
def test_verify_wants_repeat_to_be_a_small_positive_whole_number(repeat, ok):
    checks = [c for c in manifest_checks(replace(LESSON, repeat=repeat)) if "repeat" in c.name]
    assert [c.ok for c in checks] == [ok]


@pytest.mark.parametrize("written", ['"5"', "2.5", "true"])
def test_a_repeat_that_is_not_a_whole_number_is_a_clear_lesson_error(tmp_path, written):
    folder = tmp_path / "solutions" / "lesson_99_made_up"
    folder.mkdir(parents=True)
    (folder / "lesson.toml").write_text(f'title = "Made up"\nrepeat = {written}\n')
    with pytest.raises(LessonError, match="'repeat' must be a whole number"):
        load_lesson(folder, tmp_path)
    (folder / "lesson.toml").write_text('title = "Made up"\nrepeat = 5\n')
    assert load_lesson(folder, tmp_path).repeat == 5
