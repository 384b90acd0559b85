"""``grade._settled`` against ``grade.decide``: stopping runs early never changes a verdict.

While a verdict's runs go, ``_settled`` says whether those finished already decide it;
the runs still going are then stopped (reported ``cancelled``), except the protected
units run, which always finishes. ``_settled`` states the rules of ``decide`` in its own
words, for speed, so this test holds it to them, as a property over made-up results (no
process is started): for many partial result sets, drawn from a fixed seed, whenever
``_settled`` says settled, every way the remaining runs could end gives the verdict
``decide`` gives with them stopped.

A run still going can pass, fail as the bug makes a test fail, or be stopped: stopping
it is what keeps it from hanging or crashing, so those are no outcomes of a stopped run.
A ``flaky`` verdict is settled by any two runs of one code that disagree (the README:
"stop as soon as two of them disagree"): which code it names may depend on which
disagreement came first, so for ``flaky`` only the state must agree.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from kata.course.discover import PLANTED, Lesson
from kata.runs.model import Result, Run, TestRecord
from kata.verdict.grade import Repeated, VariantOutcome, _settled, decide
from kata.verdict.vocabulary import Code
from tests.test_verdict import LESSON

pytestmark = pytest.mark.portable  # in-process: the same on every system

#: The outcomes a finished run is drawn from, with their weights.
FINISHED = {
    "passed": 40,
    "failed": 40,
    "wrong-reason": 3,  # fails with a NameError: the test itself is wrong
    "timeout": 1,
    "crashed": 1,
    "collection": 1,  # the file cannot be collected
    "empty": 1,  # collects no test
    "skipped": 2,
}
#: How a run still going may end, as far as a verdict can tell when it is stopped.
PENDING_ENDS = ("passed", "failed", "cancelled")
#: Partial result sets drawn for each plan: enough to reach every rule, in well under a
#: second in all.
DRAWS = 200


def made(label: str, how: str, seed: int | None = None) -> Result:
    """A finished run of one test, ending ``how``."""
    run = Run(label, Path(label.replace(" ", "-")), (), seed=seed)
    if how in ("timeout", "crashed", "cancelled"):
        return Result(run, how, None, 0.0, "")
    if how == "empty":
        return Result(run, "done", 5, 0.0, "")
    nodeid = "test_integration.py::test_x"
    if how == "collection":
        error = TestRecord(
            "test_integration.py", "test_integration.py", "error", "collect", "SyntaxError"
        )
        return Result(run, "done", 2, 0.0, "", 0, [], [error])
    outcome = "failed" if how in ("failed", "wrong-reason") else how
    exc = {"failed": "AssertionError", "wrong-reason": "NameError"}.get(how, "")
    test = TestRecord(nodeid, "test_integration.py", outcome, "call", exc, integration_marker=True)
    return Result(run, "done", 0 if outcome == "passed" else 1, 0.0, "", 1, [test])


@dataclass
class Plan:
    """A verdict's runs as ``plan_runs`` lays them out: which index answers what."""

    lesson: Lesson
    labels: list[str]
    yours: int
    units: int = 0
    reference: int | None = None  # the reference tests on the student's code
    variants: dict[str, int] | None = None
    repeats: dict[Code, list[int]] | None = None

    @property
    def deciders(self) -> dict[str, int]:
        variants = self.variants or {}
        return {n: i for n, i in variants.items() if self.lesson.variant(n).kind != "mutant"}

    def settled(self, done: Sequence[Result | None]) -> bool:
        """As ``grade.check`` asks it."""
        units = done[self.units]
        groups = list((self.repeats or {}).values())
        return _settled(
            done, units, self.yours, self.deciders, self.lesson.expected_failure, False, groups
        )

    def decide(self, results: Sequence[Result]) -> tuple[str, str]:
        variants = self.variants or {}
        outcomes = [  # in the manifest's order, as check() sorts them
            VariantOutcome(variant, results[variants[variant.name]])
            for variant in self.lesson.variants
        ]
        repeats = [
            Repeated(code, [results[i] for i in indices])
            for code, indices in (self.repeats or {}).items()
        ]
        verdict = decide(
            self.lesson,
            results[self.units],
            results[self.yours],
            outcomes,
            None if self.reference is None else results[self.reference],
            repeats=repeats,
        )
        return verdict.state, "" if verdict.state == "flaky" else verdict.reason


