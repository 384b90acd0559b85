"""Say a verdict to people (plain text, colour when wanted) and to machines (JSON)."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import IO, Any

from kata import ROOT
from kata.discover import Lesson
from kata.grade import Verdict
from kata.run import Result, TestRecord

JSON_VERSION = 1
_STATUS = {"fixed": "pass", "broken": "error", "timeout": "error"}
_COLOURS = {
    "fixed": "32",
    "caught": "32",
    "no-test": "33",
    "misses-bug": "33",
    "wrong-expectation": "33",
    "unit-red": "31",
    "broken": "31",
    "timeout": "31",
}


#: Terminal control sequences (CSI, OSC, other escapes) and control characters but tab and
#: newline: a test's text must never repaint the screen or move the cursor.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)?"  # OSC: titles, links
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # every other control character, ESC and CR included
)


def clean(text: str) -> str:
    """Student-controlled text made safe to print: control sequences removed."""
    return _CONTROL.sub("", text)


def wants_colour(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


@dataclass(frozen=True)
class Style:
    colour: bool

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def dim(self, text: str) -> str:
        return self.paint(text, "2")

    def rule(self, title: str, code: str = "1") -> str:
        line = f"── {title} " + "─" * max(3, 60 - len(title))
        return self.paint(line, code)

    def pytest_options(self) -> tuple[str, ...]:
        """pytest's options for runs whose output a person reads, in this style."""
        return ("-v", "--tb=short", "--no-header", f"--color={'yes' if self.colour else 'no'}")


def shown(path: os.PathLike[str] | str) -> str:
    """A path as a student types it: relative to the repository when inside it."""
    try:
        return os.path.relpath(path, ROOT) if str(path).startswith(str(ROOT)) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def banner(lesson: Lesson, style: Style) -> str:
    lines = [
        style.bold(f"Lesson {lesson.number} · {lesson.title}: {lesson.kind}"),
        f"  seam:  {lesson.seam}",
        f"  read:  {shown(lesson.folder / 'README.md')}",
        f"  write: {shown(lesson.student_file)}",
    ]
    return "\n".join(lines)


def _describe(test: TestRecord) -> str:
    what = test.message
    if test.exc_type and not what.startswith(test.exc_type):
        what = f"{test.exc_type}: {what}"
    return f"{test.nodeid}: {what}".rstrip(": ")


def _hint(lesson: Lesson, index: int) -> str:
    if not lesson.hints:
        return ""
    return lesson.hints[min(index, len(lesson.hints) - 1)]


def next_lesson_text(lesson: Lesson, lessons: list[Lesson]) -> str:
    later = [other for other in lessons if int(other.number) > int(lesson.number)]
    if not later:
        return "That was the last lesson: well done."
    return f"Next: make lesson-{later[0].number} ({later[0].title})."


