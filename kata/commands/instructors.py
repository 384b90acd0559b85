"""The instructors' verbs: demo, solutions-branch, class-report, handout, grade."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from kata.commands.common import (
    EXIT_NOT_YET,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    all_lessons,
    ask,
    install_extras,
    lesson_named,
    time_bound,
)


def cmd_demo(key: str, no_pause: bool, timeout: float | None, full: bool) -> int:
    from kata.commands.demo import demo
    from kata.views.report import Style, wants_colour

    lesson = lesson_named(key)
    install_extras([lesson])
    interactive = sys.stdin.isatty() and not no_pause

    def pause(prompt: str) -> None:
        if interactive:
            ask(prompt, default=True)  # any answer, Ctrl-D too, goes on

    ok = demo(lesson, Style(wants_colour(sys.stdout)), pause, time_bound(timeout), full)
    if not ok:
        print("kata: the demo did not show what it should: run `python -m kata verify`.")
        return EXIT_NOT_YET
    return EXIT_OK


def cmd_solutions_branch() -> int:
    from kata.commands.branch import BRANCH, GitError, build

    lessons = all_lessons()
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
    from kata.views.classreport import class_report, known_lessons

    known = known_lessons(all_lessons())
    written = class_report(results, out, known, csv_out=csv_out, points=points)
    return EXIT_OK if written else EXIT_USAGE


def cmd_handout(folder: str, hints: int | None, git: bool) -> int:
    from pathlib import Path

    from kata.commands.handout import HandoutError, write_handout
    from kata.course.discover import solutions_dir

    try:
        written = write_handout(Path(folder), all_lessons(), hints, git)
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
    from kata.commands.grading import require_sandbox, run_grade
    from kata.course.discover import solutions_dir

    require_sandbox(args.allow_unsandboxed)
    lessons = [lesson_named(key) for key in args.lesson] if args.lesson else all_lessons()
    install_extras(lessons)
    return run_grade(args.repos, solutions_dir(), lessons, args.student, args.json, args.out,
                     time_bound(args.timeout))  # fmt: skip


def cmd_grade_class(args: argparse.Namespace) -> int:
    from kata.commands.classgrade import run_grade_class
    from kata.commands.grading import require_sandbox
    from kata.course.discover import solutions_dir

    require_sandbox(args.allow_unsandboxed)
    lessons = all_lessons()
    install_extras(lessons)  # once, for every worker
    return run_grade_class(args.repos, solutions_dir(), lessons, args.out, args.jobs,
                           args.shard, time_bound(args.timeout))  # fmt: skip


def cmd_classroom_workflow(args: argparse.Namespace) -> int:
    from kata.commands.workflows import WorkflowError, class_grading, classroom, points, repository

    try:
        if args.whole_class:
            print(class_grading(args.shards), end="")
        else:
            lessons = all_lessons()
            grader = repository(args.grader)
            print(classroom(lessons, grader, points(args.points, lessons)), end="")
    except WorkflowError as error:
        raise UsageError(str(error)) from error
    return EXIT_OK
