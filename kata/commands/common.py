"""What every verb shares: the verbs themselves, exit codes, errors, finding lessons, asking."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kata.course.invocation import command

if TYPE_CHECKING:
    from kata.course.discover import Lesson
    from kata.verdict.grade import Verdict
    from kata.views.report import Style


EXIT_OK, EXIT_NOT_YET, EXIT_USAGE, EXIT_CANNOT_RUN, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


VERBS = {
    "students": {
        "lesson": "run a lesson: banner, unit tests, your integration test, verdict",
        "check": "judge your test_integration.py (exit 0 only when the lesson is complete)",
        "progress": "every lesson's verdict, and the lesson to do next",
        "hint": "the next hint for a lesson (--all: every hint)",
        "watch": "run a lesson again on every save, then go on to the next (Ctrl-C stops)",
        "compare": "your lesson against the solution, as a diff",
        "reset": "restore the shipped lesson (your files are backed up first)",
        "units": "every lesson's unit tests (-m 'not integration')",
        "integration": "every lesson's integration tests (-m integration)",
        "list": "the lessons",
    },
    "instructors": {
        "demo": "walk through a lesson: units green, integration red, the fix, all green",
        "solutions-branch": "create or update the local git branch 'solutions'",
        "class-report": "one HTML page from many students' check --all --json results",
        "handout": "write the student repository without answers: handout DIR [--hints N] [--git]",
        "grade": "judge students' repositories as data, with this kata and your solutions",
        "grade-class": "grade a class: RESULTS/<student>.json per repository, jobs at once",
        "classroom-workflow": "print a GitHub Classroom workflow grading every lesson (--class)",
    },
    "authors": {
        "new": "scaffold a lesson: new NN slug (then verify NN lists what is missing)",
        "variant": "record a variant: variant NN NAME --to DIR, edit DIR, then --from DIR",
        "sample": "record a sample submission: sample NN VERDICT__LABEL --to DIR, then --from DIR",
        "sync": "write lessons/ and the README's lesson table from solutions/",
        "verify": "prove lessons are sound, as a checklist with the fix for each line",
        "test": "the kata's own tests, the fast ones (--all: every one, as CI runs them)",
        "setup": "create .venv and install the dependencies (--all: every lesson's too)",
        "help": "this text",
    },
}


ALL_VERBS = {verb: text for group in VERBS.values() for verb, text in group.items()}


#: Verbs that need the solutions (or the kata's own tests): a hand-out refuses them.
NEEDS_SOLUTIONS = frozenset(
    {
        "demo",
        "solutions-branch",
        "class-report",
        "handout",
        "new",
        "variant",
        "sample",
        "sync",
        "verify",
    }
)


#: What a hand-out offers: the students' verbs, set-up and this help.
IN_A_HANDOUT = (*VERBS["students"], "setup", "help")


#: What those verbs do in a hand-out, where they differ.
HANDOUT_TEXTS = {
    "check": "judge your test on the shipped code (exit 1: only grading completes a lesson)",
    "compare": "what you changed in a lesson, as a diff against the shipped lesson",
}


class UsageError(Exception):
    """The user asked for something that does not exist."""


class NotConfirmed(Exception):
    """A command that changes or reveals things could not ask: nobody at a terminal to
    answer, and no --yes."""


def all_lessons() -> list[Lesson]:
    from kata.course.discover import find_lessons

    return find_lessons()


def lesson_named(key: str) -> Lesson:
    from kata.course.discover import LessonError, find_lesson

    try:
        return find_lesson(key)
    except LessonError as error:
        if "there is no lesson" in str(error):
            raise UsageError(str(error)) from error
        raise


def named_or_all(keys: Sequence[str], every: bool, what: str) -> tuple[list[Lesson], list[Lesson]]:
    """Every lesson, and those the command names (``--all``: every one)."""
    if every == bool(keys):
        raise UsageError(f"name the lessons to {what} or use --all")
    lessons = all_lessons()
    return lessons, lessons if every else [lesson_named(key) for key in keys]


def time_bound(value: float | None) -> float:
    from kata.runs.run import DEFAULT_TIMEOUT

    if value is None:
        value = float(os.environ.get("KATA_TIMEOUT", DEFAULT_TIMEOUT))
    if not 0 < value <= 3600:
        raise UsageError("--timeout takes a number of seconds between 0 and 3600")
    return value


def in_a_handout() -> bool:
    from kata.course.discover import scope_here

    return scope_here() == "shipped"


def ask(prompt: str, default: bool) -> bool:
    """The answer typed at the terminal to ``prompt``: True for yes.

    ``prompt`` shows the choices, the default in capitals (``[Y/n]``). An empty line
    is the default, and so is the end of input (Ctrl-D; Ctrl-Z Enter on Windows): a
    question whose "yes" writes or reveals something has ``default=False``.
    """
    try:
        answer = input(prompt).strip().lower()
    except EOFError:
        print(flush=True)  # end the prompt's line: what follows starts on its own
        return default
    if not answer:
        return default
    return answer in ("y", "yes")


def confirm(question: str, yes: bool, verb: str, lesson: Lesson, declined: str) -> bool:
    """Go on (True) only with --yes or a 'y' typed at a terminal; otherwise do nothing.

    An answer "no" at the terminal is the person's choice, not a failure: ``declined`` is
    said and the command ends with exit 0 (False). With nobody at a terminal to answer,
    and no --yes, it is an error (``NotConfirmed``, exit 1). ``verb`` and ``lesson`` are
    the command's, to say how to answer in advance.
    """
    if yes:
        return True
    if not sys.stdin.isatty():
        raise NotConfirmed(
            f"{question} Nobody is at the keyboard to answer: add --yes "
            f"(`{command(verb, lesson.number, '--yes')}`)."
        )
    if ask(f"{question} [y/N] ", default=False):
        return True
    print(declined, flush=True)
    return False


def sandbox_checked(required: bool) -> None:
    """Say once when runs go unconfined; with ``required``, refuse to run them at all."""
    from kata.runs.sandbox import SandboxError, protections

    granted = protections()
    if granted.complete:
        return
    if required:
        raise SandboxError(
            f"the run sandbox is not available here ({granted.reason}); "
            "without --require-sandbox the kata runs tests unconfined and says so"
        )
    print(
        f"kata: tests run without the operating system's sandbox here ({granted.reason}): "
        "the verdict is honest feedback, not a grade.",
        file=sys.stderr,
    )


def grading_mode(as_json: bool, no_cache: bool) -> bool:
    """Grading never reads a cached result: CI set, --json, or --no-cache.

    GitHub Classroom's command grader strips the environment (no CI), so its
    workflow asks with --json or --no-cache.
    """
    return as_json or no_cache or bool(os.environ.get("CI"))


def install_extras(lessons: Sequence[Lesson]) -> None:
    from kata.course.extras import ensure

    ensure(lessons)


def show_lesson(lesson: Lesson, timeout: float, clear: bool = False, verbose: bool = False) -> bool:
    """Run a lesson and show everything; True when it is complete (``Verdict.finished``).

    ``clear`` (watch mode, on a terminal): start from a clean screen, and end with the
    verdict on one prominent line, as rustlings does. ``verbose``: pytest's report of a
    broken test too (else the verdict names its file, line and error).
    """
    from kata.verdict.grade import check
    from kata.views.report import Style, banner, brief, wants_colour, write_output

    install_extras([lesson])
    style = Style(wants_colour(sys.stdout))
    if clear and sys.stdout.isatty():
        sys.stdout.write("\033[2J\033[H")  # our own escape codes; a student's are removed
    print(banner(lesson, style), flush=True)
    verdict = check(lesson, timeout, style.pytest_options())
    print()
    print(style.rule("unit tests"))
    write_output(verdict.units, style)
    print(style.rule("your integration tests"))
    verb = "watch" if clear else "lesson"
    if verdict.state == "no-test" and verdict.reason == "missing":
        print("(no test_integration.py)")
    elif brief(verdict) and not verbose:
        print(f"(pytest's report of a broken test: `{command(verb, lesson.number, '--verbose')}`)")
    else:
        write_output(verdict.yours, style)
    say_verdict(verdict, style, "" if verbose else command(verb, lesson.number, "--verbose"))
    if clear:
        killed = f", {verdict.killed}/{len(verdict.mutants)} mutants" if verdict.mutants else ""
        line = f" lesson {lesson.number}: {verdict.state}{killed} · {time.strftime('%H:%M:%S')} "
        code = "1;32" if verdict.finished else "1;33"
        print("\n" + style.paint(f"━━{line}" + "━" * max(3, 58 - len(line)), code), flush=True)
    return verdict.finished


def say_verdict(verdict: Verdict, style: Style, verbose_command: str = "") -> None:
    """Print the verdict block. It shows no hint of the lesson's, only where the next
    one is (``make hint-NN``), counted from those the student has seen."""
    from kata.course.state import revealed_hints
    from kata.views.report import render

    revealed = revealed_hints(verdict.lesson)
    print(render(verdict, style, all_lessons(), revealed, verbose_command), flush=True)
