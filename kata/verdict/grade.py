"""Judge a student's ``test_integration.py``: the verdict states of the README's table.

The student's test runs against every implementation the lesson knows, each built
from ``solutions/`` plus a variant's diff: it must fail on the planted bug and on
every mutant, and pass on every correct implementation. Every run, the student's
own included, happens in a copy; the student's lesson folder is only ever read.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal

from kata.course.discover import (
    PARAPHRASE,
    PARAPHRASED,
    PLANTED,
    REFERENCE,
    STUDENT_FILE,
    Lesson,
    LessonError,
    Variant,
)
from kata.course.trees import (
    build_in_random_order,
    build_variant,
    code_digest,
    copy_solution,
    copy_tree,
    lesson_files,
    new_salt,
    shadows,
    unit_test_files,
    unit_tests,
    with_test_file,
)
from kata.runs import cache
from kata.runs.model import Result, Run, TestRecord
from kata.runs.run import DEFAULT_TIMEOUT, NAME_LENGTH, common_imports, neutral_name
from kata.runs.runpaths import shown
from kata.runs.scratch import workspace
from kata.verdict.integrity import integrity_notes, link_notes
from kata.verdict.vocabulary import (
    CaughtReason,
    Code,
    Reason,
    RunOutcome,
    State,
    TimeoutReason,
    UnitRedReason,
    WrongExpectationReason,
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


def outcome_of(result: Result) -> RunOutcome:
    """``passed``, ``failed``, ``error`` (collection), or the run's status when not done."""
    if result.status != "done":
        return result.status
    if result.collect_errors:
        return "error"
    return "passed" if result.passed else "failed"


def steady(results: Iterable[Result | None]) -> bool:
    """Every finished run (not cancelled, not still going) had the same outcome."""
    finished = {outcome_of(r) for r in results if r is not None and r.status != "cancelled"}
    return len(finished) <= 1


@dataclass
class Repeated:
    """Every run of the student's test on one code, the first run included.

    ``results`` in the order of their seeds; a run stopped because others had already
    disagreed is ``cancelled`` and counts as no outcome.
    """

    code: Code
    results: list[Result]

    @property
    def outcomes(self) -> list[RunOutcome]:
        return [outcome_of(result) for result in self.results if result.status != "cancelled"]

    @property
    def stopped(self) -> int:
        return sum(1 for result in self.results if result.status == "cancelled")

    @property
    def steady(self) -> bool:
        return steady(self.results)


@dataclass
class VariantOutcome:
    """The student's test on one implementation, and whether that is what a good test does."""

    variant: Variant
    result: Result

    @property
    def expected(self) -> str:
        return "pass" if self.variant.correct else "fail"

    @property
    def outcome(self) -> RunOutcome:
        return outcome_of(self.result)

    @property
    def ok(self) -> bool:
        return self.outcome == ("passed" if self.variant.correct else "failed")


@dataclass
class Verdict:
    """What ``decide`` found: a ``state`` of the README's table, and the ``reason``
    (``vocabulary.REASONS``) that says which of its rules gave it."""

    lesson: Lesson
    state: State
    reason: Reason = ""
    units: Result | None = None
    yours: Result | None = None
    reference_on_yours: Result | None = None
    variants: list[VariantOutcome] = field(default_factory=list)
    evidence: TestRecord | None = None
    notes: list[str] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)  # shipped unit tests gone
    integrity: list[str] = field(default_factory=list)
    test_source: str = ""
    duration: float = 0.0
    repeats: list[Repeated] = field(default_factory=list)  # a repeating lesson's runs
    seed: int | None = None  # its first seed: KATA_SEED=seed reproduces its perturbations
    pinned: Variant | None = None  # wrong-expectation: the correct implementation it fails on
    timed_out: Run | None = None  # timeout: the run that took too long

    @property
    def complete(self) -> bool:
        return self.state == "fixed"

    @property
    def finished(self) -> bool:
        """As complete as this repository can tell: ``fixed``, or in a hand-out (which
        knows only the shipped code) caught with the student's own fix passing the test."""
        return self.complete or (self.state, self.reason) == ("caught", PASSES_ON_YOURS)

    @property
    def mutants(self) -> list[VariantOutcome]:
        return [outcome for outcome in self.variants if outcome.variant.kind == "mutant"]

    @property
    def killed(self) -> int:
        return sum(1 for outcome in self.mutants if outcome.ok)