def explain(verdict: Verdict, lessons: list[Lesson] | None = None) -> dict[str, str]:
    """Message, next step and hint for a verdict, as plain sentences."""
    lesson = verdict.lesson
    where = shown(lesson.student_file)
    evidence = _describe(verdict.evidence) if verdict.evidence else ""
    state, reason = verdict.state, verdict.reason
    hint = ""
    if state == "no-test":
        if reason == "missing":
            message = f"There is no {where}."
            step = (
                f"Restore the starter (git checkout -- {where}) or create the file, "
                "then write your test in it."
            )
        else:
            message = f"{where} collects no test yet."
            step = (
                f"Write a test function (def test_...():) in {where} that runs the real "
                f"components across the seam: {lesson.seam}."
            )
        hint = _hint(lesson, 0)
    elif state == "broken":
        if reason == "crashed":
            run = verdict.yours
            code = run.exit_code if run is not None else None
            message = (
                f"The test process ended without a report (exit code {code}). "
                "Does your test call os._exit() or end its own process?"
            )
        elif reason == "collection":
            message = f"Your test file cannot be collected: {evidence}"
        else:
            message = f"Your test fails for the wrong reason: {evidence}"
        step = "That is an error in the test itself, not the seam bug: fix it and run again."
    elif state == "misses-bug":
        message = (
            "Your test passes on the shipped code, bug and all: it does not cross the seam "
            f"({lesson.seam})."
        )
        step = (
            "Let the real components meet: no hand-built data and no mock of either side. "
            "Assert on the outcome a user would see."
        )
        hint = _hint(lesson, 1)
    elif state == "wrong-expectation":
        wheat = lesson.variant(reason).summary if reason else "a correct implementation"
        message = (
            "Your test fails on a correct implementation, so it pins an implementation "
            f"detail, not the contract. The implementation: {wheat}"
        )
        if evidence:
            message += f"\nIt failed there with {evidence}"
        step = "Assert on what crosses the seam and matters to a user, not on how one side does it."
    elif state in ("caught", "fixed"):
        correct = [o for o in verdict.variants if o.variant.correct]
        bug_failure = f" ({verdict.evidence.exc_type})" if verdict.evidence else ""
        plural = "s" if len(correct) != 1 else ""
        caught = (
            f"fails on the shipped code{bug_failure}, passes on the {len(correct)} correct "
            f"implementation{plural}, and kills {verdict.killed}/{len(verdict.mutants)} mutants"
        )
        survivors = [o.variant.summary for o in verdict.mutants if not o.ok]
        if state == "fixed":
            message = (
                "Lesson complete. Your components pass your test, their unit tests and the "
                f"reference integration tests, and your test {caught}."
            )
            step = f"Compare with {shown(lesson.solution)}/ (SOLUTION.md). " + next_lesson_text(
                lesson, lessons or []
            )
        else:
            message = f"Your test catches the seam bug: it {caught}."
            reference = verdict.reference_on_yours
            if reason == "own-test-red" and verdict.yours and verdict.yours.failures:
                step = (
                    "Your own test still fails on your components: "
                    f"{_describe(verdict.yours.failures[0])}"
                )
            elif reason == "reference-red" and reference is not None:
                failures = reference.collect_errors + reference.failures
                step = "Your components still fail the reference integration tests" + (
                    f": {_describe(failures[0])}" if failures else "."
                )
            else:
                step = (
                    "Now fix the contract on one side of the seam, and the unit test that "
                    "encoded the old contract, then run again."
                )
            hint = _hint(lesson, len(lesson.hints) - 1)
        if survivors:
            message += "\nNot yet caught: " + "; ".join(survivors)
    elif state == "unit-red":
        if reason == "crashed":
            message = "The unit tests' process ended without a report."
        else:
            message = "Unit tests fail" + (f": {evidence}" if evidence else " (none ran).")
        step = (
            "If you changed the contract on purpose, that unit test encoded the old one: "
            "update it to the new contract. Otherwise undo the change that broke it."
        )
    elif state == "timeout":
        message = (
            f"A run took too long and was stopped ({reason}): an endless loop, or a wait "
            "that never returns, in a test or in the code."
        )
        step = "Find the loop or the wait, then run again."
    else:  # pragma: no cover - decide() only returns the states above
        raise ValueError(state)
    if "unmarked" in verdict.notes:
        step += (
            "\nTip: mark your integration tests @pytest.mark.integration, so "
            '`pytest -m "not integration"` stays a fast unit loop.'
        )
    return {"message": message, "next_step": step, "hint": hint}


def render(verdict: Verdict, style: Style, lessons: list[Lesson] | None = None) -> str:
    """The verdict block a student reads under the test output."""
    words = explain(verdict, lessons)
    code = _COLOURS.get(verdict.state, "1")
    lines = [style.rule(f"verdict: {verdict.state}", f"1;{code}"), words["message"]]
    details = verdict.evidence.details if verdict.evidence else ""
    if verdict.state in ("broken", "unit-red", "wrong-expectation") and details:
        lines += ["", style.dim(details), ""]
    if verdict.state == "broken" and verdict.reason == "crashed" and verdict.yours:
        lines += ["", style.dim(verdict.yours.output[-2000:]), ""]
    lines.append(style.bold("next: ") + words["next_step"])
    if words["hint"]:
        lines.append(style.bold("hint: ") + words["hint"])
    return "\n".join(lines)


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


def to_json(verdict: Verdict, lessons: list[Lesson] | None = None) -> dict[str, Any]:
    """One JSON object per lesson, shaped after Exercism's results.json."""
    lesson = verdict.lesson
    words = explain(verdict, lessons)
    units = verdict.units
    return {
        "version": JSON_VERSION,
        "lesson": lesson.number,
        "name": lesson.name,
        "title": lesson.title,
        "state": verdict.state,
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
        "mutants": {"killed": verdict.killed, "total": len(verdict.mutants)},
        "duration": round(verdict.duration, 3),
    }


def write_output(result: Result | None, stream: IO[str] = sys.stdout) -> None:
    """Pass a run's pytest output through as it was printed."""
    if result is not None and result.status == "cancelled":
        stream.write("(not run: the verdict was already decided)\n")
    elif result is not None:
        stream.write(result.output if result.output.endswith("\n") else result.output + "\n")
        if result.cached:
            stream.write("(nothing it depends on changed since it last ran: result reused)\n")
