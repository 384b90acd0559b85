"""Say a verdict to people: plain text, colour when wanted, never a student's control codes.

Whatever a student's code wrote (pytest's output, a failure's details, a test's name
or message) is shown framed, each line behind a gutter (``│ ``), so no line of it can
pass for one of the kata's own: not a rule, a verdict or a "next:".

What machines read is shaped in ``kata/views/shapes.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from kata.course.controls import clean
from kata.course.discover import REFERENCE, Lesson
from kata.course.invocation import command
from kata.runs.model import Result, TestRecord
from kata.runs.runpaths import shown as shown  # where every path a student reads is made
from kata.verdict.advice import misses_bug_advice
from kata.verdict.grade import PASSES_ON_YOURS, Verdict

_COLOURS = {
    "fixed": "32",
    "caught": "32",
    "no-test": "33",
    "misses-bug": "33",
    "wrong-expectation": "33",
    "unit-red": "31",
    "broken": "31",
    "timeout": "31",
    "flaky": "35",
}


def wants_colour(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


#: What each line a student's code wrote is shown behind.
GUTTER = "│ "


def screen_width() -> int:
    """Columns of the terminal (or $COLUMNS); 80 when there is none, as for a pipe."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def _columns(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(line: str, width: int) -> list[str]:
    """``line`` cut into pieces of at most ``width`` columns (tabs expanded).

    A terminal would wrap a longer line itself, and the next row would start at
    the left edge, outside the gutter, where it could pass for the kata's own.
    """
    line = line.expandtabs()
    pieces: list[str] = []
    while True:
        end = _within(line, width)
        if end == len(line):
            return [*pieces, line]
        space = line.rfind(" ", width // 2, end)  # after a word, when one ends near the edge
        end = space + 1 if space > 0 else end
        pieces.append(line[:end])
        line = line[end:]


def _within(line: str, width: int) -> int:
    """How many characters of ``line`` fit in ``width`` columns (at least one)."""
    if line.isascii():
        return min(len(line), width)
    used = 0
    for index, char in enumerate(line):
        used += _columns(char)
        if used > width:
            return max(index, 1)
    return len(line)


@dataclass(frozen=True)
class Style:
    colour: bool
    width: int = field(default_factory=screen_width)

    def paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def untrusted(self, text: str, dim: bool = False) -> str:
        """Text a student's code wrote, framed: cleaned, each line behind the gutter and
        cut to the screen's width, any colour of ours reset after it."""
        gutter = self.dim(GUTTER.rstrip()) + " " if self.colour else GUTTER
        end = "\033[0m" if self.colour else ""
        lines = []
        for line in clean(text).split("\n"):
            for piece in fit(line, max(1, self.width - len(GUTTER))):
                if not piece:
                    lines.append(gutter.rstrip())
                else:
                    lines.append(gutter + (self.dim(piece) if dim else piece + end))
        return "\n".join(lines)

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def dim(self, text: str) -> str:
        return self.paint(text, "2")

    def rule(self, title: str, code: str = "1") -> str:
        line = f"── {title} " + "─" * max(3, 60 - len(title))
        return self.paint(line, code)

    def pytest_options(self, trusted: bool = False) -> tuple[str, ...]:
        """pytest's options for runs whose output a person reads.

        A student's run is never coloured: its output is cleaned of every control
        sequence, so pytest's colour could not survive. ``trusted``: only the
        kata's own lessons run (the demo), so pytest may colour as this style does.
        """
        colour = "yes" if trusted and self.colour else "no"
        return ("-v", "--tb=short", "--no-header", f"--color={colour}")


def banner(lesson: Lesson, style: Style) -> str:
    lines = [
        style.bold(f"Lesson {lesson.number} · {lesson.title}: {lesson.kind}"),
        f"  seam:  {lesson.seam}",
        f"  read:  {shown(lesson.folder / 'README.md')}",
        f"  write: {shown(lesson.student_file)}",
    ]
    return "\n".join(lines)


def one_line(text: str) -> str:
    """A student's words inside one of the kata's sentences: cleaned, on one line."""
    return " ".join(clean(text).split())


def _describe(test: TestRecord) -> str:
    what = test.message
    if test.exc_type and not what.startswith(test.exc_type):
        what = f"{test.exc_type}: {what}"
    return one_line(f"{test.nodeid}: {what}".rstrip(": "))


#: A frame in pytest's traceback: ``test_integration.py:12: in test_x`` (or ``: NameError``).
_FRAME = re.compile(r"^(?P<path>[^\s:<>]+\.py):(?P<line>\d+):", re.MULTILINE)
#: What pytest says went wrong, in a report: ``E       fixture 'clinet' not found``.
_ERROR = re.compile(r"^E\s+(\S.*)$", re.MULTILINE)
#: Where a fixture is requested: ``file lessons/…/test_integration.py, line 5``.
_FIXTURE_AT = re.compile(r"\bfile (?P<path>[^\s,<>]+\.py), line (?P<line>\d+)")


def _located(test: TestRecord, lesson: Lesson) -> str:
    """A failure as the student finds it: their file's path in the lesson and the line
    (the last frame in that file), the test, the error: never pytest's frames."""
    folder = shown(lesson.folder)
    wanted = test.file or test.nodeid.split("::", 1)[0]
    place, fallback = "", ""
    for match in [*_FRAME.finditer(test.details), *_FIXTURE_AT.finditer(test.details)]:
        path = match["path"].removeprefix(f"{folder}/")
        if path == wanted:
            place = f"{path}:{match['line']}"
        elif not path.startswith("/") and not fallback:
            fallback = f"{path}:{match['line']}"
    where = f"{folder}/{place or fallback or wanted}"
    test_name = test.nodeid.split("::", 1)[1] if "::" in test.nodeid else ""
    what = test.message
    if _FRAME.fullmatch(what + ":") and (said := _ERROR.findall(test.details)):
        what = said[-1]  # pytest names only the place: "fixture 'clinet' not found" says why
    if test.exc_type and not what.startswith(test.exc_type):
        what = f"{test.exc_type}: {what}"
    return one_line(f"{where}" + (f" ({test_name})" if test_name else "") + f": {what}")


#: Which hint each verdict would like to show: a nudge first, the answer last.
#: Missing unit tests named in a verdict; more are counted.
_LISTED = 6
HINT_FOR_STATE = {"no-test": 0, "misses-bug": 1, "wrong-expectation": 1, "caught": -1}


def hint_index(verdict: Verdict, revealed: int | None) -> int | None:
    """The hint a verdict shows (None: none).

    Never beyond those the student has seen, except the first: running a lesson
    again does not give more away; ``make hint-NN`` reveals the next one.
    """
    hints = verdict.lesson.hints
    wanted = HINT_FOR_STATE.get(verdict.state)
    if wanted is None or not hints:
        return None
    index = wanted % len(hints)
    if revealed is not None:  # the newest hint seen, or the first: `hint` reveals more
        index = min(index, max(revealed - 1, 0))
    return min(index, len(hints) - 1)


#: Each code a repeating lesson runs the student's test on, as the student reads it.
_CODE_NAMES = {
    "shipped": "the shipped code",
    "yours": "your code",
    "reference": "the reference (a correct implementation)",
}


def _tally(outcomes: list[str]) -> str:
    """``failed 3 of 5 runs``, or ``failed 1, crashed 1 of 2 runs``."""
    counts = {outcome: outcomes.count(outcome) for outcome in dict.fromkeys(outcomes)}
    if set(counts) <= {"passed", "failed"}:
        return f"failed {counts.get('failed', 0)} of {len(outcomes)} runs"
    return (
        ", ".join(f"{outcome} {n}" for outcome, n in counts.items()) + f" of {len(outcomes)} runs"
    )


def _flaky_words(verdict: Verdict) -> tuple[str, str]:
    """Message and next step for ``flaky``: the runs' outcomes, and the usual causes."""
    lesson = verdict.lesson
    unsteady = [repeated for repeated in verdict.repeats if not repeated.steady]
    told = "; ".join(
        f"on {_CODE_NAMES[repeated.code]} it {_tally(repeated.outcomes)}"
        + (f" ({repeated.stopped} more stopped once two disagreed)" if repeated.stopped else "")
        for repeated in unsteady
    )
    message = (
        f"Your test gives different results on the same code: {told}. A test that passes "
        "or fails by timing, order or luck says nothing either way: it is a defect."
    )
    if verdict.seed is not None:
        message += (
            f"\nEach run's threads were scheduled differently, from seed {verdict.seed}: "
            f"`KATA_SEED={verdict.seed} {command('check', lesson.number)}` schedules them alike."
        )
    sleeps = "sleep(" in verdict.test_source
    step = (
        "Your test calls sleep(): a sleep does not make another thread get anywhere. "
        if sleeps
        else ""
    )
    step += (
        "Wait for a condition instead (a join, an event, asking the database), every wait "
        "with a deadline. Other usual causes: state shared between tests (give each test "
        "its own data), the wall clock (pass the time in), results in no fixed order "
        "(sort them, or compare sets)."
    )
    return message, step


def next_lesson_text(lesson: Lesson, lessons: list[Lesson]) -> str:
    later = [other for other in lessons if int(other.number) > int(lesson.number)]
    if not later:
        return "That was the last lesson: well done."
    return f"Next: {command('lesson', later[0].number)} ({later[0].title})."


def _what_it_pins(verdict: Verdict) -> str:
    """Why a test that fails on a correct implementation is wrong, in the words of that
    implementation's ``assumes``: what the test took for granted, never how a fix works
    (the manifest's ``fix`` and wheat summaries are for authors and instructors)."""
    message = (
        "Your test fails on a correct implementation, so it pins an implementation detail, "
        "not the contract."
    )
    pinned = [o.variant for o in verdict.variants if o.variant.name == verdict.reason]
    if pinned and pinned[0].assumes:
        message += f" What it pins: {pinned[0].assumes.rstrip('.')}."
    if pinned and pinned[0].kind == REFERENCE:
        message += (
            " The solved lesson is judged reformatted, in other bytes: a test keyed to the "
            "components' source text fails there too."
        )
    return message


def explain(
    verdict: Verdict,
    lessons: list[Lesson] | None = None,
    revealed: int | None = None,
    quote: Callable[[str], str] = str,
) -> dict[str, str]:
    """Message, next step and hint for a verdict, as plain sentences.

    ``revealed``: how many hints the student has seen; the hint shown is at most the
    next one. What the student's code or test wrote (a test's name and message) comes
    cleaned, on one line, always at the end of a sentence, through ``quote``: text
    for people frames it there.
    """
    lesson = verdict.lesson
    where = shown(lesson.student_file)

    def describe(test: TestRecord) -> str:
        return quote(_describe(test))

    evidence = describe(verdict.evidence) if verdict.evidence else ""
    state, reason = verdict.state, verdict.reason
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
    elif state == "broken":
        if reason == "crashed":
            run = verdict.yours
            code = run.exit_code if run is not None else None
            message = (
                f"The test process ended without a report (exit code {code}). "
                "Does your test call os._exit() or end its own process?"
            )
        else:
            wrong = (
                "file cannot be collected"
                if reason == "collection"
                else "fails for the wrong reason"
            )
            located = quote(_located(verdict.evidence, lesson)) if verdict.evidence else ""
            message = f"Your test {wrong}: {located}"
        step = "That is an error in the test itself, not the seam bug: fix it and run again."
    elif state == "misses-bug":
        message = (
            "Your test passes on the shipped code, bug and all: it does not yet catch what "
            f"goes wrong at the seam ({lesson.seam})."
        )
        step = misses_bug_advice(
            verdict.test_source, lesson.components, command("hint", lesson.number)
        )
    elif state == "wrong-expectation":
        message = _what_it_pins(verdict)
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
        if lesson.scope == "shipped":  # a hand-out: nothing but the shipped code to judge on
            caught = (
                f"fails on the shipped code{bug_failure}. This repository has only the shipped "
                "code: correct implementations and mutants are tried when your work is graded"
            )
        survivors = [o.variant for o in verdict.mutants if not o.ok]
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
                    f"{describe(verdict.yours.failures[0])}"
                )
            elif reason == "reference-red" and reference is not None:
                failures = reference.collect_errors + reference.failures
                failures = failures or [t for t in reference.tests if t.outcome != "passed"]
                step = (
                    "Your components, with the shipped conftest.py and data files, still fail "
                    "the reference integration tests. A fix in a test file, fixture or hook "
                    "does not count: fix the component."
                    + (f" The first failure: {describe(failures[0])}" if failures else "")
                )
            elif reason == PASSES_ON_YOURS:
                step = (
                    "Your components pass your test and the unit tests: done, as far as this "
                    "repository can tell. Graded, your test must also pass on correct "
                    "implementations and fail on mutants. "
                    + next_lesson_text(lesson, lessons or [])
                )
            elif reason == "survivors":
                step = (
                    "Your fix works. The lesson is complete once your test also catches "
                    "every mutant named above: strengthen it, then run again."
                )
            else:
                step = (
                    "Now fix the contract on one side of the seam (and any unit test that "
                    "encoded the old contract), then run again."
                )
        for survivor in survivors:
            message += f"\nNot yet caught: {survivor.summary}"
            if survivor.killed_by:
                message += f"\n  It takes {survivor.killed_by}."
    elif state == "unit-red":
        if reason == "crashed":
            message = "The unit tests' process ended without a report."
        elif reason == "missing":
            gone = verdict.missing_units
            more = len(gone) - _LISTED
            listed = ", ".join(gone[:_LISTED]) + (f" and {more} more" if more > 0 else "")
            message = (
                f"Shipped unit tests are missing: {listed}. Only a unit test that encoded the "
                "old contract may be changed or removed; the others must still pass."
            )
        elif reason == "skipped":
            message = (
                "Unit tests were skipped, xfailed or deselected, and a unit test that does not "
                "run counts as red" + (f": {evidence}" if evidence else ".")
            )
        elif reason == "new-test-failed":
            message = f"A unit test you added fails: {evidence}"
        else:
            message = "Unit tests fail" + (f": {evidence}" if evidence else " (none ran).")
        step = (
            "If you changed the contract on purpose, that unit test encoded the old one: "
            "update it to the new contract. Otherwise undo the change that broke it."
        )
        if reason == "new-test-failed":
            step = (
                "It is yours, not one the lesson shipped: fix the test (an error such as a "
                "NameError is in the test itself) or the code it tests, then run again."
            )
    elif state == "flaky":
        message, step = _flaky_words(verdict)
        if evidence:
            message += f"\nOne run failed with {evidence}"
    elif state == "timeout":
        whose = {"units": "The unit tests", "yours": "Your test, on your own code,"}
        who = whose.get(reason, "Your test, on one of the lesson's implementations,")
        message = (
            f"{who} took too long and was stopped: an endless loop, or a wait that never "
            "returns (a lock another session holds, a thread never joined, a server that "
            "never answers), in a test or in the code."
        )
        step = "Find the loop or the wait (bound every wait with a timeout), then run again."
    else:  # pragma: no cover - decide() only returns the states above
        raise ValueError(state)
    if "unmarked" in verdict.notes:
        step += (
            "\nTip: mark your integration tests @pytest.mark.integration, so "
            '`pytest -m "not integration"` stays a fast unit loop.'
        )
    index = hint_index(verdict, revealed)
    hint = lesson.hints[index] if index is not None else ""
    return {"message": message, "next_step": step, "hint": hint}