#: A hand-out's ``caught``: the student's own components pass their test.
PASSES_ON_YOURS: CaughtReason = "passes-on-yours"

#: The student's test files: they travel with their test into every run of it.
TEST_INFRASTRUCTURE = (STUDENT_FILE, "conftest.py")


@dataclass
class Plan:
    """Which run answers which question; built by ``plan_runs``."""

    planted_tree: Path  # the shipped code, never run: what integrity notes compare with
    runs: list[Run] = field(default_factory=list)
    variant_runs: list[tuple[Variant, int]] = field(default_factory=list)
    units_index: int | None = None
    yours_index: int = 1
    reference_index: int | None = None
    deleted_units: tuple[str, ...] = ()
    shipped_units: tuple[str, ...] = ()  # node ids, read before any run
    repeats: list[tuple[Code, list[int]]] = field(default_factory=list)  # first run first


#: Letters in a tree's name: as in every folder a run sees (``run.neutral_name``).
TREE_NAME_LENGTH = NAME_LENGTH


def tree_names(count: int) -> list[str]:
    """``count`` distinct random names for run trees, all of one length and alphabet:
    no index, no order, nothing that tells one run from another."""
    names: set[str] = set()
    while len(names) < count:
        names.add(neutral_name())
    return list(names)


def _copy(source: Path, destination: Path) -> Path:
    copy_tree(source, destination)
    return destination


def yours_tree(lesson: Lesson, student: Path, shipped: Path, destination: Path) -> Path:
    """The student's components in the shipped lesson, with the reference test and the
    shipped unit tests (``shipped``: the planted tree).

    Components (the manifest's list) and modules the student added come from the
    student; ``conftest.py``, data files, unit test modules and the reference test
    are the shipped ones, and no other test module is there: nothing in a test file,
    a fixture or a plugin the student wrote can make this run pass.
    """
    copy_solution(lesson, destination)
    for name in unit_test_files(destination):
        (destination / name).unlink()
    for name in unit_test_files(shipped):
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shipped / name, destination / name)
    known = set(lesson_files(destination))
    for name in lesson_files(student):
        base = Path(name).name
        added = name not in known and not _is_test_infrastructure(base)
        if added and shadows(name, known):
            continue  # it would be imported instead of a shipped module: the shipped one runs
        if name in lesson.components or added:
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(student / name, target)
    return with_test_file(destination, lesson.solution / STUDENT_FILE)


def reference_run(lesson: Lesson, tree: Path, shipped: Path, options: tuple[str, ...] = ()) -> Run:
    """The reference test and the shipped unit tests on ``tree`` (a ``yours_tree``).

    The unit tests the manifest names in ``old_contract`` are deselected, and a file
    of nothing else is not collected (a fix may leave it unable to import): a fix may
    change what they assert. Every other shipped unit test must pass on a fix.
    """
    named = set(lesson.old_contract)
    tests: dict[str, set[str]] = {}
    for node in unit_tests(shipped):
        tests.setdefault(node.split("::", 1)[0], set()).add(node)
    everything_named = {name for name, nodes in tests.items() if nodes <= named}
    files = [name for name in unit_test_files(shipped) if name not in everything_named]
    deselected = tuple(option for node in lesson.old_contract for option in ("--deselect", node))
    return Run("reference-on-yours", tree, (STUDENT_FILE, *files), (*options, *deselected))


def reference_green(lesson: Lesson, result: Result) -> bool:
    """Every test of a ``reference_run`` ran and passed: none failed, was skipped or
    xfailed, and none was deselected but the old-contract tests it leaves out."""
    ran = result.passed and all(test.outcome == "passed" for test in result.tests)
    return ran and (result.deselected == 0 or bool(lesson.old_contract))


def _is_test_infrastructure(base: str) -> bool:
    """A file pytest would load as a test module or conftest, or a text for people."""
    return base in ("README.md", "conftest.py") or (
        base.endswith(".py") and (base.startswith("test_") or base.endswith("_test.py"))
    )


