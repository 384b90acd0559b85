"""The students' verbs: lesson, check, progress, hint, watch, compare, reset, units, list."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kata.course.invocation import command

if TYPE_CHECKING:
    from kata.course.discover import Lesson
from kata.commands.common import (
    ALL_VERBS,
    EXIT_NOT_YET,
    EXIT_OK,
    HANDOUT_TEXTS,
    IN_A_HANDOUT,
    VERBS,
    all_lessons,
    ask,
    confirm,
    grading_mode,
    in_a_handout,
    install_extras,
    lesson_named,
    named_or_all,
    say_verdict,
    show_lesson,
    time_bound,
)


def cmd_help() -> int:
    print("The seam-bug kata: green unit tests, one broken seam, and your integration test.\n")
    print("Usage: make <verb>-NN   or   python -m kata <verb> NN\n")
    groups = VERBS
    if in_a_handout():
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
    print(f"\nStart with: {command('lesson', all_lessons()[0].number)}")
    return EXIT_OK


def cmd_list() -> int:
    print("Lessons:")
    for lesson in all_lessons():
        print(f"  {lesson.number}  {lesson.title}: {lesson.kind}  (~{lesson.minutes} min)")
    return EXIT_OK


def cmd_lesson(key: str, timeout: float | None, verbose: bool = False) -> int:
    show_lesson(lesson_named(key), time_bound(timeout), verbose=verbose)
    return EXIT_OK


def cmd_check(
    keys: Sequence[str],
    every: bool,
    as_json: bool,
    timeout: float | None,
    no_cache: bool,
    verbose: bool = False,
) -> int:
    from kata.verdict.grade import check
    from kata.views.report import Style, wants_colour
    from kata.views.shapes import class_json, verdict_json

    lessons, chosen = named_or_all(keys, every, "judge (check 01, check 1 3)")
    install_extras(chosen)
    bound = time_bound(timeout)
    style = Style(wants_colour(sys.stdout))
    verdicts = []
    use_cache = not grading_mode(as_json, no_cache)
    for lesson in chosen:
        verdict = check(lesson, bound, use_cache=use_cache)
        verdicts.append(verdict)
        if not as_json:
            print(style.bold(f"Lesson {lesson.number} · {lesson.title}"))
            more = "" if verbose else command("check", lesson.number, "--verbose")
            say_verdict(verdict, style, more)
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


def cmd_progress(as_json: bool, timeout: float | None) -> int:
    from kata.verdict.progress import bar, progress, suggested
    from kata.views.report import Style, next_lesson_text, wants_colour

    lessons = all_lessons()
    rows = progress(lessons, time_bound(timeout))  # installs what the lessons it judges need
    upcoming = suggested(rows)
    if as_json:
        from kata.views.shapes import progress_json

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
    from kata.course.state import reveal_hint, seen_in_a_verdict

    lesson = lesson_named(key)
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
    from kata.commands.student import reset
    from kata.course.controls import clean
    from kata.views.report import shown

    lesson = lesson_named(key)
    confirm(
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
    from kata.commands.demo import colour_diff_line
    from kata.course.controls import clean
    from kata.verdict.progress import progress
    from kata.views.report import Style, wants_colour

    lesson = lesson_named(key)
    handout = lesson.scope == "shipped"  # no solution here: the diff shows their changes
    state = "" if handout else progress([lesson], time_bound(timeout))[0].state
    if state not in ("", "fixed"):
        confirm(
            f"Lesson {lesson.number} is not complete yet (verdict: {state}); the diff shows "
            "the solution. Show it anyway?",
            yes,
            "compare",
            lesson,
            "The diff was not shown.",
        )
    from kata.commands.student import unified_diff

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


def cmd_watch(key: str | None, timeout: float | None, go_on: bool, verbose: bool = False) -> int:
    """Watch a lesson (the next incomplete one by default); when it is complete, offer
    the next one (``--next``: go on without asking)."""
    from kata.commands.watch import watch
    from kata.verdict.progress import progress, suggested

    lessons = all_lessons()
    bound = time_bound(timeout)
    if key:
        lesson: Lesson | None = lesson_named(key)
    else:
        upcoming = suggested(progress(lessons, bound))
        lesson = upcoming.lesson if upcoming else None
        if lesson is None:
            print(f"Every lesson is complete: well done. `{command('progress')}` shows them all.")
            return EXIT_OK
    while lesson is not None:
        current = lesson

        def rerun(shown: Lesson = current) -> bool:
            return show_lesson(shown, bound, clear=True, verbose=verbose)

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


def cmd_markers(integration: bool, timeout: float | None) -> int:
    from kata.course.discover import STUDENT_FILE
    from kata.course.trees import unit_test_files
    from kata.runs import cache
    from kata.runs.model import Run
    from kata.runs.run import common_imports
    from kata.runs.services import needed
    from kata.views.report import Style, wants_colour, write_output

    lessons = all_lessons()
    install_extras(lessons)
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
    results = cache.run_all_cached(runs, preloads, time_bound(timeout), services=needed(lessons))
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
