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
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kata.commands import command
from kata.prestart import RUNS_TESTS

if TYPE_CHECKING:
    from kata.discover import Lesson
    from kata.grade import Verdict
    from kata.report import Style

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
        "test": "run the kata's own test suite",
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
    """A command that changes or reveals things was not confirmed."""


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


def _named_or_all(keys: Sequence[str], every: bool, what: str) -> tuple[list[Lesson], list[Lesson]]:
    """Every lesson, and those the command names (``--all``: every one)."""
    if every == bool(keys):
        raise UsageError(f"name the lessons to {what} or use --all")
    lessons = _lessons()
    return lessons, lessons if every else [_lesson(key) for key in keys]


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
    groups = VERBS
    if _in_a_handout():
        offered = {verb: HANDOUT_TEXTS.get(verb, ALL_VERBS[verb]) for verb in IN_A_HANDOUT}
        groups = {"students": offered}
        print("This is a hand-out: your test is judged on the shipped code; correct")
        print("implementations and mutants are tried when your work is graded.\n")
    for group, verbs in groups.items():
        print(f"For {group}:")
        for verb, text in verbs.items():
            print(f"  {verb:<17} {text}")
        print()
    cmd_list()
    print(f"\nStart with: {command('lesson', _lessons()[0].number)}")
    return EXIT_OK


def _in_a_handout() -> bool:
    from kata.discover import scope_here

    return scope_here() == "shipped"


def cmd_list() -> int:
    print("Lessons:")
    for lesson in _lessons():
        print(f"  {lesson.number}  {lesson.title}: {lesson.kind}  (~{lesson.minutes} min)")
    return EXIT_OK


def _show_lesson(
    lesson: Lesson, timeout: float, clear: bool = False, verbose: bool = False
) -> bool:
    """Run a lesson and show everything; True when it is complete (``Verdict.finished``).

    ``clear`` (watch mode, on a terminal): start from a clean screen, and end with the
    verdict on one prominent line, as rustlings does. ``verbose``: pytest's report of a
    broken test too (else the verdict names its file, line and error).
    """
    from kata.grade import check
    from kata.report import Style, banner, brief, wants_colour, write_output

    _install_extras([lesson])
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
    _say_verdict(verdict, style, "" if verbose else command(verb, lesson.number, "--verbose"))
    if clear:
        killed = f", {verdict.killed}/{len(verdict.mutants)} mutants" if verdict.mutants else ""
        line = f" lesson {lesson.number}: {verdict.state}{killed} · {time.strftime('%H:%M:%S')} "
        code = "1;32" if verdict.finished else "1;33"
        print("\n" + style.paint(f"━━{line}" + "━" * max(3, 58 - len(line)), code), flush=True)
    return verdict.finished


def _say_verdict(verdict: Verdict, style: Style, verbose_command: str = "") -> None:
    """Print the verdict block. A hint in it counts as revealed for ``make hint-NN``
    once it has been printed in full: not when the output stopped before it."""
    from kata.report import hint_index, render
    from kata.state import mark_revealed, revealed_hints

    lesson = verdict.lesson
    revealed = revealed_hints(lesson)
    print(render(verdict, style, _lessons(), revealed, verbose_command), flush=True)
    index = hint_index(verdict, revealed)
    if index is not None:
        mark_revealed(lesson, index + 1, in_verdict=True)


def grading_mode(as_json: bool, no_cache: bool) -> bool:
    """Grading never reads a cached result: CI set, --json, or --no-cache.

    GitHub Classroom's command grader strips the environment (no CI), so its
    workflow asks with --json or --no-cache.
    """
    return as_json or no_cache or bool(os.environ.get("CI"))


def cmd_lesson(key: str, timeout: float | None, verbose: bool = False) -> int:
    _show_lesson(_lesson(key), _timeout(timeout), verbose=verbose)
    return EXIT_OK


def sandbox_checked(required: bool) -> None:
    """Say once when runs go unconfined; with ``required``, refuse to run them at all."""
    from kata.sandbox import SandboxError, protections

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