def units_tree(student: Path, shipped: Path, destination: Path) -> Path:
    """The student's lesson with the shipped ``conftest.py`` files instead of theirs.

    The unit tests are judged with the fixtures they shipped with: a hook in the
    student's conftest cannot hide a red unit test.
    """
    copy_tree(student, destination)
    for name in lesson_files(destination):
        if Path(name).name == "conftest.py" and not (shipped / name).is_file():
            (destination / name).unlink()
    for name in lesson_files(shipped):
        if Path(name).name == "conftest.py":
            shutil.copyfile(shipped / name, destination / name)
    return destination


def plan_runs(
    lesson: Lesson,
    student: Path,
    work: Path,
    options: tuple[str, ...],
    display: bool = True,
    salt: str = "",
    seed: int | None = None,
) -> Plan:
    """Every run a verdict needs, each in its own copy under a random, neutral name.

    ``display``: someone reads the unit tests' output, so they run even when the
    student changed nothing but their integration test. ``salt``: for the paraphrase
    of the reference (random when grading; empty: the same paraphrase every time).
    ``seed``: the lesson repeats (``repeat`` in its manifest): every run of the student's
    test is perturbed from ``seed``, and their test runs ``repeat`` times on the shipped
    code, on their own code and on the reference, with seeds ``seed + 1``, ``seed + 2``…

    Every run, the student's own included, happens in a copy of a lesson tree with
    that copy as working directory and the same pytest options, so from inside a
    test the runs differ only in their implementation files.
    """
    # Every name is new: the student's snapshot is in ``work`` too.
    wanted = len(lesson.graded) + 7 + 3 * max(lesson.repeat - 1, 0)
    fresh = [name for name in tree_names(wanted) if not (work / name).exists()]
    names = iter(fresh)

    def tree() -> Path:
        return work / next(names)

    planted = lesson.variant(PLANTED)
    shipped = build_variant(lesson, planted, tree())  # never run, so never changed
    changed = code_digest(student) != code_digest(shipped)
    # The shipped starter collects no test (verify proves it): only the
    # student's two runs can matter, so no implementation is run against it.
    starter = lesson.starter_file
    untouched = starter.is_file() and starter.read_bytes() == (student / STUDENT_FILE).read_bytes()

    plan = Plan(shipped)
    builders: list[Callable[[Path], object]] = []
    destinations: list[Path] = []

    def planned(build: Callable[[Path], object]) -> Path:
        """Where the tree ``build`` makes will be: all are built at the end, in random order."""
        builders.append(build)
        destinations.append(tree())
        return destinations[-1]

    if changed or display:  # unchanged, the unit tests are the shipped ones: green (verify)
        plan.units_index = 0
        units = planned(partial(units_tree, student, shipped))
        plan.runs.append(Run("units", units, unit_test_files(student), options))
    plan.shipped_units = tuple(unit_tests(shipped))
    plan.deleted_units = tuple(
        name for name in unit_test_files(shipped) if not (student / name).is_file()
    )
    yours = Run("yours", planned(partial(copy_tree, student)), (STUDENT_FILE,), options)
    if untouched:
        plan.yours_index = len(plan.runs)
        plan.runs.append(yours)
        build_in_random_order(builders, destinations, tree())
        return plan

    # The rest start in random order within two groups, mutants last (they only matter
    # once the test is known to catch the bug): the order in which runs start, and so
    # their pids, says nothing about which implementation a run has. With the student's
    # code unchanged, their own run is the planted run, wherever it lands.
    def their_test_on(variant: Variant, destination: Path) -> None:
        if variant is planted:
            copy_tree(shipped, destination)
        elif variant.kind == REFERENCE:  # judged in other bytes: one run fewer, same behaviour
            build_variant(lesson, PARAPHRASED, destination, salt)
        else:
            build_variant(lesson, variant, destination, salt)
        for name in TEST_INFRASTRUCTURE:
            if (student / name).is_file():
                shutil.copyfile(student / name, destination / name)

    def with_their_test(variant: Variant) -> Run:
        target = planned(partial(their_test_on, variant))
        return Run(f"variant {variant.name}", target, (STUDENT_FILE,), options)

    Role = Literal["yours", "reference", "variant", "again"]
    Planned = tuple[Role, Variant | None, Run, Code | None]
    deciders: list[Planned] = []
    if changed:  # the student changed their code: it may be fixed
        deciders.append(("yours", None, yours, "yours"))
        if lesson.scope == "full":  # a hand-out has no reference tests
            reference = planned(partial(yours_tree, lesson, student, shipped))
            run = reference_run(lesson, reference, shipped, options)
            deciders.append(("reference", None, run, None))
        deciders.append(("variant", planted, with_their_test(planted), "shipped"))
    else:
        deciders.append(("yours", planted, yours, "shipped"))
    for correct in lesson.graded:
        if correct.correct and correct.kind != PARAPHRASE:  # the reference run is its paraphrase
            code: Code | None = "reference" if correct.kind == REFERENCE else None
            deciders.append(("variant", correct, with_their_test(correct), code))
    for role, answers_for, run, code in list(deciders):
        for k in range(1, lesson.repeat) if seed is not None and code is not None else ():
            if role == "yours":  # the same code again, in a tree built as the first one was
                again = replace(run, tree=planned(partial(copy_tree, student)))
            else:
                assert answers_for is not None  # a variant run
                again = with_their_test(answers_for)
            deciders.append(("again", None, replace(again, seed=(seed or 0) + k), code))
    mutants: list[Planned] = [
        ("variant", mutant, with_their_test(mutant), None) for mutant in lesson.mutants
    ]
    random.shuffle(deciders)
    random.shuffle(mutants)
    groups: dict[Code, list[int]] = {}
    for role, answers_for, run, code in [*deciders, *mutants]:
        index = len(plan.runs)
        seeded = role not in ("again", "reference") and seed is not None
        plan.runs.append(replace(run, seed=seed) if seeded else run)
        if role == "yours":
            plan.yours_index = index
        elif role == "reference":
            plan.reference_index = index
        if answers_for is not None:
            plan.variant_runs.append((answers_for, index))
        if code is not None and seed is not None:
            groups.setdefault(code, []).append(index)
    # Each code's runs in the order of their seeds, the first run (the one shown) first.
    plan.repeats = [
        (code, sorted(indices, key=lambda index: plan.runs[index].seed or 0))
        for code, indices in groups.items()
    ]
    build_in_random_order(builders, destinations, tree())
    return plan