def plan(changed: bool, repeat: int) -> Plan:
    """The runs of LESSON: the student's code changed or not, repeated ``repeat`` times."""
    lesson = replace(LESSON, repeat=repeat)
    labels = ["units", "yours"]
    variants: dict[str, int] = {}
    reference = None
    if changed:
        labels.append("reference-on-yours")
        reference = 2
    else:
        variants[PLANTED] = 1  # the student's own run is the run on the shipped code
    for variant in lesson.variants:
        if variant.name not in variants:
            variants[variant.name] = len(labels)
            labels.append(f"variant {variant.name}")
    repeats: dict[Code, list[int]] = {}
    if repeat > 1:
        firsts: dict[Code, int] = {"shipped": variants[PLANTED], "reference": variants["reference"]}
        if changed:
            firsts["yours"] = 1
        for code, first in firsts.items():
            repeats[code] = [first, *range(len(labels), len(labels) + repeat - 1)]
            labels += [labels[first]] * (repeat - 1)
    return Plan(lesson, labels, 1, 0, reference, variants, repeats or None)


def draw(plan: Plan, rng: random.Random) -> list[Result | None]:
    """A partial result set: some runs finished (each ending some way), others going.
    Most repeats of a code end as its first run did, as a steady test's do."""
    hows, weights = list(FINISHED), list(FINISHED.values())
    going = rng.choice((0.05, 0.2, 0.45))  # how many runs are still going
    first = {index: indices[0] for indices in (plan.repeats or {}).values() for index in indices}
    ended: dict[int, str] = {}
    done: list[Result | None] = []
    for index, label in enumerate(plan.labels):
        how = rng.choices(hows, weights)[0]
        if label != "units" and how == "skipped":
            how = "passed"
        if first.get(index, index) != index and rng.random() < 0.8:
            how = ended[first[index]]
        ended[index] = how
        still = rng.random() < going
        done.append(None if still else made(label, how, index))
    return done


def completions(
    done: Sequence[Result | None], plan: Plan, rng: random.Random, most: int = 30
) -> list[list[Result]]:
    """Ways the runs still going may end: all of them when there are few, else a sample
    (every run stopped, every run passing and every run failing among them)."""
    going = [index for index, result in enumerate(done) if result is None]
    uniform = [tuple([end] * len(going)) for end in PENDING_ENDS]
    if len(PENDING_ENDS) ** len(going) <= most:
        ends = list(itertools.product(PENDING_ENDS, repeat=len(going)))
    else:
        ends = uniform + [tuple(rng.choice(PENDING_ENDS) for _ in going) for _ in range(most)]
    finished = []
    for chosen in ends:
        results = list(done)
        for index, end in zip(going, chosen, strict=True):
            results[index] = made(plan.labels[index], end, index)
        finished.append([result for result in results if result is not None])
    return finished


def counterexample(
    plan: Plan, settled: Callable[[Sequence[Result | None]], bool], draws: int, seed: int
) -> tuple[str, set[str]]:
    """A partial result set that ``settled`` calls settled though the runs still going
    could change the verdict ("": none found), and the states of those it checked."""
    rng = random.Random(seed)
    checked: set[str] = set()
    for _ in range(draws):
        done = draw(plan, rng)
        if not settled(done):
            continue
        protected = done[plan.units] is None  # the units run always finishes: each end
        for units in ("passed", "failed") if protected else (None,):
            given = list(done)
            if units is not None:
                given[plan.units] = made("units", units)
            verdicts = {plan.decide(results) for results in completions(given, plan, rng)}
            checked |= {state for state, _ in verdicts}
            if len(verdicts) > 1:
                shown = [
                    r and f"{r.run.label}: {r.status} {[t.outcome for t in r.tests]}" for r in given
                ]
                found = f"settled at {shown}, yet the verdict may be any of {sorted(verdicts)}"
                return found, checked
    return "", checked


@pytest.mark.parametrize(
    ("changed", "repeat"),
    [(False, 1), (True, 1), (False, 3), (True, 3)],
    ids=["unchanged", "changed", "unchanged-repeating", "changed-repeating"],
)
def test_a_settled_verdict_is_the_one_every_way_of_finishing_the_runs_gives(changed, repeat):
    made_plan = plan(changed, repeat)
    found, checked = counterexample(made_plan, made_plan.settled, draws=DRAWS, seed=22)
    assert found == ""
    early = {"timeout", "unit-red", "broken", "misses-bug", "wrong-expectation"}
    assert early | ({"flaky"} if repeat > 1 else set()) <= checked  # no rule left untried


def test_the_property_finds_a_verdict_settled_too_early():
    """A ``_settled`` that stops waiting for the mutants once the bug is caught is wrong:
    a mutant that survives turns ``fixed`` into ``caught``."""
    made_plan = plan(changed=True, repeat=1)

    def hasty(done: Sequence[Result | None]) -> bool:
        bug = done[made_plan.variants[PLANTED]]
        return made_plan.settled(done) or (bug is not None and not bug.passed)

    assert "may be any of" in counterexample(made_plan, hasty, draws=DRAWS, seed=22)[0]