def cmd_check(
    keys: Sequence[str],
    every: bool,
    as_json: bool,
    timeout: float | None,
    no_cache: bool,
    verbose: bool = False,
) -> int:
    from kata.grade import check
    from kata.report import Style, wants_colour
    from kata.shapes import class_json, verdict_json

    lessons, chosen = _named_or_all(keys, every, "judge (check 01, check 1 3)")
    _install_extras(chosen)
    bound = _timeout(timeout)
    style = Style(wants_colour(sys.stdout))
    verdicts = []
    use_cache = not grading_mode(as_json, no_cache)
    for lesson in chosen:
        verdict = check(lesson, bound, use_cache=use_cache)
        verdicts.append(verdict)
        if not as_json:
            print(style.bold(f"Lesson {lesson.number} · {lesson.title}"))
            more = "" if verbose else command("check", lesson.number, "--verbose")
            _say_verdict(verdict, style, more)
            print()
    complete = sum(1 for verdict in verdicts if verdict.complete)
    if as_json:
        if len(verdicts) == 1 and not every:
            print(json.dumps(verdict_json(verdicts[0], lessons), indent=2))
        else:
            print(json.dumps(class_json(verdicts, lessons), indent=2))
    elif len(verdicts) > 1:
        print(f"{complete}/{len(verdicts)} lessons complete.")
    return EXIT_OK if complete == len(verdicts) else EXIT_NOT_YET


def cmd_verify(keys: Sequence[str], as_json: bool, quick: bool = False) -> int:
    from kata.controls import clean
    from kata.shapes import verify_json
    from kata.verify import verify

    every = _lessons()
    lessons = [_lesson(key) for key in keys] if keys else every
    _install_extras(lessons)
    reports = verify(lessons, every, quick=quick)
    if as_json:
        print(json.dumps(verify_json(reports), indent=2))
        return EXIT_OK if all(report.ok for report in reports) else EXIT_NOT_YET
    for report in reports:
        lesson = report.lesson
        failing = [item for item in report.checks if not item.ok]
        print(f"Lesson {lesson.number} · {lesson.title or lesson.slug}: "
              f"{len(report.checks) - len(failing)}/{len(report.checks)} checks pass")  # fmt: skip
        for item in report.checks:
            print(f"  [{'x' if item.ok else ' '}] {item.name}")
            if not item.ok:
                if item.detail:
                    print(f"        {clean(item.detail)}")
                if item.fix:
                    print(f"        fix: {item.fix}")
    return EXIT_OK if all(report.ok for report in reports) else EXIT_NOT_YET


def cmd_sync(keys: Sequence[str], every: bool) -> int:
    from kata.report import shown
    from kata.sync import sync_editor_files, sync_lessons, sync_readme

    lessons, chosen = _named_or_all(keys, every, "sync (sync 03)")
    for synced in sync_lessons(chosen):
        changed = synced.result.changed
        print(f"lessons/{synced.lesson.name}: "
              + (f"wrote {len(changed)} file(s)" if changed else "up to date"))  # fmt: skip
        if synced.result.backup is not None:
            print(f"  what it replaced is backed up in {shown(synced.result.backup)}/")
    if sync_readme(lessons):
        print("README.md: lesson table updated")
    for name in sync_editor_files(lessons):
        print(f"{name}: written")
    return EXIT_OK


def cmd_new(number: str, slug: str) -> int:
    from kata.report import shown
    from kata.scaffold import AuthorError, new_lesson

    try:
        folder = new_lesson(number, slug)
    except AuthorError as error:
        raise UsageError(str(error)) from error
    print(f"Created {shown(folder)}/: lesson.toml, README.md, SOLUTION.md, starter/.")
    print("Next: write the solved lesson there, then see what is missing with")
    print(f"  python -m kata verify {folder.name[7:9]}")
    print("and follow CONTRIBUTING.md, 'Adding a lesson'.")
    return EXIT_OK