def shown_as_the_lesson(lesson: Lesson, plan: Plan) -> Plan:
    """Every run's tree named in its output as the lesson folder it copies."""
    plan.runs = [replace(run, shown_as=shown(lesson.folder)) for run in plan.runs]
    return plan


def check(
    lesson: Lesson,
    timeout: float = DEFAULT_TIMEOUT,
    options: Sequence[str] = (),
    use_cache: bool = True,
) -> Verdict:
    """Run everything a verdict needs, in parallel, and decide it.

    ``options`` go to pytest in every run (the student reads two of them: units and
    their own test). ``use_cache`` False: every run is run, no stored result is read.
    """
    started = time.monotonic()
    if not lesson.student_file.is_file() or lesson.student_file.is_symlink():
        return Verdict(lesson, "no-test", reason="missing", duration=time.monotonic() - started)
    with workspace() as work:
        # One snapshot for every run, under a name as random as a run's.
        student = _copy(lesson.folder, work / tree_names(1)[0])
        salt = "" if use_cache else new_salt()  # cached results need the same paraphrase
        seed = first_seed(lesson, use_cache)
        plan = plan_runs(lesson, student, work, tuple(options), bool(options), salt, seed)
        plan = shown_as_the_lesson(lesson, plan)
        notes = link_notes(lesson.folder) + _integrity(lesson, student, plan.planted_tree)
        deciders = {v.name: index for v, index in plan.variant_runs if v.kind != "mutant"}
        groups = [indices for _, indices in plan.repeats]

        def settled(done: Sequence[Result | None]) -> bool:
            units = None if plan.units_index is None else done[plan.units_index]
            gone = missing_unit_tests(lesson, units, plan.shipped_units, plan.deleted_units)
            return _settled(
                done,
                units,
                plan.yours_index,
                deciders,
                lesson.expected_failure,
                bool(gone),
                groups,
            )

        preloads = [(*lesson.preload, *common_imports(lesson.solution))] * len(plan.runs)
        results = cache.run_all_cached(
            plan.runs,
            preloads,
            timeout,
            use_cache=use_cache,
            services=lesson.services if len(plan.runs) > 1 else (),  # a bare starter: no DB
            settled=settled,
            protected=1 if plan.units_index is not None else 0,
        )
        source = (student / STUDENT_FILE).read_text(encoding="utf-8", errors="replace")

    in_manifest = {variant.name: index for index, variant in enumerate(lesson.graded)}
    plan.variant_runs.sort(key=lambda item: in_manifest[item[0].name])  # stable for people
    outcomes = [VariantOutcome(variant, results[index]) for variant, index in plan.variant_runs]
    reference = plan.reference_index
    verdict = decide(
        lesson,
        units=None if plan.units_index is None else results[plan.units_index],
        yours=results[plan.yours_index],
        variants=outcomes,
        reference_on_yours=None if reference is None else results[reference],
        deleted_units=plan.deleted_units,
        shipped_units=plan.shipped_units,
        repeats=[Repeated(code, [results[i] for i in indices]) for code, indices in plan.repeats],
    )
    verdict.seed = seed if plan.repeats else None
    verdict.integrity = notes
    verdict.test_source = source
    verdict.duration = time.monotonic() - started
    return verdict


