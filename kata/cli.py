"""The command line: ``python -m kata <verb> [lesson]``. Every Makefile target calls this.

This module parses the arguments and dispatches each verb from one table (``HANDLERS``)
to its function in ``kata/commands/`` (students', instructors' and authors' verbs).

Exit status: 0 done (for ``check``: every lesson judged is complete); 1 not yet
(``check``: a lesson is not ``fixed``; ``verify``: a check failed); 2 a usage
error, such as an unknown lesson; 3 the kata cannot run (set-up failed, a broken
lesson folder); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from kata.commands import authors, instructors, students
from kata.commands.common import (
    ALL_VERBS,
    EXIT_CANNOT_RUN,
    EXIT_INTERRUPTED,
    EXIT_NOT_YET,
    EXIT_USAGE,
    NEEDS_SOLUTIONS,
    NotConfirmed,
    UsageError,
    in_a_handout,
    sandbox_checked,
)
from kata.course.invocation import command
from kata.runs.prestart import RUNS_TESTS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kata",
        description="The seam-bug kata: write the integration test that catches the bug.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    def verb(name: str) -> argparse.ArgumentParser:
        return verbs.add_parser(name, help=ALL_VERBS[name], description=ALL_VERBS[name])

    def timeout_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--timeout",
            type=float,
            default=None,
            help="seconds one test run may take before it is killed (default 5)",
        )

    def verbose_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--verbose",
            action="store_true",
            help="show pytest's whole report for a broken test, traceback included",
        )

    for name in ("lesson", "watch", "demo"):
        sub = verb(name)
        if name == "watch":
            sub.add_argument("lesson", nargs="?", help="lesson number (default: the next one)")
            sub.add_argument("--next", action="store_true", help="go on to the next lesson")
        else:
            sub.add_argument("lesson", help="lesson number, e.g. 01 or 1")
        timeout_option(sub)
        if name != "demo":
            verbose_option(sub)
        if name == "demo":
            sub.add_argument("--no-pause", action="store_true", help="do not wait for Enter")
            sub.add_argument(
                "--full", action="store_true", help="every line: pytest's output, the whole diff"
            )
    check = verb("check")
    check.add_argument("lesson", nargs="*", help="lesson numbers, e.g. 01 or 1 3")
    check.add_argument("--all", action="store_true", help="judge every lesson")
    check.add_argument("--json", action="store_true", help="print one JSON object (grading)")
    check.add_argument("--no-cache", action="store_true", help="run everything again (grading)")
    check.add_argument(
        "--solutions",
        metavar="DIR",
        help="the solutions folder, when the repository is handed out without it",
    )
    check.add_argument(
        "--require-sandbox",
        action="store_true",
        help="exit 3 rather than run tests without the operating system's sandbox",
    )
    timeout_option(check)
    verbose_option(check)
    progress = verb("progress")
    progress.add_argument("--json", action="store_true", help="print one JSON object")
    timeout_option(progress)
    hint = verb("hint")
    hint.add_argument("lesson", help="lesson number, e.g. 01 or 1")
    hint.add_argument("--all", action="store_true", help="show every hint")
    for name in ("reset", "compare"):
        sub = verb(name)
        sub.add_argument("lesson", help="lesson number, e.g. 01 or 1")
        sub.add_argument("--yes", "-y", action="store_true", help="do not ask first")
    for name in ("units", "integration"):
        timeout_option(verb(name))
    verify = verb("verify")
    verify.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    verify.add_argument("--all", action="store_true", help="every lesson (the default)")
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    verify.add_argument("--quick", action="store_true", help="only the checks that run no test")
    sync = verb("sync")
    sync.add_argument("lessons", nargs="*", help="lesson numbers")
    sync.add_argument("--all", action="store_true", help="every lesson")
    new = verb("new")
    new.add_argument("number", help="the new lesson's number, e.g. 13")
    new.add_argument("slug", help="its name in the folder, e.g. retry_budget")
    variant = verb("variant")
    variant.add_argument("lesson", help="lesson number, e.g. 03")
    variant.add_argument("name", help="the variant: planted, or a wheat's or mutant's name")
    where = variant.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="DIR", help="write an editable copy of the variant")
    where.add_argument("--from", dest="source", metavar="DIR", help="record DIR as the variant")
    sample = verb("sample")
    sample.add_argument("lesson", help="lesson number, e.g. 03")
    sample.add_argument(
        "name", help="the verdict it must get and a label, e.g. fixed__converts_in_the_cart"
    )
    where = sample.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="DIR", help="write the shipped lesson (with the sample)")
    where.add_argument(
        "--from", dest="source", metavar="DIR", help="record DIR (a student's lesson) as it"
    )
    setup = verb("setup")
    setup.add_argument("--fresh", action="store_true", help="delete .venv and start again")
    setup.add_argument("--all", action="store_true", help="also install every lesson's extras")
    test = verb("test")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    for name in ("list", "help", "solutions-branch"):
        verb(name)
    report = verb("class-report")
    report.add_argument("results", nargs="+", help="result files, or folders of them")
    report.add_argument("--out", default="class-report.html", help="the HTML file to write")
    report.add_argument("--csv", metavar="FILE", help="also write a CSV gradebook")
    report.add_argument(
        "--points", type=float, help="the gradebook's points per complete lesson (default 1)"
    )
    report.add_argument("--solutions", metavar="DIR", help="the solutions folder (the lessons)")
    handout = verb("handout")
    handout.add_argument("folder", metavar="DIR", help="where to write it (a new or empty folder)")
    handout.add_argument(
        "--hints",
        metavar="N",
        type=int,
        default=None,
        help="the first N hints of each lesson (default: all but the last, the answer)",
    )
    handout.add_argument("--git", action="store_true", help="make DIR a git repository, one commit")
    for name in ("grade", "grade-class"):
        sub = verb(name)
        sub.add_argument("repos", nargs="+", metavar="REPO", help="students' repositories")
        sub.add_argument("--solutions", metavar="DIR", required=True, help="the solutions")
        sub.add_argument(
            "--allow-unsandboxed",
            action="store_true",
            help="run students' tests even without the run sandbox (a throwaway machine)",
        )
        timeout_option(sub)
    grade = verbs.choices["grade"]
    grade.add_argument("--lesson", action="append", default=[], help="judge only this lesson")
    grade.add_argument("--student", help="the student's name (one REPO; default its folder)")
    grade.add_argument("--json", action="store_true", help="one JSON object per repository")
    grade.add_argument("--out", metavar="FILE", help="write the JSON result to FILE (one REPO)")
    grade_class = verbs.choices["grade-class"]
    grade_class.add_argument("--out", metavar="RESULTS", required=True, help="results folder")
    grade_class.add_argument("--jobs", type=int, help="repositories at once (default: cores)")
    grade_class.add_argument("--shard", metavar="i/n", help="grade only share i of n")
    classroom = verb("classroom-workflow")
    classroom.add_argument("--grader", metavar="OWNER/REPO", help="your private grader repository")
    classroom.add_argument(
        "--points", action="append", default=[], help="N for every lesson, or NN=N for one"
    )
    classroom.add_argument(
        "--class", dest="whole_class", action="store_true", help="grade class.txt's repositories"
    )
    classroom.add_argument("--shards", type=int, help="--class: jobs in the matrix (default 4)")
    return parser


#: Verbs that run tests: the fork server starts while they plan.
STARTS_RUNS = RUNS_TESTS  # the verbs that start the fork server (kata/runs/prestart.py)

#: Each verb and the function that runs it, given the parsed arguments.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "help": lambda a: students.cmd_help(),
    "list": lambda a: students.cmd_list(),
    "lesson": lambda a: students.cmd_lesson(a.lesson, a.timeout, a.verbose),
    "check": lambda a: students.cmd_check(
        a.lesson, a.all, a.json, a.timeout, a.no_cache, a.verbose
    ),
    "verify": lambda a: authors.cmd_verify(a.lessons, a.json, a.quick),
    "sync": lambda a: authors.cmd_sync(a.lessons, a.all),
    "new": lambda a: authors.cmd_new(a.number, a.slug),
    "variant": lambda a: authors.cmd_variant(a.lesson, a.name, a.to, a.source),
    "sample": lambda a: authors.cmd_sample(a.lesson, a.name, a.to, a.source),
    "test": lambda a: authors.cmd_test(a.pytest_args),
    "progress": lambda a: students.cmd_progress(a.json, a.timeout),
    "hint": lambda a: students.cmd_hint(a.lesson, a.all),
    "reset": lambda a: students.cmd_reset(a.lesson, a.yes),
    "compare": lambda a: students.cmd_compare(a.lesson, a.yes, None),
    "demo": lambda a: instructors.cmd_demo(a.lesson, a.no_pause, a.timeout, a.full),
    "watch": lambda a: students.cmd_watch(a.lesson, a.timeout, a.next, a.verbose),
    "solutions-branch": lambda a: instructors.cmd_solutions_branch(),
    "class-report": lambda a: instructors.cmd_class_report(a.results, a.out, a.csv, a.points),
    "handout": lambda a: instructors.cmd_handout(a.folder, a.hints, a.git),
    "grade": instructors.cmd_grade,
    "grade-class": instructors.cmd_grade_class,
    "classroom-workflow": instructors.cmd_classroom_workflow,
    "units": lambda a: students.cmd_markers(False, a.timeout),
    "integration": lambda a: students.cmd_markers(True, a.timeout),
}


def refused_in_a_handout(verb: str) -> None:
    """A hand-out has no solutions and no tests of the kata's own: say so, for the verbs
    that need them (exit 2), instead of failing later."""
    if verb not in (*NEEDS_SOLUTIONS, "test") or not in_a_handout():
        return
    if verb == "test":
        raise UsageError(
            "the kata's own test suite is not part of a hand-out: "
            f"`{command('units')}` and `{command('integration')}` run every lesson's tests"
        )
    raise UsageError(
        f"`{verb}` needs the lessons' solutions, and this repository is a hand-out without "
        "them (here your test is judged on the shipped code only). Your instructor runs it "
        "with the solutions."
    )


def dispatch(args: argparse.Namespace, argv: Sequence[str]) -> int:
    verb = args.verb or "help"
    if verb == "setup":
        return authors.cmd_setup(args.fresh, args.all, argv)
    if getattr(args, "solutions", None):
        chosen = os.path.abspath(args.solutions)
        if not os.path.isdir(chosen):
            raise UsageError(f"--solutions {args.solutions}: no such folder")
        os.environ["KATA_SOLUTIONS"] = chosen  # read by discovery, here and after re-exec
    from kata.course.environment import ensure

    ensure(argv)  # first: before .venv exists, nothing of the lesson model can be imported
    refused_in_a_handout(verb)
    if verb in STARTS_RUNS:
        from kata.runs.run import start_early

        start_early()  # if _start_runs_early could not (another interpreter, set-up)
        sandbox_checked(bool(getattr(args, "require_sandbox", False)))
    return HANDLERS[verb](args)


def _start_runs_early(argv: Sequence[str]) -> None:
    """Start the fork server before anything else when this command runs tests and
    the interpreter is already the one it will run in: importing pytest takes it
    longer than the kata takes to plan the runs."""
    if not argv or argv[0] not in STARTS_RUNS:
        return
    from kata.course.environment import in_project_venv, installed
    from kata.runs import prestart

    if in_project_venv() and installed():
        from kata.runs.run import start_early

        start_early()  # adopts the server __main__ started, if it did
    elif (early := prestart.take()) is not None:  # set-up comes first: it would be stale
        early.kill()
        early.wait()


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The command line; everything after ``test`` is pytest's, passed on as it is
    (``test -k verdict``: argparse would take ``-k`` for an option of its own)."""
    if argv[:1] == ["test"]:
        return argparse.Namespace(verb="test", pytest_args=list(argv[1:]))
    return _parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _start_runs_early(argv)
    args = parse_arguments(argv)
    from kata.course.controls import clean
    from kata.course.environment import SetupError

    def say(error: BaseException) -> None:
        print(f"kata: {clean(str(error))}", file=sys.stderr)  # it may name a student's file

    try:
        return dispatch(args, argv)
    except UsageError as error:
        say(error)
        return EXIT_USAGE
    except NotConfirmed as error:
        say(error)
        return EXIT_NOT_YET
    except SetupError as error:
        say(error)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("\nkata: interrupted; your files are untouched.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `python -m kata help | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_NOT_YET
    except Exception as error:
        from kata.commands.student import BackupError
        from kata.course.discover import LessonError
        from kata.course.files import UnsafePath
        from kata.runs.sandbox import SandboxError
        from kata.runs.services import ServiceError

        if isinstance(error, (LessonError, BackupError, ServiceError, UnsafePath, SandboxError)):
            say(error)
            return EXIT_CANNOT_RUN
        if os.environ.get("KATA_DEBUG"):
            raise
        print(
            f"kata: unexpected error: {clean(repr(error))}\n"
            "This is a bug in the kata; run again with KATA_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