def cmd_sample(key: str, name: str, to: str | None, source: str | None) -> int:
    from pathlib import Path

    from kata.report import shown
    from kata.scaffold import AuthorError, record_sample, sample_copy, sample_file

    lesson = _lesson(key)
    try:
        exists = sample_file(lesson, name).is_file()
        if to is not None:
            folder = Path(to).resolve()
            stale = sample_copy(lesson, name, folder)
            if stale:
                print(f"The sample no longer applies: {stale}")
                print(f"Wrote the shipped lesson to {shown(folder)}/: make the change again there")
                print("(the diff shows it), then run")
            else:
                applied = " with the sample applied" if exists else ""
                print(f"Wrote the shipped lesson{applied} to {shown(folder)}/. Edit it as a")
                print("student would, then run")
            print(f"  python -m kata sample {lesson.number} {name} --from {shown(folder)}")
            return EXIT_OK
        assert source is not None
        diff, touched = record_sample(lesson, name, Path(source).resolve())
    except AuthorError as error:
        raise UsageError(str(error)) from error
    print(f"Recorded {shown(diff)}: changes {', '.join(touched)}.")
    print(f"The kata's own tests judge it and expect the verdict {name.split('__')[0]}:")
    print(f"  KATA_ALL_SAMPLES=1 python -m pytest tests/test_grader.py -k {name}")
    return EXIT_OK


def cmd_variant(key: str, name: str, to: str | None, source: str | None) -> int:
    from pathlib import Path

    from kata.report import shown
    from kata.scaffold import AuthorError, manifest_entry_missing, record_variant, scratch_copy

    lesson = _lesson(key)
    try:
        if to is not None:
            folder = scratch_copy(lesson, name, Path(to).resolve())
            applied = "" if manifest_entry_missing(lesson, name) else f" with {name} applied"
            print(f"Wrote the solved lesson{applied} to {shown(folder)}/. Edit it, then run")
            print(f"  python -m kata variant {lesson.number} {name} --from {shown(folder)}")
            return EXIT_OK
        assert source is not None
        diff, touched = record_variant(lesson, name, Path(source).resolve())
    except AuthorError as error:
        raise UsageError(str(error)) from error
    print(f"Recorded {shown(diff)}: changes {', '.join(touched)}.")
    if manifest_entry_missing(lesson, name):
        print(f"Now name it in {shown(lesson.manifest)}, as a [[wheats]] (a correct fix) or")
        print(f'[[mutants]] entry: name = "{name}", summary = "...", killed_by = "..." (mutants).')
    if name == "planted":
        print(f"Then run `python -m kata sync {lesson.number}`: lessons/ ships the planted bug.")
    return EXIT_OK


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


def _confirm(question: str, yes: bool, verb: str, lesson: Lesson, declined: str) -> None:
    """Go on only with --yes or a 'y' typed at a terminal; otherwise do nothing.

    ``verb`` and ``lesson`` are the command's, to say how to answer in advance.
    """
    if yes:
        return
    if not sys.stdin.isatty():
        raise NotConfirmed(
            f"{question} Nobody is at the keyboard to answer: add --yes "
            f"(`{command(verb, lesson.number, '--yes')}`)."
        )
    if not ask(f"{question} [y/N] ", default=False):
        raise NotConfirmed(declined)


def cmd_progress(as_json: bool, timeout: float | None) -> int:
    from kata.progress import bar, progress, suggested
    from kata.report import Style, next_lesson_text, wants_colour

    lessons = _lessons()
    rows = progress(lessons, _timeout(timeout))  # installs what the lessons it judges need
    upcoming = suggested(rows)
    if as_json:
        from kata.shapes import progress_json

        print(json.dumps(progress_json(rows, upcoming), indent=2))
        return EXIT_OK
    style = Style(wants_colour(sys.stdout))
    done = sum(1 for row in rows if row.finished)
    handout = any(row.lesson.scope == "shipped" for row in rows)
    complete = "done here; graded, they meet mutants too" if handout else "complete"
    print(style.bold(f"Progress  {bar(done, len(rows))} lessons {complete}\n"))
    for row in rows:
        mark = "✓" if row.finished else ("▸" if row is upcoming else "·")
        shown_state = f"{row.state} (shipped)" if row.state == "caught" and handout else row.state
        state = style.paint(f"{shown_state:<17}", "32" if row.finished else "33")
        killed = f"mutants {row.killed}/{row.mutants}" if row.mutants else ""
        print(f" {mark} {row.lesson.number}  {row.lesson.title:<48} {state} {killed}".rstrip())
    print()
    if upcoming is not None:
        then = style.bold(f"Next: {command('lesson', upcoming.lesson.number)}")
        print(f"{then}  ({upcoming.lesson.title}; `{command('watch')}` reruns it on every save)")
    else:
        print(next_lesson_text(rows[-1].lesson, [row.lesson for row in rows]))
    return EXIT_OK


