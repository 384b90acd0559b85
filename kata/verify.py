"""Prove a lesson is sound: what an author runs, and what the kata's own tests read.

For every lesson: the unit tests are green as shipped; the starter collects no
test; the reference integration tests are red on the planted bug for the reason
the manifest names, green on the solved lesson and on every other correct fix,
and red on every mutant; and the shipped lesson is the solved lesson with the
planted bug applied, file by file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from kata.discover import PLANTED, STUDENT_FILE, Lesson
from kata.grade import WRONG_REASON, unit_test_files
from kata.run import Result, Run, prepare, run_all, workspace
from kata.trees import SOLUTION_ONLY, build_variant, lesson_files

#: Files a planted overlay may not touch: the lesson text and its metadata.
NOT_BUG_FILES = {"README.md", "lesson.toml", STUDENT_FILE}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class LessonReport:
    lesson: Lesson
    checks: list[Check] = field(default_factory=list)
    runs: dict[str, Result] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def invariant_problems(lesson: Lesson) -> list[str]:
    """Where the shipped lesson is not the solved lesson plus the planted overlay."""
    overlay = lesson.solution / "variants" / PLANTED
    if not lesson.solution.is_dir():
        return [f"missing solution folder {lesson.solution}"]
    if not overlay.is_dir():
        return [f"missing planted overlay {overlay}"]
    problems = []
    bug_files = set(lesson_files(overlay))
    for name in sorted(bug_files & NOT_BUG_FILES):
        problems.append(f"the planted overlay must not contain {name}")
    solved = set(lesson_files(lesson.solution, skip=SOLUTION_ONLY))
    shipped = set(lesson_files(lesson.folder))
    for name in sorted((solved | bug_files) - shipped):
        problems.append(f"{name} is in the solution but not in the shipped lesson")
    for name in sorted(shipped - solved - bug_files):
        problems.append(f"{name} is in the shipped lesson but not in the solution")
    for name in sorted(shipped & (solved | bug_files)):
        actual = (lesson.folder / name).read_bytes()
        if name == STUDENT_FILE:
            starter = lesson.starter_file
            if not starter.is_file() or actual != starter.read_bytes():
                problems.append(f"{name} differs from the solution's starter/{name}")
            continue
        source = overlay if name in bug_files else lesson.solution
        if actual != (source / name).read_bytes():
            problems.append(f"{name} differs from {source.relative_to(lesson.solution.parent)}")
    return problems


def _split(result: Result, file: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Passed node ids and (node id, exception type) of failures, for one test file."""
    passed = [t.nodeid for t in result.tests if t.file == file and t.outcome == "passed"]
    failed = [
        (t.nodeid, t.exc_type or "?")
        for t in [*result.collect_errors, *result.tests]
        if t.file == file and t.failed
    ]
    return passed, failed


def judge(lesson: Lesson, runs: dict[str, Result]) -> list[Check]:
    """The checks of one lesson, from its run results."""
    checks = []
    units = runs["units as shipped"]
    checks.append(
        Check(
            "units green as shipped",
            units.passed,
            f"{units.status}, {units.collected} collected, failures: "
            f"{[t.nodeid for t in units.failures]}",
        )
    )
    starter = runs["starter"]
    checks.append(
        Check(
            "starter collects no test",
            starter.status == "done" and starter.collected == 0 and not starter.collect_errors,
            f"{starter.collected} collected, errors: {[e.message for e in starter.collect_errors]}",
        )
    )
    for variant in lesson.variants:
        result = runs[f"variant {variant.name}"]
        passed, failed = _split(result, STUDENT_FILE)
        other_failures = [t.nodeid for t in result.failures if t.file != STUDENT_FILE]
        label = f"reference tests on {variant.kind} {variant.name!r}"
        if result.status != "done":
            checks.append(Check(label, False, f"the run {result.status}: {result.output[-500:]}"))
            continue
        if variant.correct:
            ok = bool(passed) and not failed and not other_failures and not result.collect_errors
            detail = f"failed: {failed + [(n, 'unit') for n in other_failures]}"
            checks.append(Check(f"{label} are green", ok, detail))
        elif variant.kind == "bug":
            reasons = {kind for _, kind in failed}
            ok = bool(failed) and reasons <= set(lesson.expected_failure)
            detail = f"failures {failed}, expected types {list(lesson.expected_failure)}"
            checks.append(Check(f"{label} are red for the documented reason", ok, detail))
            checks.append(
                Check(
                    "unit tests green on the planted bug",
                    not other_failures,
                    f"failed: {other_failures}",
                )
            )
        else:
            wrong = [f for f in failed if f[1] in WRONG_REASON or f[1] == "CollectionError"]
            ok = bool(failed) and not wrong and not result.collect_errors
            checks.append(Check(f"{label} are red (mutant killed)", ok, f"failures: {failed}"))
    problems = invariant_problems(lesson)
    checks.append(Check("shipped = solved + planted bug", not problems, "; ".join(problems)))
    return checks


def verify(lessons: Sequence[Lesson], timeout: float = 60.0) -> list[LessonReport]:
    """Run and judge every lesson's integrity checks, all runs in parallel."""
    prepare(tuple({module for lesson in lessons for module in lesson.preload}))
    reports = [LessonReport(lesson) for lesson in lessons]
    with workspace() as work:
        planned: list[tuple[LessonReport, str, Run]] = []
        for index, report in enumerate(reports):
            lesson = report.lesson
            units = unit_test_files(lesson.folder)
            planned.append((report, "units as shipped", Run("units", lesson.folder, units)))
            planned.append((report, "starter", Run("starter", lesson.folder, (STUDENT_FILE,))))
            for number, variant in enumerate(lesson.variants):
                tree = build_variant(lesson, variant, work / f"l{index}" / f"t{number}")
                # Only the reference tests matter on a mutant; elsewhere the units too.
                units = () if variant.kind == "mutant" else unit_test_files(tree)
                targets = (*units, STUDENT_FILE)
                label = f"variant {variant.name}"
                planned.append((report, label, Run(f"{lesson.number} {label}", tree, targets)))
        results = run_all([run for _, _, run in planned], timeout)
    for (report, label, _), result in zip(planned, results, strict=True):
        report.runs[label] = result
    for report in reports:
        report.checks = judge(report.lesson, report.runs)
    return reports


def _result_json(result: Result) -> dict[str, Any]:
    return {
        "status": result.status,
        "exit_code": result.exit_code,
        "collected": result.collected,
        "duration": round(result.duration, 3),
        "tests": [asdict(test) for test in result.tests],
        "collect_errors": [asdict(test) for test in result.collect_errors],
    }


def to_json(reports: Sequence[LessonReport]) -> dict[str, Any]:
    return {
        "ok": all(report.ok for report in reports),
        "lessons": [
            {
                "lesson": report.lesson.number,
                "name": report.lesson.name,
                "ok": report.ok,
                "checks": [asdict(check) for check in report.checks],
                "runs": {label: _result_json(result) for label, result in report.runs.items()},
                "invariant": invariant_problems(report.lesson),
            }
            for report in reports
        ],
    }
