"""The instructor's walkthrough of a lesson, in temporary copies only.

1. the unit tests, green; 2. the reference integration test against the shipped
code, red with the real error; 3. the fix, as a diff; 4. everything green. All
runs start at once, then the steps are shown one by one, pausing for Enter when
someone is at the keyboard.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from kata.diffs import parse
from kata.discover import PLANTED, STUDENT_FILE, Lesson
from kata.report import Style
from kata.run import DEFAULT_TIMEOUT, Run, common_imports, prepare, run_all, workspace
from kata.services import started, with_services
from kata.trees import build_shipped, build_variant, unit_test_files, with_test_file


def fix_diff(lesson: Lesson, style: Style, shipped: Path) -> list[str]:
    """The planted bug's files, shipped → solved, as a coloured unified diff."""
    planted = lesson.diff_file(lesson.variant(PLANTED))
    assert planted is not None
    touched = [patch.path for patch in parse(planted.read_text(encoding="utf-8"), planted.name)]
    lines: list[str] = []
    for name in touched:
        lines += difflib.unified_diff(
            _read_lines(shipped / name),
            _read_lines(lesson.solution / name),
            fromfile=f"shipped/{name}",
            tofile=f"fixed/{name}",
        )
    return [colour_diff_line(line, style) for line in lines]


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []


def colour_diff_line(line: str, style: Style) -> str:
    if line.startswith(("+++", "---")):
        return style.bold(line)
    if line.startswith("+"):
        return style.paint(line, "32")
    if line.startswith("-"):
        return style.paint(line, "31")
    if line.startswith("@@"):
        return style.paint(line, "36")
    return line


def demo(
    lesson: Lesson,
    style: Style,
    pause: Callable[[str], None],
    timeout: float = DEFAULT_TIMEOUT,
) -> bool:
    """Show the four steps; True when each step showed what it should."""
    options = style.pytest_options(trusted=True)  # the solutions only, no student code
    prepare((*lesson.preload, *common_imports(lesson.solution)))
    with workspace() as work:
        # The shipped code with the reference test in place of the starter: the units
        # run collects only the unit test files, the red run only the reference test.
        shipped = with_test_file(
            build_shipped(lesson, work / "shipped"), lesson.solution / STUDENT_FILE
        )
        unit_files = unit_test_files(shipped)
        solved = build_variant(lesson, lesson.variant("reference"), work / "solved")
        runs = [
            Run("units", shipped, unit_files, options),
            Run("reference test on the shipped code", shipped, (STUDENT_FILE,), options),
            Run(
                "everything on the fixed code",
                solved,
                (*unit_test_files(solved), STUDENT_FILE),
                options,
            ),
        ]
        with started(lesson.services) as env:
            units, red, green = run_all(with_services(runs, env), timeout)
        fix = "".join(fix_diff(lesson, style, shipped))
    steps = [
        (f"1/4 · the unit tests are green ({', '.join(unit_files)})", units.output),
        (
            "2/4 · the reference integration test, against the shipped code: red",
            red.output,
        ),
        ("3/4 · the fix", fix),
        ("4/4 · after the fix: unit tests and integration test, all green", green.output),
    ]
    print(style.bold(f"Demo · lesson {lesson.number} · {lesson.title}: {lesson.kind}"))
    print(f"seam: {lesson.seam}\n")
    for number, (title, body) in enumerate(steps):
        if number:
            pause(f"Press Enter for step {number + 1}/4 …")
        print(style.rule(title))
        print(body.rstrip("\n"))
        print()
    return units.passed and bool(red.failures) and green.passed