def cmd_hint(key: str, every: bool) -> int:
    from kata.state import reveal_hint, seen_in_a_verdict

    lesson = _lesson(key)
    total = len(lesson.hints)
    in_verdict = 0 if every else seen_in_a_verdict(lesson)
    if not total:
        print(f"Lesson {lesson.number} has no hints here: read its README.md again.")
        return EXIT_OK
    count = total if every else reveal_hint(lesson)
    first = 0 if every else count - 1
    if in_verdict and count > in_verdict:  # the count goes on from a hint they were shown
        print(f"Hint {in_verdict}/{total} for lesson {lesson.number} was shown with a verdict "
              f"already (`python -m kata hint {lesson.number} --all` shows every hint); "
              "here is the next one.")  # fmt: skip
    for index in range(first, count):
        print(f"Hint {index + 1}/{total} for lesson {lesson.number}: {lesson.hints[index]}")
    if not every and count == total:
        print(f"(That was the last hint. `{command('hint', lesson.number)}` shows it again;"
              f" `python -m kata hint {lesson.number} --all` lists them all.)")  # fmt: skip
    return EXIT_OK


def cmd_reset(key: str, yes: bool) -> int:
    from kata.controls import clean
    from kata.report import shown
    from kata.student import reset

    lesson = _lesson(key)
    _confirm(
        f"Reset lesson {lesson.number} to the shipped files? Your current files are "
        "backed up first.",
        yes,
        "reset",
        lesson,
        "Nothing was changed.",
    )
    result = reset(lesson)
    if not result.changed:
        print(f"Lesson {lesson.number} is already as shipped: nothing to reset.")
        return EXIT_OK
    if result.backup is not None:
        print(f"Backed up {shown(lesson.folder)} to {shown(result.backup)}/")
    names = clean(", ".join(result.changed))  # a student names their files
    print(f"Restored {len(result.changed)} file(s): {names}")
    if result.backup is not None:
        print(f"To undo: cp -r {shown(result.backup)}/. {shown(lesson.folder)}/")
    return EXIT_OK


def cmd_compare(key: str, yes: bool, timeout: float | None) -> int:
    from kata.controls import clean
    from kata.demo import colour_diff_line
    from kata.progress import progress
    from kata.report import Style, wants_colour

    lesson = _lesson(key)
    handout = lesson.scope == "shipped"  # no solution here: the diff shows their changes
    state = "" if handout else progress([lesson], _timeout(timeout))[0].state
    if state not in ("", "fixed"):
        _confirm(
            f"Lesson {lesson.number} is not complete yet (verdict: {state}); the diff shows "
            "the solution. Show it anyway?",
            yes,
            "compare",
            lesson,
            "The diff was not shown.",
        )
    from kata.student import unified_diff

    style = Style(wants_colour(sys.stdout))
    lines = unified_diff(lesson)
    if not lines:
        same = "as shipped: nothing changed yet" if handout else "identical to the solution"
        print(f"Your lesson {lesson.number} is {same}.")
    for line in lines:  # the student's files, names and lines: cleaned before colouring
        text = colour_diff_line(clean(line).rstrip("\n"), style)
        sys.stdout.write(text + "\n")
    if handout:
        print(
            ("\nThat is what you changed" if lines else "\nThis shows what you change")
            + f" in lesson {lesson.number}. This repository has no "
            "solutions: the solution comes from your instructor."
        )
        return EXIT_OK
    print(
        f"\nWhy it works: {lesson.solution.relative_to(lesson.solution.parent.parent)}/SOLUTION.md"
    )
    return EXIT_OK