def render(
    verdict: Verdict,
    style: Style,
    lessons: list[Lesson] | None = None,
    revealed: int | None = None,
    verbose_command: str = "",
) -> str:
    """The verdict block a student reads under the test output, safe to print.

    The kata's sentences start at the left edge; a student's words in them come
    framed on lines of their own. ``verbose_command``: the command that shows what a
    brief verdict leaves out (a broken test's traceback); empty, nothing is left out.
    """
    words = explain(verdict, lessons, revealed, lambda text: "\n" + style.untrusted(text))
    code = _COLOURS.get(verdict.state, "1")
    shipped = verdict.state == "caught" and verdict.lesson.scope == "shipped"
    state = f"{verdict.state} (shipped)" if shipped else verdict.state  # a hand-out's caught
    lines = [style.rule(f"verdict: {state}", f"1;{code}"), _ours(words["message"])]
    details = verdict.evidence.details if verdict.evidence else ""
    if verbose_command and brief(verdict):
        details = ""
        words["next_step"] += (
            f"\n`{verbose_command}` shows pytest's whole report, traceback included."
        )
    if verdict.state in ("broken", "unit-red", "wrong-expectation") and details:
        lines += ["", style.untrusted(details, dim=True), ""]
    if verdict.state == "broken" and verdict.reason == "crashed" and verdict.yours:
        lines += ["", style.untrusted(verdict.yours.output[-2000:], dim=True), ""]
    lines.append(style.bold("next: ") + _ours(words["next_step"]))
    index = hint_index(verdict, revealed)
    if words["hint"] and index is not None:  # numbered as `hint` numbers them
        lines.append(
            style.bold(f"hint {index + 1}/{len(verdict.lesson.hints)}: ") + clean(words["hint"])
        )
    return "\n".join(lines)


def brief(verdict: Verdict) -> bool:
    """A verdict whose own words say all a student needs, pytest's report aside: a test
    that cannot be collected or fails for a wrong reason (its file, line and error)."""
    return verdict.state == "broken" and verdict.reason in ("collection", "wrong-reason")


def _ours(text: str) -> str:
    """The kata's sentences as explain() gave them: a quote ends the line before it."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def write_output(result: Result | None, style: Style, stream: IO[str] = sys.stdout) -> None:
    """Pass a run's pytest output through, framed and cleaned of every control sequence."""
    if result is not None and result.status == "cancelled":
        stream.write("(not run: the verdict was already decided)\n")
    elif result is not None:
        text = style.untrusted(result.output.rstrip("\n"))
        stream.write(text + "\n")
        if result.cached:
            stream.write("(nothing it depends on changed since it last ran: result reused)\n")
