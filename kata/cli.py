"""The command line: ``python -m kata <verb> [lesson]``. Every Makefile target calls this.

Exit status: 0 done (for ``check``: every lesson judged is complete); 1 not yet
(``check``: a lesson is not ``fixed``; ``verify``: a check failed); 2 a usage
error, such as an unknown lesson; 3 the kata cannot run (set-up failed, a broken
lesson folder); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kata.discover import Lesson

EXIT_OK, EXIT_NOT_YET, EXIT_USAGE, EXIT_CANNOT_RUN, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

VERBS = {
    "lesson": "run a lesson: banner, unit tests, your integration test, verdict",
    "check": "judge your test_integration.py (exit 0 only when the lesson is complete)",
    "list": "the lessons",
    "verify": "(authors) prove lessons are sound: units, reference tests, variants",
    "setup": "create .venv and install the dependencies (done on first use anyway)",
    "test": "run the kata's own test suite",
    "help": "this text",
}


class UsageError(Exception):
    """The user asked for something that does not exist."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kata",
        description="The seam-bug kata: write the integration test that catches the bug.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in ("lesson", "check"):
        sub = verbs.add_parser(verb, help=VERBS[verb])
        if verb == "check":
            sub.add_argument("lesson", nargs="*", help="lesson numbers, e.g. 01 or 1 3")
            sub.add_argument("--all", action="store_true", help="judge every lesson")
            sub.add_argument("--json", action="store_true", help="print one JSON object")
        else:
            sub.add_argument("lesson", help="lesson number, e.g. 01 or 1")
        sub.add_argument(
            "--timeout",
            type=float,
            default=None,
            help="seconds one test run may take before it is killed (default 5)",
        )
    verify = verbs.add_parser("verify", help=VERBS["verify"])
    verify.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    setup = verbs.add_parser("setup", help=VERBS["setup"])
    setup.add_argument("--fresh", action="store_true", help="delete .venv and start again")
    test = verbs.add_parser("test", help=VERBS["test"])
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    verbs.add_parser("list", help=VERBS["list"])
    verbs.add_parser("help", help=VERBS["help"])
    return parser


def _lessons() -> list[Lesson]:
    from kata.discover import find_lessons

    return find_lessons()


def _lesson(key: str) -> Lesson:
    from kata.discover import LessonError, find_lesson

    try:
        return find_lesson(key)
    except LessonError as error:
        if "there is no lesson" in str(error):
            raise UsageError(str(error)) from error
        raise


def _timeout(value: float | None) -> float:
    from kata.run import DEFAULT_TIMEOUT

    if value is None:
        value = float(os.environ.get("KATA_TIMEOUT", DEFAULT_TIMEOUT))
    if not 0 < value <= 3600:
        raise UsageError("--timeout takes a number of seconds between 0 and 3600")
    return value


def cmd_help() -> int:
    print("The seam-bug kata: green unit tests, one broken seam, and your integration test.\n")
    print("Usage: make <verb>-NN   or   python -m kata <verb> NN\n")
    for verb, text in VERBS.items():
        print(f"  {verb:<8} {text}")
    print()
    cmd_list()
    print("\nStart with: make lesson-01")
    return EXIT_OK


def cmd_list() -> int:
    print("Lessons:")
    for lesson in _lessons():
        print(f"  {lesson.number}  {lesson.title}: {lesson.kind}  (~{lesson.minutes} min)")
    return EXIT_OK


def cmd_lesson(key: str, timeout: float | None) -> int:
    from kata.grade import check
    from kata.report import Style, banner, render, wants_colour, write_output

    lesson = _lesson(key)
    colour = wants_colour(sys.stdout)
    style = Style(colour)
    print(banner(lesson, style), flush=True)
    options = ("-v", "--tb=short", "--no-header", f"--color={'yes' if colour else 'no'}")
    verdict = check(lesson, _timeout(timeout), options)
    print()
    print(style.rule("unit tests"))
    write_output(verdict.units)
    print(style.rule("your integration tests"))
    if verdict.state == "no-test" and verdict.reason == "missing":
        print("(no test_integration.py)")
    else:
        write_output(verdict.yours)
    print(render(verdict, style, _lessons()))
    return EXIT_OK


