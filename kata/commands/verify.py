"""Prove a lesson is sound, as a checklist: what an author runs, and what CI runs strictly.

Every rule the kata holds a lesson to lives here, each check one line with its fix:
the manifest is complete (three hints or more, another correct fix, two mutants or
more, each with what kills it), the files a lesson needs exist, every variant's diff
applies, ``old_contract`` names exactly the unit tests the correct fixes change, the
README has its sections and its row in the lesson table, ``lessons/`` is what ``kata
sync`` writes, the samples cover the main verdicts; and, by running them: the unit
tests are green as shipped, the starter collects no test, and the reference
integration tests are red on the planted bug for the reason the manifest names, green
on every correct implementation (the reference's paraphrase included) and red on
every mutant; and every correct implementation passes them and the shipped unit
tests ``old_contract`` does not name, as a student's fix is judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kata import ROOT
from kata.commands.scaffold import NOT_VARIANT_FILES, lesson_samples, sample_problems
from kata.commands.sync import lesson_table, stale_editor_files, stale_files
from kata.course.diffs import PatchError, parse
from kata.course.discover import PARAPHRASE, PLANTED, REFERENCE, STUDENT_FILE, Lesson, LessonError
from kata.course.trees import build_shipped, build_variant, unit_test_files, unit_tests
from kata.runs.model import Result, Run
from kata.runs.run import common_imports, prepare, run_all
from kata.runs.scratch import workspace
from kata.runs.services import KNOWN, needed, started, with_services
from kata.verdict.grade import WRONG_REASON, reference_green, reference_run, yours_tree
from kata.verdict.soundness import Check, LessonReport

README_SECTIONS = (
    "## Learning goals",
    "## Warm-up",
    "## Concept",
    "```mermaid",
    "## Task",
    "## Real vs mock",
    "## Recap",
    "## Vocabulary",
    "## Going further",
)
#: The most runs ``repeat`` may ask for: each is as long as a run of the reference.
MOST_REPEATS = 10
#: Verdicts every lesson has a sample submission for, in tests/samples/<lesson>/.
SAMPLED_STATES = ("caught", "fixed", "misses-bug")
_LESSON_REFERENCE = re.compile(r"\blessons?[ _-]?(\d{2})\b", re.IGNORECASE)


_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation gone, spaces to -."""
    text = re.sub(r"[`*_\[\]()]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def broken_links(path: Path) -> list[str]:
    """The Markdown links of ``path`` whose file, or heading in a Markdown file, is missing.

    A relative link is read from the lesson's folder: ``solutions/<lesson>/`` and
    ``lessons/<lesson>/`` sit at the same depth, so a link works in both. Web links are
    not followed (the check runs offline).
    """
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            continue  # https:, mailto:: not ours to check
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and linked.is_file():
            headings = _HEADING.findall(linked.read_text(encoding="utf-8"))
            if anchor.lower() not in {_anchor(heading) for heading in headings}:
                broken.append(target)
    return broken


def _where(lesson: Lesson, name: str = "lesson.toml") -> str:
    return f"solutions/{lesson.name}/{name}"


def manifest_checks(lesson: Lesson) -> list[Check]:
    """The manifest says everything the kata and the students need."""
    manifest = _where(lesson)
    checks = []
    for field_name, value in (
        ("title", lesson.title),
        ("kind", lesson.kind),
        ("seam", lesson.seam),
    ):
        checks.append(
            Check(
                f"the manifest has a {field_name}",
                bool(value),
                "",
                f'set {field_name} = "..." in {manifest}',
            )
        )
    checks.append(
        Check(
            "the manifest describes the reference fix",
            lesson.variant(REFERENCE).summary != "the solved lesson",
            "",
            f'set fix = "..." (one line: what the solved lesson changed) in {manifest}',
        )
    )
    checks.append(
        Check(
            "the manifest says how many minutes",
            lesson.minutes > 0,
            "",
            f"set minutes in {manifest}",
        )
    )
    named = (*lesson.components, *lesson.not_components)
    missing = [c for c in named if not (lesson.solution / c).is_file()]
    checks.append(
        Check(
            "the components are named and exist",
            bool(lesson.components) and not missing,
            f"missing: {missing}" if missing else ("" if lesson.components else "none"),
            f"write the solved lesson's modules in solutions/{lesson.name}/: every one but "
            "the tests and conftest.py is a component, a file a student may fix; name the "
            f"modules a student may not fix in not_components = [...] in {manifest}",
        )
    )
    checks.append(
        Check(
            "three hints or more, from a nudge to the answer",
            len(lesson.hints) >= 3,
            f"{len(lesson.hints)} hint(s)",
            f"add hints to hints = [...] in {manifest}",
        )
    )
    bug = lesson.variant(PLANTED)
    checks.append(
        Check(
            "the planted bug is described, with the failure it causes",
            bool(bug.summary) and bool(lesson.expected_failure),
            "",
            f"set summary and expected_failure under [bug] in {manifest}",
        )
    )
    checks.append(
        Check(
            f"repeat is a small positive whole number (1 to {MOST_REPEATS})",
            1 <= lesson.repeat <= MOST_REPEATS,
            f"repeat = {lesson.repeat}",
            f"set repeat = 5 in {manifest} (how many runs show a flaky test), or remove it",
        )
    )
    unknown = [name for name in lesson.services if name not in KNOWN]
    checks.append(
        Check(
            "the services it needs are ones the kata can start",
            not unknown,
            f"unknown: {unknown}",
            f"services = [...] in {manifest} may name: {', '.join(KNOWN)}",
        )
    )
    correct = [v for v in lesson.variants if v.correct]
    checks.append(
        Check(
            "two correct implementations or more (the solution and another fix)",
            len(correct) >= 2,
            f"{len(correct)}",
            f"add a [[wheats]] entry to {manifest} and record its diff",
        )
    )
    unsaid = [v.name for v in lesson.variants if v.correct and not v.assumes]
    checks.append(
        Check(
            "every correct implementation says what a test that fails on it pins",
            not unsaid,
            f"without assumes: {unsaid}",
            f'set assumes = "..." (for the reference: beside fix; else in each [[wheats]] '
            f"entry) in {manifest}: what a test that fails on it took for granted, never "
            "how the fix works",
        )
    )
    mutants = lesson.mutants
    checks.append(
        Check(
            "two mutants or more, each saying what kills it",
            len(mutants) >= 2 and all(m.summary and m.killed_by for m in mutants),
            f"{len(mutants)} mutant(s); without summary or killed_by: "
            f"{[m.name for m in mutants if not (m.summary and m.killed_by)]}",
            f"add [[mutants]] entries with name, summary and killed_by to {manifest}",
        )
    )
    return checks


def file_checks(lesson: Lesson) -> list[Check]:
    """The solution folder has the files a lesson needs, and every variant's diff applies."""
    checks = []
    for name, what in (
        ("README.md", "the lesson text"),
        ("SOLUTION.md", "the bug, the fix and the other fix"),
        (STUDENT_FILE, "the reference integration tests"),
        (f"starter/{STUDENT_FILE}", "the student's starting file"),
    ):
        checks.append(
            Check(
                f"{name} exists ({what})",
                (lesson.solution / name).is_file(),
                "",
                f"write {_where(lesson, name)}",
            )
        )
    for name, source in lesson.shared_files.items():
        stored = source.relative_to(ROOT).as_posix()
        checks.append(
            Check(
                f"{name} is {stored}, stored once",
                not (lesson.solution / name).exists(),
                f"solutions/{lesson.name}/ has one of its own",
                f"remove {_where(lesson, name)}: every tree of the lesson gets {stored} (edit "
                f"that one), and `python -m kata sync` writes it into lessons/",
            )
        )
    for variant in lesson.variants:
        diff = lesson.diff_file(variant)
        if diff is None:
            continue
        problem = _variant_problem(lesson, diff)
        checks.append(
            Check(
                f"variants/{diff.name} applies ({variant.kind})",
                not problem,
                problem,
                f"record it: python -m kata variant {lesson.number} {variant.name} --to DIR, "
                f"edit DIR, then python -m kata variant {lesson.number} {variant.name} --from DIR",
            )
        )
    named = {f"{v.name}.diff" for v in lesson.variants}
    folder = lesson.solution / "variants"
    extra = (
        sorted(p.name for p in folder.iterdir() if p.name not in named) if folder.is_dir() else []
    )
    checks.append(
        Check(
            "every file in variants/ is a variant the manifest names",
            not extra,
            f"not named: {extra}",
            f"name them in {_where(lesson)} ([[wheats]] or [[mutants]]) or delete them",
        )
    )
    return checks


def _variant_problem(lesson: Lesson, diff: Path) -> str:
    if not diff.is_file():
        return "missing"
    try:
        touched = {patch.path for patch in parse(diff.read_text(encoding="utf-8"), diff.name)}
    except (PatchError, UnicodeDecodeError) as error:
        return str(error)
    forbidden = sorted(touched & NOT_VARIANT_FILES)
    if forbidden:
        return f"a variant may not change {forbidden}"
    with workspace() as work:
        try:
            build_variant(lesson, lesson.variant(diff.stem), work / "tree")
        except LessonError as error:
            return str(error)
    return ""


def old_contract_checks(lesson: Lesson) -> list[Check]:
    """``old_contract`` names the shipped unit tests a correct implementation changes
    or removes, and only tests whose code or module one changes: the grader lets a
    student change or remove those, and no other. (Those that fail on a correct
    implementation must be named too: the run checks say which.)"""
    manifest = _where(lesson)
    touched: set[str] = set()
    around: set[str] = set()  # changed, or in a module whose other code changed
    with workspace() as work:
        try:
            tree = build_variant(lesson, lesson.variant(PLANTED), work / "shipped")
        except LessonError:
            return []  # the planted diff does not apply: said by the file checks
        shipped, shipped_around = unit_tests(tree), unit_tests(tree, around=True)
        for variant in lesson.variants:
            if not variant.correct:
                continue
            try:
                tree = build_variant(lesson, variant, work / variant.name)
            except LessonError:
                continue  # said by the file checks
            theirs, theirs_around = unit_tests(tree), unit_tests(tree, around=True)
            touched |= {node for node, code in shipped.items() if theirs.get(node) != code}
            around |= {n for n, code in shipped_around.items() if theirs_around.get(n) != code}
    named = set(lesson.old_contract)
    unknown = sorted(named - set(shipped))
    unnamed = sorted(touched - named)
    kept = sorted(named - around - set(unknown))
    # pytest deselects by prefix: test_a would take test_ab with it.
    prefixed = sorted(n for n in shipped if n not in named and n.startswith(tuple(named)))
    return [
        Check(
            "every test old_contract names is a shipped unit test",
            not unknown,
            f"not in lessons/{lesson.name}'s unit tests: {unknown}",
            f"name shipped unit tests as test_file.py::test_name in old_contract in {manifest}",
        ),
        Check(
            "old_contract names every unit test a correct fix changes or removes, and only "
            "tests whose code or module one changes",
            not unnamed and not kept,
            f"changed or removed, not named: {unnamed}; named, kept with their module by "
            f"every correct fix: {kept}",
            f"list the unit tests that encode the planted contract in old_contract in {manifest}",
        ),
        Check(
            "no other shipped unit test's name begins with one old_contract names",
            not prefixed,
            f"deselected with them: {prefixed}",
            "rename those unit tests: the grader deselects old_contract's tests by prefix",
        ),
    ]


def text_checks(lesson: Lesson, lessons: Sequence[Lesson], root: Path = ROOT) -> list[Check]:
    """The texts: README sections, links to lessons that exist, the table row, samples."""
    checks = []
    readme = lesson.solution / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    missing = [section for section in README_SECTIONS if section not in text]
    checks.append(
        Check(
            "README.md has every section",
            not missing,
            f"missing: {missing}",
            f"add them to {_where(lesson, 'README.md')} (see solutions/lesson_01_*/README.md)",
        )
    )
    for name in ("README.md", "SOLUTION.md"):
        path = lesson.solution / name
        empty = _empty_sections(path.read_text(encoding="utf-8") if path.is_file() else "")
        checks.append(
            Check(
                f"{name} has no empty section",
                path.is_file() and not empty,
                f"nothing under: {empty}",
                f"write those sections of {_where(lesson, name)}",
            )
        )
    for name in ("README.md", "SOLUTION.md"):
        broken = broken_links(lesson.solution / name)
        checks.append(
            Check(
                f"{name}'s links point at files and headings that exist",
                not broken,
                f"no such target: {', '.join(broken)}",
                f"fix those links in {_where(lesson, name)} (relative to the lesson's folder)",
            )
        )
    numbers = {other.number for other in lessons}
    for name in ("README.md", "SOLUTION.md", f"starter/{STUDENT_FILE}"):
        path = lesson.solution / name
        body = path.read_text(encoding="utf-8") if path.is_file() else ""
        unknown = sorted({n for n in _LESSON_REFERENCE.findall(body) if n not in numbers})
        checks.append(
            Check(
                f"{name} names only lessons that exist",
                not unknown,
                f"names lesson(s) {unknown}",
                f"remove or reword those references in {_where(lesson, name)}",
            )
        )
    row = next(
        line
        for line in lesson_table([lesson]).splitlines()
        if line.startswith(f"| {lesson.number} ")
    )
    table = (root / "README.md").read_text(encoding="utf-8")
    checks.append(
        Check(
            "the README's lesson table has this lesson's row",
            row in table.splitlines(),
            f"expected {row!r}",
            "run `python -m kata sync` (it writes the table from the manifests)",
        )
    )
    samples = lesson_samples(lesson, root)
    found = {sample.name.split("__")[0] for sample in samples}
    absent = [state for state in SAMPLED_STATES if state not in found]
    checks.append(
        Check(
            "sample submissions for the main verdicts",
            not absent,
            f"no sample for: {absent}",
            f"record one per verdict: python -m kata sample {lesson.number} <verdict>__<label> "
            "--to DIR, edit DIR as a student would, then the same with --from DIR",
        )
    )
    fix = (
        f"re-record it: python -m kata sample {lesson.number} <its name> --to DIR, make its "
        "change again there (its diff shows it), then the same with --from DIR"
    )
    try:
        stale = sample_problems(lesson, root) if samples else []
    except LessonError as error:  # no shipped lesson to apply them to
        stale, fix = [str(error)], "fix the variants first"
    checks.append(
        Check("every sample applies to the shipped lesson", not stale, "; ".join(stale), fix)
    )
    position = [other.number for other in lessons].index(lesson.number)
    checks.append(
        Check(
            "the lessons are numbered from 01 without a gap",
            int(lesson.number) == position + 1,
            f"lesson {lesson.number} is number {position + 1} in order",
            "renumber the lesson folders in solutions/ (and run `python -m kata sync`)",
        )
    )
    return checks


def _empty_sections(text: str) -> list[str]:
    """The ``## `` headings with nothing written under them (code blocks count)."""
    empty, heading, body = [], None, False
    for line in [*text.splitlines(), "## (end)"]:
        if line.startswith("## "):
            if heading is not None and not body:
                empty.append(heading)
            heading, body = line[3:].strip(), False
        elif line.strip():
            body = True
    return empty


def editor_check(lessons: Sequence[Lesson], root: Path = ROOT) -> Check:
    stale = stale_editor_files(lessons, root)
    return Check(
        "the VS Code workspace and lessons/conftest.py are what `kata sync` writes",
        not stale,
        f"stale: {stale}",
        "run `python -m kata sync --all`",
    )


def sync_check(lesson: Lesson) -> Check:
    stale = stale_files(lesson) if lesson.solution.is_dir() else []
    return Check(
        "lessons/ is what `kata sync` writes from the solution",
        not stale,
        f"lessons/{lesson.name}: {', '.join(stale)}",
        f"run `python -m kata sync {lesson.number}` (a student's work there is backed up first)",
    )


def _split(result: Result, file: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Passed node ids and (node id, exception type) of failures, for one test file."""
    passed = [t.nodeid for t in result.tests if t.file == file and t.outcome == "passed"]
    failed = [
        (t.nodeid, t.exc_type or "?")
        for t in [*result.collect_errors, *result.tests]
        if t.file == file and t.failed
    ]
    return passed, failed


def run_checks(lesson: Lesson, runs: dict[str, Result]) -> list[Check]:
    """The checks of one lesson that need its tests run, from the run results."""
    checks = []
    solution = f"solutions/{lesson.name}/"
    shipped = runs.get(f"variant {PLANTED}")  # the unit tests as shipped run there too
    unit_records = [] if shipped is None else [t for t in shipped.tests if t.file != STUDENT_FILE]
    unit_failures = [t.nodeid for t in unit_records if t.outcome != "passed"]
    checks.append(
        Check(
            "unit tests green as shipped",
            bool(unit_records)
            and not unit_failures
            and shipped is not None
            and shipped.status == "done"
            and not shipped.collect_errors,
            f"{len(unit_records)} unit tests, not passed: {unit_failures}",
            f"the planted diff must keep the unit tests green: include the unit test that "
            f"encodes the wrong contract in variants/{PLANTED}.diff",
        )
    )
    starter = runs["starter"]
    checks.append(
        Check(
            "starter collects no test",
            starter.status == "done" and starter.collected == 0 and not starter.collect_errors,
            f"{starter.collected} collected, errors: {[e.message for e in starter.collect_errors]}",
            f"leave only a docstring and imports in {solution}starter/{STUDENT_FILE}",
        )
    )
    for variant in lesson.graded:
        result = runs.get(f"variant {variant.name}")
        if result is None:
            continue  # its diff does not apply: said above
        passed, failed = _split(result, STUDENT_FILE)
        other_failures = [t.nodeid for t in result.failures if t.file != STUDENT_FILE]
        label = f"reference tests on {variant.kind} {variant.name!r}"
        if variant.kind == PARAPHRASE:
            label = "reference tests on the reference, paraphrased,"
        if result.status != "done":
            checks.append(
                Check(label, False, f"the run {result.status}: {result.output[-500:]}", "")
            )
            continue
        if variant.correct:
            ok = bool(passed) and not failed and not other_failures and not result.collect_errors
            detail = f"failed: {failed + [(n, 'unit') for n in other_failures]}"
            fix = "a correct implementation passes the reference tests and its unit tests"
            checks.append(Check(f"{label} are green", ok, detail, fix))
        elif variant.kind == "bug":
            reasons = {kind for _, kind in failed}
            ok = bool(failed) and reasons <= set(lesson.expected_failure)
            detail = f"failures {failed}, expected types {list(lesson.expected_failure)}"
            fix = (
                "make the reference tests catch the bug, or correct expected_failure in "
                f"{solution}lesson.toml"
            )
            checks.append(Check(f"{label} are red for the documented reason", ok, detail, fix))
        else:
            wrong = [f for f in failed if f[1] in WRONG_REASON or f[1] == "CollectionError"]
            ok = bool(failed) and not wrong and not result.collect_errors
            checks.append(
                Check(
                    f"{label} are red (mutant killed)",
                    ok,
                    f"failures: {failed}",
                    f"add a reference test that fails on it by an assertion ({variant.killed_by})",
                )
            )
    for variant in lesson.graded:
        result = runs.get(f"shipped units on {variant.name}")
        if result is None or not variant.correct:
            continue
        red = [
            (t.nodeid, t.exc_type or t.outcome)
            for t in [*result.collect_errors, *result.tests]
            if t.outcome != "passed"
        ]
        name = "the reference, paraphrased," if variant.kind == PARAPHRASE else repr(variant.name)
        checks.append(
            Check(
                f"reference tests and shipped unit tests (old_contract deselected) on {name} "
                "are green",
                result.status == "done" and reference_green(lesson, result),
                f"the run {result.status}; not passed: {red}",
                f"a correct fix passes every shipped unit test that old_contract does not "
                f"name: name the ones it must change in {solution}lesson.toml",
            )
        )
    return checks


def static_checks(lesson: Lesson, lessons: Sequence[Lesson], root: Path = ROOT) -> list[Check]:
    """Every check that needs no test run."""
    checks = [*manifest_checks(lesson), *file_checks(lesson), *old_contract_checks(lesson)]
    checks += text_checks(lesson, lessons, root)
    checks.append(editor_check(lessons, root))
    try:
        checks.append(sync_check(lesson))
    except LessonError as error:
        checks.append(
            Check(
                "lessons/ is what `kata sync` writes", False, str(error), "fix the variants first"
            )
        )
    return checks


def _runnable(lesson: Lesson, checks: Sequence[Check]) -> bool:
    """The runs need the reference test, the starter and a planted diff that applies."""
    needed = (STUDENT_FILE, f"starter/{STUDENT_FILE}", f"variants/{PLANTED}.diff")
    return all(check.ok for check in checks if check.name.startswith(needed))


def verify(
    lessons: Sequence[Lesson],
    everything: Sequence[Lesson] | None = None,
    timeout: float = 60.0,
    quick: bool = False,
) -> list[LessonReport]:
    """Check every lesson; the runs of all lessons go in parallel.

    ``everything`` is every lesson (for numbering and links) when only some are checked.
    ``quick``: only the checks that need no test run (seconds faster, while writing).
    """
    known = list(everything if everything is not None else lessons)
    reports = [LessonReport(lesson, static_checks(lesson, known)) for lesson in lessons]
    if quick:
        return reports
    prepare(
        tuple(
            {m for lesson in lessons for m in (*lesson.preload, *common_imports(lesson.solution))}
        )
    )
    with workspace() as work:
        planned: list[tuple[LessonReport, str, Run]] = []
        for index, report in enumerate(reports):
            lesson = report.lesson
            if not _runnable(lesson, report.checks):
                report.checks.append(
                    Check(
                        "the tests run",
                        False,
                        "waiting for the reference test, the starter and variants/planted.diff",
                        "write those first; the run checks follow",
                    )
                )
                continue
            shipped = build_shipped(lesson, work / f"l{index}" / "shipped")
            planned.append((report, "starter", Run("starter", shipped, (STUDENT_FILE,))))
            for number, variant in enumerate(lesson.graded):
                try:
                    tree = build_variant(lesson, variant, work / f"l{index}" / f"t{number}")
                except LessonError:
                    continue  # said by the file checks
                # Only the reference tests matter on a mutant; elsewhere the units too.
                units = () if variant.kind == "mutant" else unit_test_files(tree)
                label = f"variant {variant.name}"
                run = Run(f"{lesson.number} {label}", tree, (*units, STUDENT_FILE))
                planned.append((report, label, run))
                if variant.correct:  # as a student's fix is judged: the shipped unit tests
                    on = yours_tree(lesson, tree, shipped, work / f"l{index}" / f"r{number}")
                    label = f"shipped units on {variant.name}"
                    planned.append((report, label, reference_run(lesson, on, shipped)))
        with started(needed(lessons)) as env:
            results = run_all(with_services([run for _, _, run in planned], env), timeout)
    for (report, label, _), result in zip(planned, results, strict=True):
        report.runs[label] = result
    for report in reports:
        if report.runs:
            report.checks += run_checks(report.lesson, report.runs)
    return reports