def cmd_demo(key: str, no_pause: bool, timeout: float | None, full: bool) -> int:
    from kata.demo import demo
    from kata.report import Style, wants_colour

    lesson = _lesson(key)
    _install_extras([lesson])
    interactive = sys.stdin.isatty() and not no_pause

    def pause(prompt: str) -> None:
        if interactive:
            ask(prompt, default=True)  # any answer, Ctrl-D too, goes on

    ok = demo(lesson, Style(wants_colour(sys.stdout)), pause, _timeout(timeout), full)
    if not ok:
        print("kata: the demo did not show what it should: run `python -m kata verify`.")
        return EXIT_NOT_YET
    return EXIT_OK


def cmd_watch(key: str | None, timeout: float | None, go_on: bool, verbose: bool = False) -> int:
    """Watch a lesson (the next incomplete one by default); when it is complete, offer
    the next one (``--next``: go on without asking)."""
    from kata.progress import progress, suggested
    from kata.watch import watch

    lessons = _lessons()
    bound = _timeout(timeout)
    if key:
        lesson: Lesson | None = _lesson(key)
    else:
        upcoming = suggested(progress(lessons, bound))
        lesson = upcoming.lesson if upcoming else None
        if lesson is None:
            print(f"Every lesson is complete: well done. `{command('progress')}` shows them all.")
            return EXIT_OK
    while lesson is not None:
        current = lesson

        def rerun(shown: Lesson = current) -> bool:
            return _show_lesson(shown, bound, clear=True, verbose=verbose)

        if not watch(current.folder, rerun, lambda text: print(text, flush=True)):
            return EXIT_OK  # Ctrl-C
        later = [other for other in lessons if int(other.number) > int(current.number)]
        if not later:
            print("\nThat was the last lesson: well done.")
            return EXIT_OK
        lesson = later[0]
        done = "done here" if current.scope == "shipped" else "complete"  # a hand-out: no fixed
        print(f"\nLesson {current.number} {done}. Next: lesson {lesson.number}, {lesson.title}.")
        if not go_on:
            if not sys.stdin.isatty():
                watching = f"`{command('watch')}` (or `{command('watch', lesson.number)}`)"
                print(f"Run {watching} to go on.")
                return EXIT_OK
            if not ask("Watch it now? [Y/n] ", default=True):
                return EXIT_OK
    return EXIT_OK


def cmd_solutions_branch() -> int:
    from kata.branch import BRANCH, GitError, build

    lessons = _lessons()
    try:
        built = build(lessons)
    except GitError as error:
        raise UsageError(str(error)) from error
    commit, head = built.commit[:12], built.head[:12]
    if built.outcome == "unchanged":
        print(f"Branch '{BRANCH}' is up to date at {commit} (built from {head}): no new commit.")
    elif built.previous is None:
        print(f"Branch '{BRANCH}' is at {commit}: every lesson solved, on top of {head}.")
    else:
        print(f"Branch '{BRANCH}' moved forward to {commit}: every lesson solved as at {head},")
        print(f"on top of its previous commit {built.previous[:12]} (push it without --force).")
    print("Your current branch, index and files are untouched.")
    print(f"Compare a lesson:  git diff HEAD {BRANCH} -- lessons/{lessons[0].name}")
    print(f"Its history:       git log {BRANCH} --")
    print(f"Publish it:        git push origin {BRANCH}")
    return EXIT_OK


def cmd_class_report(
    results: Sequence[str], out: str, csv_out: str | None, points: float | None
) -> int:
    from kata.classreport import class_report, known_lessons

    written = class_report(results, out, known_lessons(_lessons()), csv_out=csv_out, points=points)
    return EXIT_OK if written else EXIT_USAGE