def cmd_check(keys: Sequence[str], every: bool, as_json: bool, timeout: float | None) -> int:
    from kata.grade import check
    from kata.report import JSON_VERSION, Style, render, to_json, wants_colour

    if every == bool(keys):
        raise UsageError("name the lessons to judge (check 01, check 1 3) or use --all")
    lessons = _lessons()
    chosen = lessons if every else [_lesson(key) for key in keys]
    bound = _timeout(timeout)
    style = Style(wants_colour(sys.stdout))
    verdicts = []
    for lesson in chosen:
        verdict = check(lesson, bound)
        verdicts.append(verdict)
        if not as_json:
            print(style.bold(f"Lesson {lesson.number} · {lesson.title}"))
            print(render(verdict, style, lessons))
            print()
    complete = sum(1 for verdict in verdicts if verdict.complete)
    if as_json:
        objects = [to_json(verdict, lessons) for verdict in verdicts]
        if len(objects) == 1 and not every:
            print(json.dumps(objects[0], indent=2))
        else:
            out = {
                "version": JSON_VERSION,
                "status": "pass" if complete == len(verdicts) else "fail",
                "complete": complete,
                "total": len(verdicts),
                "lessons": objects,
            }
            print(json.dumps(out, indent=2))
    elif len(verdicts) > 1:
        print(f"{complete}/{len(verdicts)} lessons complete.")
    return EXIT_OK if complete == len(verdicts) else EXIT_NOT_YET


def cmd_verify(keys: Sequence[str], as_json: bool) -> int:
    from kata.verify import to_json, verify

    lessons = [_lesson(key) for key in keys] if keys else _lessons()
    reports = verify(lessons)
    if as_json:
        print(json.dumps(to_json(reports), indent=2))
    else:
        for report in reports:
            print(f"Lesson {report.lesson.number} · {report.lesson.title}")
            for item in report.checks:
                mark = "ok  " if item.ok else "FAIL"
                print(f"  {mark} {item.name}" + ("" if item.ok else f"\n       {item.detail}"))
    return EXIT_OK if all(report.ok for report in reports) else EXIT_NOT_YET


def cmd_test(args: Sequence[str]) -> int:
    from kata.discover import ROOT

    command = [sys.executable, "-m", "pytest", *args]
    sys.stdout.flush()
    os.chdir(ROOT)
    if os.name == "nt":  # pragma: no cover
        import subprocess

        return subprocess.call(command)
    os.execv(sys.executable, command)


def dispatch(args: argparse.Namespace, argv: Sequence[str]) -> int:
    verb = args.verb or "help"
    if verb == "setup":
        from kata.environment import setup

        setup(fresh=args.fresh)
        return EXIT_OK
    from kata.environment import ensure

    ensure(argv)
    if verb == "help":
        return cmd_help()
    if verb == "list":
        return cmd_list()
    if verb == "lesson":
        return cmd_lesson(args.lesson, args.timeout)
    if verb == "check":
        return cmd_check(args.lesson, args.all, args.json, args.timeout)
    if verb == "verify":
        return cmd_verify(args.lessons, args.json)
    if verb == "test":
        return cmd_test(args.pytest_args)
    raise UsageError(f"unknown verb {verb!r}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    from kata.environment import SetupError

    try:
        return dispatch(args, argv)
    except UsageError as error:
        print(f"kata: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SetupError as error:
        print(f"kata: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("\nkata: interrupted; your files are untouched.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        from kata.discover import LessonError

        if isinstance(error, LessonError):
            print(f"kata: {error}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        if os.environ.get("KATA_DEBUG"):
            raise
        print(
            f"kata: unexpected error: {error!r}\n"
            "This is a bug in the kata; run again with KATA_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