#: Names the first seed of a repeating lesson's runs, to reproduce their perturbations.
SEED_VARIABLE = "KATA_SEED"
#: Seeds are drawn below this bound: short enough to read out and type again.
SEEDS = 1_000_000


def first_seed(lesson: Lesson, use_cache: bool) -> int | None:
    """The seed of a repeating lesson's first runs (None: the lesson does not repeat).

    ``KATA_SEED`` if set; else random when grading, and 0 otherwise, so a student's
    rerun perturbs alike and reuses the cached results.
    """
    if lesson.repeat < 2:
        return None
    given = os.environ.get(SEED_VARIABLE, "").strip()
    if given:
        if not given.isdigit() or int(given) >= SEEDS:
            raise LessonError(f"{SEED_VARIABLE} must be a whole number below {SEEDS}")
        return int(given)
    return 0 if use_cache else random.randrange(0, SEEDS, 2)


#: When the integrity scan itself fails: a file deeper than a syntax tree can be read.
UNSCANNED = "a Python file is nested too deeply to scan: read the files yourself"


def _integrity(lesson: Lesson, student: Path, shipped: Path) -> list[str]:
    """The integrity notes; a file too deep to scan is a note, never the kata's crash."""
    try:
        return integrity_notes(lesson, student, shipped)
    except (RecursionError, MemoryError):
        return [UNSCANNED]


def _settled(
    done: Sequence[Result | None],
    units: Result | None,
    yours_index: int,
    deciders: dict[str, int],
    allowed: Sequence[str],
    units_missing: bool = False,
    repeats: Sequence[Sequence[int]] = (),
) -> bool:
    """Whether the runs finished so far decide the verdict, whatever the others say.

    ``units`` is the student's unit tests (None: not run), ``done[yours_index]`` their test;
    ``units_missing``: a shipped unit test is known to be gone (unit-red);
    ``deciders`` index the runs on the planted bug and the correct implementations;
    ``repeats`` the runs of each repeated code: two of them that disagree decide
    ``flaky`` at once, and until all agree nothing later in ``decide``'s order is
    decided. (A run stopped then could only have made a flaky test ``broken``.)
    The runs still going then cannot change the verdict, and are stopped. These rules
    restate ``decide``'s for speed; ``tests/test_settled.py`` holds them to it: whenever
    this says settled, every way the runs still going could end gives one verdict.
    """
    finished = [result for result in done if result is not None]
    if any(result.status == "timeout" for result in finished):
        return True
    yours = done[yours_index]
    if yours is None:
        return False  # the student's own run always finishes: they read it
    if units_missing or (units is not None and not units.passed):
        return True  # unit-red
    if (
        yours.status == "crashed"
        or yours.collect_errors
        or yours.collected == 0
        or _first_wrong_reason([yours], allowed) is not None
    ):
        return True  # no-test or broken
    if _disagreeing(done, repeats):
        return True  # flaky: no run still going can make the test steady again
    if any(done[index] is None for indices in repeats for index in indices):
        return False  # a repeat still to come may disagree
    decisive = {name: done[index] for name, index in deciders.items()}
    bug = decisive.get(PLANTED)
    if any(result is None for result in decisive.values()):
        return False
    correct = [result for name, result in decisive.items() if name != PLANTED]
    return (bug is not None and bug.passed) or any(
        result is not None and not result.passed for result in correct
    )  # misses-bug or wrong-expectation (or broken): mutants cannot change it