def cmd_handout(folder: str, hints: int | None, git: bool) -> int:
    from pathlib import Path

    from kata.discover import solutions_dir
    from kata.handout import HandoutError, write_handout

    try:
        written = write_handout(Path(folder), _lessons(), hints, git)
    except HandoutError as error:
        raise UsageError(str(error)) from error
    print(f"Wrote the hand-out to {written.folder}/: {len(written.lessons)} lessons "
          f"({written.hints_summary()}), {written.files} files.")  # fmt: skip
    print("It holds no solutions, variants, SOLUTION.md or tests of the kata's own: there a")
    print("student's test is judged on the shipped code only. Grade with the solutions:")
    print(f"  python -m kata check --all --json --solutions {solutions_dir()}")
    if written.commit:
        print(f"git: one commit, {written.commit[:12]}, on branch main: ready to be a template.")
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    from kata.discover import solutions_dir
    from kata.grading import require_sandbox, run_grade

    require_sandbox(args.allow_unsandboxed)
    lessons = [_lesson(key) for key in args.lesson] if args.lesson else _lessons()
    _install_extras(lessons)
    return run_grade(args.repos, solutions_dir(), lessons, args.student, args.json, args.out,
                     _timeout(args.timeout))  # fmt: skip


def cmd_grade_class(args: argparse.Namespace) -> int:
    from kata.classgrade import run_grade_class
    from kata.discover import solutions_dir
    from kata.grading import require_sandbox

    require_sandbox(args.allow_unsandboxed)
    lessons = _lessons()
    _install_extras(lessons)  # once, for every worker
    return run_grade_class(args.repos, solutions_dir(), lessons, args.out, args.jobs,
                           args.shard, _timeout(args.timeout))  # fmt: skip


def cmd_classroom_workflow(args: argparse.Namespace) -> int:
    from kata.workflows import WorkflowError, class_grading, classroom, points, repository

    try:
        if args.whole_class:
            print(class_grading(args.shards), end="")
        else:
            lessons = _lessons()
            grader = repository(args.grader)
            print(classroom(lessons, grader, points(args.points, lessons)), end="")
    except WorkflowError as error:
        raise UsageError(str(error)) from error
    return EXIT_OK


def cmd_markers(integration: bool, timeout: float | None) -> int:
    from kata import cache
    from kata.discover import STUDENT_FILE
    from kata.report import Style, wants_colour, write_output
    from kata.run import Run, common_imports
    from kata.services import needed
    from kata.trees import unit_test_files

    lessons = _lessons()
    _install_extras(lessons)
    style = Style(wants_colour(sys.stdout))
    expression = "integration" if integration else "not integration"
    runs = [
        Run(
            lesson.name,
            lesson.folder,
            (*unit_test_files(lesson.folder), STUDENT_FILE),
            # No colour: the output is cleaned of every control sequence anyway.
            ("-m", expression, "-q", "--tb=short", "--no-header", "--color=no"),
        )
        for lesson in lessons
    ]
    preloads = [(*lesson.preload, *common_imports(lesson.solution)) for lesson in lessons]
    results = cache.run_all_cached(runs, preloads, _timeout(timeout), services=needed(lessons))
    failed, ran = [], 0
    for lesson, result in zip(lessons, results, strict=True):
        ran += sum(1 for test in result.tests if test.outcome in ("passed", "failed", "error"))
        print(style.rule(f"lesson {lesson.number} · {lesson.title} · -m '{expression}'"))
        write_output(result, style)
        if result.status != "done" or result.collect_errors or result.failures:
            failed.append(lesson.number)
    kind = "integration" if integration else "unit"
    if failed:
        print(f"{kind} tests fail in lesson(s) {', '.join(failed)}.")
        return EXIT_NOT_YET
    if ran == 0:
        print(f"No {kind} tests ran: write yours in a lesson's {STUDENT_FILE}.")
    else:
        print(f"All {ran} {kind} tests pass.")
    return EXIT_OK


def cmd_test(args: Sequence[str]) -> int:
    _install_extras(_lessons())  # the kata's own tests run every lesson
    from importlib.util import find_spec

    from kata import ROOT

    # Two processes (pytest-xdist, a dev dependency), each running whole test files.
    spread = ["-n", "2", "--dist", "loadfile"] if find_spec("xdist") and "-n" not in args else []
    command = [sys.executable, "-m", "pytest", *spread, *args]
    sys.stdout.flush()
    os.chdir(ROOT)
    if os.name == "nt":  # pragma: no cover
        import subprocess

        return subprocess.call(command)
    os.execv(sys.executable, command)


