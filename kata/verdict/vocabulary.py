"""The words a verdict is made of, each defined once: its states and the reasons for each.

A state is a row of the README's table ("How the grader judges your test"); a reason
says which rule of ``grade.decide`` gave it, so that the views can say why. Every
reason is a category: what a verdict is about in particular (the implementation a
test fails on, the run that took too long) is in a field of its own.
"""

from __future__ import annotations

from typing import Literal, get_args

State = Literal[
    "no-test",
    "broken",
    "misses-bug",
    "wrong-expectation",
    "caught",
    "fixed",
    "unit-red",
    "timeout",
    "flaky",
]
STATES: tuple[State, ...] = get_args(State)

#: The code a repeating lesson runs the student's test on several times.
Code = Literal["shipped", "yours", "reference"]

#: ``no-test``: there is no test file, or it collects no test.
NoTestReason = Literal["missing", "empty"]
#: ``broken``: a run ended without a report; the file cannot be collected; a test fails
#: for a reason that says the test itself is wrong (``grade.WRONG_REASON``).
BrokenReason = Literal["crashed", "collection", "wrong-reason"]
#: ``unit-red``: shipped unit tests gone; their run crashed; one failed; one did not run;
#: a unit test the student added fails.
UnitRedReason = Literal["missing", "crashed", "failed", "skipped", "new-test-failed"]
#: ``flaky``: the code whose runs disagree.
FlakyReason = Code
#: ``misses-bug``: the test passes on the shipped code.
MissesBugReason = Literal["passes-on-bug"]
#: ``wrong-expectation``: the test fails on every correct implementation, the reference
#: included (what it expects is wrong), or passes on some and fails on others (it pins a
#: detail in which they differ); ``Verdict.pinned`` is the first it fails on.
WrongExpectationReason = Literal["fails-on-every-correct", "pins-a-detail"]
#: ``caught``: the student has not changed their code yet; their own test fails on it;
#: their code fails the reference tests; mutants survive; in a hand-out, their code
#: passes their test (as far as a hand-out can tell, done).
CaughtReason = Literal["unchanged", "own-test-red", "reference-red", "survivors", "passes-on-yours"]
#: ``fixed`` needs no reason.
FixedReason = Literal[""]
#: ``timeout``: what ran too long (``Verdict.timed_out`` is the run): the unit tests, the
#: student's test on their own code, the reference tests on it, or the student's test on
#: the shipped code, a correct implementation or a mutant.
TimeoutReason = Literal["units", "yours", "reference-tests", "shipped", "correct", "mutant"]

Reason = Literal[
    NoTestReason,
    BrokenReason,
    UnitRedReason,
    FlakyReason,
    MissesBugReason,
    WrongExpectationReason,
    CaughtReason,
    FixedReason,
    TimeoutReason,
]

#: Every reason each state can have: the (state, reason) pairs a verdict can reach.
REASONS: dict[State, tuple[Reason, ...]] = {
    "no-test": get_args(NoTestReason),
    "broken": get_args(BrokenReason),
    "misses-bug": get_args(MissesBugReason),
    "wrong-expectation": get_args(WrongExpectationReason),
    "caught": get_args(CaughtReason),
    "fixed": get_args(FixedReason),
    "unit-red": get_args(UnitRedReason),
    "timeout": get_args(TimeoutReason),
    "flaky": get_args(FlakyReason),
}

#: What one run of a test says: ``passed``, ``failed``, ``error`` (its file could not be
#: collected), or how the run ended when it did not run to its end.
RunOutcome = Literal["passed", "failed", "error", "timeout", "crashed", "cancelled"]