def _disagreeing(done: Sequence[Result | None], repeats: Sequence[Sequence[int]]) -> bool:
    """Two finished runs of the same code had different outcomes."""
    return any(not steady(done[i] for i in indices) for indices in repeats)


def _first_wrong_reason(results: Sequence[Result], allowed: Sequence[str]) -> TestRecord | None:
    for result in results:
        if result.collect_errors:
            return result.collect_errors[0]
        for test in result.failures:
            if test.exc_type in WRONG_REASON and test.exc_type not in allowed:
                return test
    return None


def base_id(nodeid: str) -> str:
    """A test's node id without its parameters: ``f.py::test_x[2]`` is ``f.py::test_x``."""
    return nodeid.split("[", 1)[0]


def missing_unit_tests(
    lesson: Lesson,
    units: Result | None,
    shipped_units: Sequence[str],
    deleted_units: Sequence[str] = (),
) -> list[str]:
    """The shipped unit tests (base node ids) the student's units run lacks.

    Those the manifest names as encoding the old contract may go. A test is gone when
    its file was deleted, or when the units run collected its file without error and
    not the test (a collection error is reported as such, not as missing tests).
    """
    gone = set(deleted_units)
    collected = None
    if units is not None and units.status == "done" and not units.collect_errors:
        collected = {base_id(test.nodeid) for test in units.tests}
    return [
        node
        for node in shipped_units
        if node not in lesson.old_contract
        and (node.split("::", 1)[0] in gone or (collected is not None and node not in collected))
    ]


def _added_by_the_student(test: TestRecord | None, shipped_units: Sequence[str]) -> bool:
    """``test`` is a unit test (or, for a collection error, a file) the lesson did not
    ship; known only when the shipped ones are."""
    if test is None or not shipped_units:
        return False
    if test.when == "collect":
        return test.nodeid.split("::", 1)[0] not in {n.split("::", 1)[0] for n in shipped_units}
    return base_id(test.nodeid) not in shipped_units