def _install_extras(lessons: Sequence[Lesson]) -> None:
    from kata.extras import ensure

    ensure(lessons)


def cmd_setup(fresh: bool, every: bool, argv: Sequence[str]) -> int:
    from kata.environment import ensure, setup

    setup(fresh=fresh)
    if every:
        ensure([arg for arg in argv if arg != "--fresh"])  # on in .venv, where extras belong
        _install_extras(_lessons())
    return EXIT_OK


#: Verbs that run tests: the fork server starts while they plan.
STARTS_RUNS = RUNS_TESTS  # the verbs that start the fork server (kata/prestart.py)

#: Each verb and the function that runs it, given the parsed arguments.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "help": lambda a: cmd_help(),
    "list": lambda a: cmd_list(),
    "lesson": lambda a: cmd_lesson(a.lesson, a.timeout, a.verbose),
    "check": lambda a: cmd_check(a.lesson, a.all, a.json, a.timeout, a.no_cache, a.verbose),
    "verify": lambda a: cmd_verify(a.lessons, a.json, a.quick),
    "sync": lambda a: cmd_sync(a.lessons, a.all),
    "new": lambda a: cmd_new(a.number, a.slug),
    "variant": lambda a: cmd_variant(a.lesson, a.name, a.to, a.source),
    "sample": lambda a: cmd_sample(a.lesson, a.name, a.to, a.source),
    "test": lambda a: cmd_test(a.pytest_args),
    "progress": lambda a: cmd_progress(a.json, a.timeout),
    "hint": lambda a: cmd_hint(a.lesson, a.all),
    "reset": lambda a: cmd_reset(a.lesson, a.yes),
    "compare": lambda a: cmd_compare(a.lesson, a.yes, None),
    "demo": lambda a: cmd_demo(a.lesson, a.no_pause, a.timeout, a.full),
    "watch": lambda a: cmd_watch(a.lesson, a.timeout, a.next, a.verbose),
    "solutions-branch": lambda a: cmd_solutions_branch(),
    "class-report": lambda a: cmd_class_report(a.results, a.out, a.csv, a.points),
    "handout": lambda a: cmd_handout(a.folder, a.hints, a.git),
    "grade": cmd_grade,
    "grade-class": cmd_grade_class,
    "classroom-workflow": cmd_classroom_workflow,
    "units": lambda a: cmd_markers(False, a.timeout),
    "integration": lambda a: cmd_markers(True, a.timeout),
}


def refused_in_a_handout(verb: str) -> None:
    """A hand-out has no solutions and no tests of the kata's own: say so, for the verbs
    that need them (exit 2), instead of failing later."""
    if verb not in (*NEEDS_SOLUTIONS, "test") or not _in_a_handout():
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
        return cmd_setup(args.fresh, args.all, argv)
    if getattr(args, "solutions", None):
        chosen = os.path.abspath(args.solutions)
        if not os.path.isdir(chosen):
            raise UsageError(f"--solutions {args.solutions}: no such folder")
        os.environ["KATA_SOLUTIONS"] = chosen  # read by discovery, here and after re-exec
    refused_in_a_handout(verb)
    from kata.environment import ensure

    ensure(argv)
    if verb in STARTS_RUNS:
        from kata.run import start_early

        start_early()  # if _start_runs_early could not (another interpreter, set-up)
        sandbox_checked(bool(getattr(args, "require_sandbox", False)))
    return HANDLERS[verb](args)


def _start_runs_early(argv: Sequence[str]) -> None:
    """Start the fork server before anything else when this command runs tests and
    the interpreter is already the one it will run in: importing pytest takes it
    longer than the kata takes to plan the runs."""
    if not argv or argv[0] not in STARTS_RUNS:
        return
    from kata import prestart
    from kata.environment import in_project_venv, installed

    if in_project_venv() and installed():
        from kata.run import start_early

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
    from kata.controls import clean
    from kata.environment import SetupError

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
        from kata.discover import LessonError
        from kata.files import UnsafePath
        from kata.sandbox import SandboxError
        from kata.services import ServiceError
        from kata.student import BackupError

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
