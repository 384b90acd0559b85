"""Judge a student's ``test_integration.py``: the verdict states of DESIGN.md.

The student's test runs against every implementation the lesson knows, each built
from ``solutions/`` plus an overlay: it must fail on the planted bug (and ideally on
every mutant) and pass on every correct implementation. The student's own lesson
folder is only ever read.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kata import cache
from kata.discover import PLANTED, STUDENT_FILE, Lesson, Variant
from kata.run import DEFAULT_TIMEOUT, Result, Run, TestRecord, workspace
from kata.trees import build_variant, code_digest, copy_tree, lesson_files, with_test_file

STATES = (
    "no-test",
    "broken",
    "misses-bug",
    "wrong-expectation",
    "caught",
    "fixed",
    "unit-red",
    "timeout",
)

#: Failures that say the test itself is wrong, not the code under test.
WRONG_REASON = frozenset(
    {
        "ImportError",
        "ModuleNotFoundError",
        "NameError",
        "UnboundLocalError",
        "SyntaxError",
        "IndentationError",
        "TabError",
        "FixtureLookupError",
        "CollectionError",
        "SystemExit",
    }
)


@dataclass
class VariantOutcome:
    """The student's test on one implementation, and whether that is what a good test does."""

    variant: Variant
    result: Result

    @property
    def expected(self) -> str:
        return "pass" if self.variant.correct else "fail"

    @property
    def outcome(self) -> str:
        if self.result.status != "done":
            return self.result.status
        if self.result.collect_errors:
            return "error"
        return "passed" if self.result.passed else "failed"

    @property
    def ok(self) -> bool:
        return self.outcome == ("passed" if self.variant.correct else "failed")


@dataclass
class Verdict:
    lesson: Lesson
    state: str
    reason: str = ""
    units: Result | None = None
    yours: Result | None = None
    reference_on_yours: Result | None = None
    variants: list[VariantOutcome] = field(default_factory=list)
    evidence: TestRecord | None = None
    notes: list[str] = field(default_factory=list)
    duration: float = 0.0

    @property
    def complete(self) -> bool:
        return self.state == "fixed"

    @property
    def mutants(self) -> list[VariantOutcome]:
        return [outcome for outcome in self.variants if outcome.variant.kind == "mutant"]

    @property
    def killed(self) -> int:
        return sum(1 for outcome in self.mutants if outcome.ok)


def unit_test_files(folder: Path) -> tuple[str, ...]:
    """The lesson's unit test files: every ``test_*.py`` but the integration one."""
    return tuple(
        relative
        for relative in lesson_files(folder)
        if Path(relative).name.startswith("test_")
        and relative.endswith(".py")
        and relative != STUDENT_FILE
    )


def check(
    lesson: Lesson,
    timeout: float = DEFAULT_TIMEOUT,
    options: Sequence[str] = (),
) -> Verdict:
    """Run everything a verdict needs, in parallel, and decide it.

    ``options`` go to pytest for the two runs a student reads (units and their own test).
    """
    started = time.monotonic()
    if not lesson.student_file.is_file():
        return Verdict(lesson, "no-test", reason="missing", duration=time.monotonic() - started)
    with workspace() as work:
        test_copy = work / "student_test.py"
        shutil.copyfile(lesson.student_file, test_copy)  # one snapshot for every run
        names = iter(random.sample(range(100, 1000), len(lesson.variants) + 1))
        planted = lesson.variant(PLANTED)
        planted_tree = build_variant(lesson, planted, work / f"t{next(names)}")
        changed = code_digest(lesson.folder) != code_digest(planted_tree)
        # The shipped starter collects no test (verify proves it): only the
        # student's two runs can matter, so no implementation is run against it.
        starter = lesson.starter_file
        untouched = starter.is_file() and starter.read_bytes() == test_copy.read_bytes()

        runs = [
            Run("units", lesson.folder, unit_test_files(lesson.folder), tuple(options)),
            Run("yours", lesson.folder, (STUDENT_FILE,), tuple(options)),
        ]
        reference_index = None
        if changed and not untouched:  # the student changed their code: it may be fixed
            tree = work / f"t{next(names)}"
            copy_tree(lesson.folder, tree, skip={STUDENT_FILE})
            with_test_file(tree, lesson.solution / STUDENT_FILE)
            reference_index = len(runs)
            runs.append(Run("reference-on-yours", tree, (STUDENT_FILE,), ("-q", "--tb=short")))
        # Mutants last: they only matter once the test is known to catch the bug.
        ordered = sorted(lesson.variants, key=lambda variant: variant.kind == "mutant")
        if untouched:
            ordered = [] if changed else [planted]  # unchanged: the planted run is "yours"
        variant_runs: list[tuple[Variant, int]] = []
        for variant in ordered:
            if variant is planted and not changed:
                variant_runs.append((variant, 1))  # the student's own run *is* the planted bug
                continue
            if variant is planted:
                tree = planted_tree
            else:
                tree = build_variant(lesson, variant, work / f"t{next(names)}")
            with_test_file(tree, test_copy)
            variant_runs.append((variant, len(runs)))
            runs.append(Run(f"variant {variant.name}", tree, (STUDENT_FILE,), ("-q", "--tb=short")))
        deciders = {v.name: index for v, index in variant_runs if v.kind != "mutant"}

        def settled(done: Sequence[Result | None]) -> bool:
            return _settled(done, deciders, lesson.expected_failure)

        preloads = [lesson.preload] * len(runs)
        results = cache.run_all_cached(runs, preloads, timeout, settled=settled, protected=2)

    by_kind = {"reference": 0, "bug": 1, "wheat": 2, "mutant": 3}
    variant_runs.sort(key=lambda item: by_kind[item[0].kind])
    outcomes = [VariantOutcome(variant, results[index]) for variant, index in variant_runs]
    verdict = decide(
        lesson,
        units=results[0],
        yours=results[1],
        variants=outcomes,
        reference_on_yours=None if reference_index is None else results[reference_index],
    )
    verdict.duration = time.monotonic() - started
    return verdict