def decide(
    lesson: Lesson,
    units: Result | None,
    yours: Result,
    variants: list[VariantOutcome],
    reference_on_yours: Result | None,
    deleted_units: Sequence[str] = (),
    shipped_units: Sequence[str] = (),
    repeats: Sequence[Repeated] = (),
) -> Verdict:
    """The verdict, from run results alone (no process is started here): the one place
    where a verdict is decided, tested directly with made-up results.

    The first rule that holds decides: ``timeout``; ``unit-red``; ``broken`` (or
    ``no-test``); ``flaky``; ``misses-bug``; ``wrong-expectation``; ``caught`` or
    ``fixed``. ``repeats``: every run of the student's test on each code a repeating
    lesson runs it on several times. ``flaky`` comes before the verdicts that read one
    outcome per code: a test that fails 2 of 5 runs on the bug has not caught it, nor
    missed it, and one that fails some runs on the reference has no wrong expectation
    but a dependence on timing. A run that hangs, unit tests that fail and a test that
    cannot run say more precisely what to fix, so they come first.
    """

    def given(state: State, reason: Reason, evidence: TestRecord | None = None) -> Verdict:
        return Verdict(lesson, state, reason, units, yours, reference_on_yours, variants,
                       evidence, repeats=list(repeats))  # fmt: skip

    ran: list[tuple[Result | None, TimeoutReason]] = [  # in the order a timeout is looked for
        (units, "units"),
        (yours, "yours"),
        *((outcome.result, _what_ran(outcome.variant)) for outcome in variants),
        *((result, _code_ran(each.code)) for each in repeats for result in each.results),
        (reference_on_yours, "reference-tests"),
    ]
    slow = next(((r, what) for r, what in ran if r is not None and r.status == "timeout"), None)
    if slow is not None:
        verdict = given("timeout", slow[1])
        verdict.timed_out = slow[0].run
        return verdict
    missing = missing_unit_tests(lesson, units, shipped_units, deleted_units)
    if missing:
        verdict = given("unit-red", "missing")
        verdict.missing_units = missing
        return verdict
    if units is not None and units.status != "cancelled" and not units.all_passed:
        red: UnitRedReason = "crashed" if units.status == "crashed" else "failed"
        failures = units.collect_errors + units.failures
        if units.passed:  # nothing failed: something was skipped, xfailed or deselected
            red = "skipped"
            failures = [test for test in units.tests if test.outcome != "passed"]
        first = failures[0] if failures else None
        if red == "failed" and _added_by_the_student(first, shipped_units):
            red = "new-test-failed"
        return given("unit-red", red, first)
    if yours.status == "crashed":
        return given("broken", "crashed")
    if yours.collect_errors:
        return given("broken", "collection", yours.collect_errors[0])
    if yours.collected == 0:
        return given("no-test", "empty")

    must_work = [o for o in variants if o.variant.correct or o.variant.kind == "bug"]
    if any(o.result.status == "crashed" for o in must_work):
        return given("broken", "crashed")
    wrong = _first_wrong_reason([yours, *(o.result for o in must_work)], lesson.expected_failure)
    if wrong is not None:
        return given("broken", "wrong-reason", wrong)

    bug = next((o for o in variants if o.variant.kind == "bug"), None)
    if bug is None:  # nothing was run against an implementation: the starter's tests only
        return given("no-test", "empty")
    unsteady = _unsteady(repeats)
    if unsteady is not None:
        failed = (test for result in unsteady.results for test in result.failures)
        return given("flaky", unsteady.code, next(failed, None))  # a failure maybe not seen
    if bug.result.passed:
        return given("misses-bug", "passes-on-bug")
    correct = [o for o in variants if o.variant.correct]
    pinned = [o for o in correct if not o.ok]
    if pinned:
        failures = pinned[0].result.collect_errors + pinned[0].result.failures
        how: WrongExpectationReason = "pins-a-detail"
        if len(pinned) == len(correct):  # the reference too: no detail, a wrong expectation
            how = "fails-on-every-correct"
        verdict = given("wrong-expectation", how, failures[0] if failures else None)
        verdict.pinned = pinned[0].variant
        return verdict

    verdict = given("caught", "unchanged", bug.result.failures[0] if bug.result.failures else None)
    if any(not test.integration_marker for test in yours.tests):
        verdict.notes.append("unmarked")
    if lesson.scope == "shipped":  # a hand-out: the shipped code is all there is to judge on
        # With their code unchanged, the student's own run is the run on the shipped code.
        if yours.run != bug.result.run:
            verdict.reason = PASSES_ON_YOURS if yours.passed else "own-test-red"
    elif reference_on_yours is None:
        verdict.reason = "unchanged"
    elif not yours.passed:
        verdict.reason = "own-test-red"
    elif not reference_green(lesson, reference_on_yours):
        verdict.reason = "reference-red"
    elif verdict.killed < len(verdict.mutants):
        verdict.reason = "survivors"  # fixed, but the test does not catch every mutant yet
    else:
        verdict.state, verdict.reason = "fixed", ""
    return verdict


def _what_ran(variant: Variant) -> TimeoutReason:
    """What a run of the student's test on ``variant`` ran, as a timeout names it."""
    if variant.kind == "bug":
        return "shipped"
    return "mutant" if variant.kind == "mutant" else "correct"


def _code_ran(code: Code) -> TimeoutReason:
    """What a repeated run of the student's test on ``code`` ran, as a timeout names it."""
    return "correct" if code == "reference" else code


def _unsteady(repeats: Sequence[Repeated]) -> Repeated | None:
    """The first code whose runs disagree: the shipped code, then the student's, then
    the reference (the order in which the student reads them)."""
    order: tuple[Code, ...] = ("shipped", "yours", "reference")
    ranked = sorted(repeats, key=lambda repeated: order.index(repeated.code))
    return next((repeated for repeated in ranked if not repeated.steady), None)
