"""Every JSON the kata prints, shaped in one place.

A verdict is one object per lesson, shaped after Exercism's test-runner
``results.json`` (``version``, ``status`` = pass/fail/error, ``message``, ``tests``);
``check --all`` wraps them with who and when, for an instructor's class view.
Fields are only ever added, so a reader of version 1 keeps working. Every string
is cleaned of control sequences: a test's name, output and messages are the
student's, and a JSON reader may print them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from kata import ROOT
from kata.course.controls import clean
from kata.course.invocation import command
from kata.runs.sandbox import protections

if TYPE_CHECKING:
    from kata.course.discover import Lesson
    from kata.runs.model import Result
    from kata.verdict.grade import Verdict
    from kata.verdict.progress import Row
    from kata.verdict.soundness import LessonReport

VERSION = 1
_STATUS = {"fixed": "pass", "broken": "error", "timeout": "error"}


def plain(shaped: dict[str, Any]) -> dict[str, Any]:
    """``shaped`` with every string in it, keys too, cleaned of control sequences."""
    return {clean(key): _plain(item) for key, item in shaped.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return plain(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def who() -> dict[str, str]:
    """The student or repository, where known: a class report names its rows by it."""
    return {
        "student": os.environ.get("KATA_STUDENT", "") or os.environ.get("GITHUB_ACTOR", ""),
        "repository": os.environ.get("GITHUB_REPOSITORY", "") or ROOT.name,
    }


def _tests_json(result: Result | None) -> list[dict[str, Any]]:
    if result is None:
        return []
    status = {"passed": "pass", "failed": "fail", "error": "error", "skipped": "skip"}
    records = [*result.collect_errors, *result.tests]
    return [
        {
            "name": test.nodeid,
            "status": status.get(test.outcome, test.outcome),
            "exc_type": test.exc_type,
            "message": test.message,
            "duration": round(test.duration, 4),
        }
        for test in records
    ]


def verdict_json(
    verdict: Verdict, lessons: list[Lesson] | None = None, revealed: int | None = None
) -> dict[str, Any]:
    """One JSON object per lesson, shaped after Exercism's results.json."""
    lesson = verdict.lesson
    from kata.views.report import explain

    words = explain(verdict, lessons, revealed)
    units = verdict.units
    shaped = {
        "version": VERSION,
        "lesson": lesson.number,
        "name": lesson.name,
        "title": lesson.title,
        "state": verdict.state,
        "scope": lesson.scope,  # shipped: a hand-out's verdict, on the shipped code only
        "status": _STATUS.get(verdict.state, "fail"),
        "complete": verdict.complete,
        "message": words["message"],
        "next_step": words["next_step"],
        "hint": words["hint"],
        "tests": _tests_json(verdict.yours),
        "units": {
            "passed": sum(1 for t in units.tests if t.outcome == "passed") if units else 0,
            "failed": [t.nodeid for t in units.failures] if units else [],
            "reused": bool(units and units.cached),
            "ran": units is not None,  # not run: nothing but the integration test changed
        },
        "variants": [
            {
                "name": outcome.variant.name,
                "kind": outcome.variant.kind,
                "expected": outcome.expected,
                "outcome": outcome.outcome,
                "ok": outcome.ok,
                "reused": outcome.result.cached,
            }
            for outcome in verdict.variants
        ],
        "mutants": {
            "killed": verdict.killed,
            "total": len(verdict.mutants),
            "survivors": [
                {
                    "name": o.variant.name,
                    "summary": o.variant.summary,
                    "killed_by": o.variant.killed_by,
                }  # fmt: skip
                for o in verdict.mutants
                if not o.ok
            ],
        },
        "integrity": verdict.integrity,
        "sandbox": protections().as_json(),
        "duration": round(verdict.duration, 3),
        "repeats": _repeats_json(verdict),
    }
    return plain(shaped)


def _repeats_json(verdict: Verdict) -> dict[str, Any] | None:
    """A repeating lesson's runs of the student's test, by code (None: it does not repeat).

    ``seed`` is the first run's; each run names its own, and ``KATA_SEED=seed`` repeats
    the same perturbations. A run stopped once two others disagreed is ``cancelled``.
    """
    from kata.verdict.grade import outcome_of

    if verdict.seed is None:
        return None
    return {
        "seed": verdict.seed,
        "runs": verdict.lesson.repeat,
        "codes": [
            {
                "code": repeated.code,
                "steady": repeated.steady,
                "runs": [
                    {"seed": result.run.seed, "outcome": outcome_of(result)}
                    for result in repeated.results
                ],
            }
            for repeated in verdict.repeats
        ],
    }


def class_json(verdicts: Sequence[Verdict], lessons: list[Lesson]) -> dict[str, Any]:
    """Several lessons' verdicts: what ``check --all --json`` prints."""
    complete = sum(1 for verdict in verdicts if verdict.complete)
    shaped = {
        "version": VERSION,
        "status": "pass" if complete == len(verdicts) else "fail",
        "complete": complete,
        "total": len(verdicts),
        **who(),
        "checked_at": _now(),
        "sandbox": protections().as_json(),
        "lessons": [verdict_json(verdict, lessons) for verdict in verdicts],
    }
    return plain(shaped)


def graded_json(
    verdicts: Sequence[Verdict], lessons: list[Lesson], student: str, repository: str
) -> dict[str, Any]:
    """One repository judged by ``kata grade``: ``check --all --json``'s object, for ``student``."""
    shaped = class_json(verdicts, lessons)
    shaped.update(plain({"student": student, "repository": repository}))
    return shaped


def grading_error_json(student: str, repository: str, message: str) -> dict[str, Any]:
    """A repository ``kata grade`` could not judge: no lesson, the reason in ``message``."""
    shaped = {
        "version": VERSION,
        "status": "error",
        "message": message,
        "complete": 0,
        "total": 0,
        "student": student,
        "repository": repository,
        "checked_at": _now(),
        "sandbox": protections().as_json(),
        "lessons": [],
    }
    return plain(shaped)


def progress_json(rows: Sequence[Row], upcoming: Row | None) -> dict[str, Any]:
    shaped = {
        "lessons": [
            {
                "lesson": r.lesson.number,
                "name": r.lesson.name,
                "state": r.state,
                "scope": r.lesson.scope,
                "finished": r.finished,
                "cached": r.cached,
                "mutants": {"killed": r.killed, "total": r.mutants},
            }
            for r in rows
        ],
        "complete": sum(1 for r in rows if r.state == "fixed"),
        "next": upcoming.lesson.number if upcoming else None,
        "next_command": command("lesson", upcoming.lesson.number) if upcoming else None,
    }
    return plain(shaped)


def _result_json(result: Result) -> dict[str, Any]:
    return {
        "status": result.status,
        "exit_code": result.exit_code,
        "collected": result.collected,
        "duration": round(result.duration, 3),
        "tests": [asdict(test) for test in result.tests],
        "collect_errors": [asdict(test) for test in result.collect_errors],
    }


def verify_json(reports: Sequence[LessonReport]) -> dict[str, Any]:
    shaped = {
        "ok": all(report.ok for report in reports),
        "lessons": [
            {
                "lesson": report.lesson.number,
                "name": report.lesson.name,
                "ok": report.ok,
                "checks": [asdict(check) for check in report.checks],
                "runs": {label: _result_json(result) for label, result in report.runs.items()},
            }
            for report in reports
        ],
    }
    return plain(shaped)