def _settled(
    done: Sequence[Result | None], deciders: dict[str, int], allowed: Sequence[str]
) -> bool:
    """Whether the runs finished so far decide the verdict, whatever the others say.

    ``done[0]`` and ``done[1]`` are the student's unit tests and their own test;
    ``deciders`` index the runs on the planted bug and the correct implementations.
    The runs still going then cannot change the verdict, and are stopped.
    """
    finished = [result for result in done if result is not None]
    if any(result.status == "timeout" for result in finished):
        return True
    units, yours = done[0], done[1]
    if units is not None and not units.passed:
        return True  # unit-red
    if yours is not None and (
        yours.status == "crashed"
        or yours.collect_errors
        or yours.collected == 0
        or _first_wrong_reason([yours], allowed) is not None
    ):
        return True  # no-test or broken
    decisive = {name: done[index] for name, index in deciders.items()}
    bug = decisive.get(PLANTED)
    if bug is not None and bug.status == "done" and bug.passed and deciders.get(PLANTED) == 1:
        return True  # misses-bug: the student's own run is the planted bug
    if any(result is None for result in decisive.values()):
        return False
    correct = [result for name, result in decisive.items() if name != PLANTED]
    return (bug is not None and bug.passed) or any(
        result is not None and not result.passed for result in correct
    )  # misses-bug or wrong-expectation (or broken): mutants cannot change it


def _first_wrong_reason(results: Sequence[Result], allowed: Sequence[str]) -> TestRecord | None:
    for result in results:
        if result.collect_errors:
            return result.collect_errors[0]
        for test in result.failures:
            if test.exc_type in WRONG_REASON and test.exc_type not in allowed:
                return test
    return None


def decide(
    lesson: Lesson,
    units: Result,
    yours: Result,
    variants: list[VariantOutcome],
    reference_on_yours: Result | None,
) -> Verdict:
    """The verdict, from run results alone (no process is started here)."""
    verdict = Verdict(lesson, "", "", units, yours, reference_on_yours, variants)
    judged = [units, yours, *(outcome.result for outcome in variants)]
    if reference_on_yours is not None:
        judged.append(reference_on_yours)
    slow = [result for result in judged if result.status == "timeout"]
    if slow:
        verdict.state = "timeout"
        verdict.reason = slow[0].run.label
        return verdict
    if units.status != "cancelled" and not units.passed:
        verdict.state = "unit-red"
        verdict.reason = "crashed" if units.status == "crashed" else "failed"
        failures = units.collect_errors + units.failures
        verdict.evidence = failures[0] if failures else None
        return verdict
    if yours.status == "crashed":
        verdict.state, verdict.reason = "broken", "crashed"
        return verdict
    if yours.collect_errors:
        verdict.state, verdict.reason = "broken", "collection"
        verdict.evidence = yours.collect_errors[0]
        return verdict
    if yours.collected == 0:
        verdict.state, verdict.reason = "no-test", "empty"
        return verdict

    must_work = [o for o in variants if o.variant.correct or o.variant.kind == "bug"]
    crashed = [o for o in must_work if o.result.status == "crashed"]
    if crashed:
        verdict.state, verdict.reason = "broken", "crashed"
        return verdict
    wrong = _first_wrong_reason([yours, *(o.result for o in must_work)], lesson.expected_failure)
    if wrong is not None:
        verdict.state, verdict.reason, verdict.evidence = "broken", "wrong-reason", wrong
        return verdict

    bug = next(o for o in variants if o.variant.kind == "bug")
    if bug.result.passed:
        verdict.state, verdict.reason = "misses-bug", "passes-on-bug"
        return verdict
    pinned = [o for o in variants if o.variant.correct and not o.ok]
    if pinned:
        verdict.state, verdict.reason = "wrong-expectation", pinned[0].variant.name
        failures = pinned[0].result.collect_errors + pinned[0].result.failures
        verdict.evidence = failures[0] if failures else None
        return verdict

    verdict.evidence = bug.result.failures[0] if bug.result.failures else None
    unmarked = [test.nodeid for test in yours.tests if not test.integration_marker]
    if unmarked:
        verdict.notes.append("unmarked")
    if reference_on_yours is not None and reference_on_yours.passed and yours.passed:
        verdict.state = "fixed"
        return verdict
    verdict.state = "caught"
    if reference_on_yours is None:
        verdict.reason = "unchanged"
    elif not yours.passed:
        verdict.reason = "own-test-red"
    else:
        verdict.reason = "reference-red"
    return verdict
