"""The instructor's walkthrough of a lesson, in temporary copies only.

1. the unit tests, green; 2. the reference integration test: its code, then its run
against the shipped code, red with the real error; 3. the fix, as a diff; 4. everything
green. All runs start at once, then the steps are shown one by one, pausing for Enter
when someone is at the keyboard.

Each step shows what a class can take in: test counts, with any test that failed named
with its error; the test's code without its module docstring and imports; the seam's
part of the fix (below), every other change counted ("+ 16 more changed lines in
payments.py, 31 in test_payments.py").
``full`` shows everything: pytest's own output, the whole test file, the whole diff.
Code is highlighted only when the style has colour (a terminal), plain otherwise.

The seam's part of the fix: the hunks, in the lesson's ``components``, that change a
definition (function, method or class, innermost) whose name the manifest's ``seam``
mentions. A component changed only elsewhere is shown whole, and so is the whole fix
when that leaves nothing to show.
"""

from __future__ import annotations

import ast
import difflib
import io
import keyword
import re
import tokenize
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kata.course.diffs import parse
from kata.course.discover import PLANTED, STUDENT_FILE, Lesson
from kata.course.invocation import command
from kata.course.trees import build_shipped, build_variant, unit_test_files, with_test_file
from kata.runs.model import Result, Run
from kata.runs.run import DEFAULT_TIMEOUT, common_imports, prepare, run_all
from kata.runs.scratch import workspace
from kata.runs.services import started, with_services
from kata.views.report import Style

STEPS = 4


@dataclass
class FileDiff:
    """One file's part of the fix: its ``---``/``+++`` lines and its hunks, each
    ``@@`` line first; ``seam`` says which hunks change what the seam names."""

    name: str
    header: list[str]
    hunks: list[list[str]]
    seam: list[bool]

    @property
    def lines(self) -> list[str]:
        return [*self.header, *(line for hunk in self.hunks for line in hunk)]


def fix_diffs(lesson: Lesson, shipped: Path, context: int = 3) -> list[FileDiff]:
    """The planted bug's files, shipped → solved, each split into hunks with ``context``
    lines around each change."""
    planted = lesson.diff_file(lesson.variant(PLANTED))
    assert planted is not None
    touched = [patch.path for patch in parse(planted.read_text(encoding="utf-8"), planted.name)]
    names = seam_names(lesson.seam)
    files = []
    for name in touched:
        old, new = _read(shipped / name), _read(lesson.solution / name)
        lines = list(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"shipped/{name}",
                tofile=f"fixed/{name}",
                n=context,
            )
        )
        if not lines:
            continue
        hunks: list[list[str]] = []
        for line in lines[2:]:
            if line.startswith("@@"):
                hunks.append([])
            hunks[-1].append(line)
        if name in lesson.components:
            old_defs, new_defs = definitions(old), definitions(new)
            seam = [bool(_changed_in(hunk, old_defs, new_defs) & names) for hunk in hunks]
            if not any(seam):
                seam = [True] * len(hunks)  # a component changed outside the seam's names
        else:
            seam = [False] * len(hunks)
        files.append(FileDiff(name, lines[:2], hunks, seam))
    if not any(any(diff.seam) for diff in files):
        for diff in files:
            diff.seam = [True] * len(diff.hunks)
    return files


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def seam_names(seam: str) -> set[str]:
    """Every name the seam mentions: ``checkout.pay_order() → PaymentClient.charge()``
    gives checkout, pay_order, PaymentClient and charge (and any other word)."""
    return set(re.findall(r"[A-Za-z_]\w*", seam))


def definitions(source: str) -> dict[int, str]:
    """Each line of ``source`` inside a function or class, with the innermost one's name
    (decorators included); nothing when it is not Python."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    inside: dict[int, str] = {}
    nodes = [node for node in ast.walk(tree) if isinstance(node, _DEFINITIONS)]
    for node in sorted(nodes, key=lambda node: node.lineno):  # outer ones first
        first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
        for line in range(first, (node.end_lineno or node.lineno) + 1):
            inside[line] = node.name
    return inside


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def _changed_in(hunk: list[str], old: dict[int, str], new: dict[int, str]) -> set[str]:
    """The definitions a hunk changes: where its removed lines were, its added lines are."""
    found = _HUNK.match(hunk[0])
    assert found is not None
    old_line, new_line = int(found[1]), int(found[2])
    names = set()
    for line in hunk[1:]:
        if line.startswith("-"):
            names.add(old.get(old_line, ""))
            old_line += 1
        elif line.startswith("+"):
            names.add(new.get(new_line, ""))
            new_line += 1
        else:
            old_line, new_line = old_line + 1, new_line + 1
    return names - {""}


def show_fix(files: Sequence[FileDiff], style: Style, full: bool, more: str) -> list[str]:
    """The fix as a coloured diff: whole when ``full``, else the seam's hunks and one
    line counting the changed lines of the rest, file by file, then ``more``."""
    out: list[str] = []
    rest = []
    for diff in files:
        if full:
            out += [colour_diff_line(line.rstrip("\n"), style) for line in diff.lines]
            continue
        shown = [hunk for hunk, seam in zip(diff.hunks, diff.seam, strict=True) if seam]
        if shown:
            out += [colour_diff_line(line.rstrip("\n"), style) for line in diff.header]
            out += [colour_diff_line(line.rstrip("\n"), style) for h in shown for line in h]
        hidden = [hunk for hunk, seam in zip(diff.hunks, diff.seam, strict=True) if not seam]
        changed = sum(1 for hunk in hidden for line in hunk[1:] if line[:1] in ("+", "-"))
        if changed:
            rest.append((changed, diff.name))
    if rest:
        (count, name), *others = rest
        counts = [f"{count} more changed line{'s' * (count > 1)} in {name}"]
        counts += [f"{count} in {name}" for count, name in others]
        out.append(style.dim(f"+ {', '.join(counts)} ({more})"))
    return out


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


def highlight(source: str, style: Style) -> str:
    """Python source, lightly coloured (keywords, strings, comments) when ``style`` has
    colour, as it is otherwise; text that does not tokenize stays plain."""
    if not style.colour:
        return source
    codes = {tokenize.STRING: "32", tokenize.COMMENT: "2"}
    lines = source.splitlines(keepends=True)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    painted = []  # (row, start column, end column, code), on one line each
    for token in tokens:
        code = codes.get(token.type)
        if token.type == tokenize.NAME and keyword.iskeyword(token.string):
            code = "1;34"
        elif token.type == tokenize.OP and token.string == "@":
            code = "35"
        if code is None:
            continue
        (row, col), (end_row, end_col) = token.start, token.end
        for line in range(row, end_row + 1):
            start = col if line == row else 0
            end = end_col if line == end_row else len(lines[line - 1].rstrip("\r\n"))
            painted.append((line, start, end, code))
    for row, start, end, code in sorted(painted, reverse=True):  # right to left
        text = lines[row - 1]
        lines[row - 1] = text[:start] + style.paint(text[start:end], code) + text[end:]
    return "".join(lines)


def test_code(source: str, full: bool) -> tuple[str, int]:
    """The reference test as shown, and its first line's number: from the first
    statement after the module docstring and imports, unless ``full``."""
    if full:
        return source, 1
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return source, 1
    skipped = (ast.Import, ast.ImportFrom)
    rest = [
        node
        for index, node in enumerate(body)
        if not isinstance(node, skipped)
        and not (index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]
    if not rest:
        return source, 1
    first = min([rest[0].lineno, *(d.lineno for d in getattr(rest[0], "decorator_list", []))])
    return "".join(source.splitlines(keepends=True)[first - 1 :]), first


def numbered(source: str, first: int, style: Style) -> str:
    """``source`` with its line numbers, dimmed, in a narrow margin."""
    lines = source.rstrip("\n").split("\n")
    width = len(str(first + len(lines) - 1))
    return "\n".join(
        f"{style.dim(str(number).rjust(width))}  {line}".rstrip()
        for number, line in enumerate(lines, first)
    )


def counted(result: Result, what: str, style: Style) -> str:
    """A run in a few lines: how many tests passed, per file, and each that did not,
    with its error; pytest's own output when the run did not get as far as tests."""
    if result.status != "done" or result.collect_errors or not result.tests:
        return result.output.rstrip("\n")
    outcomes = Counter(test.outcome for test in result.tests)
    per_file = Counter(test.file for test in result.tests)
    files = ", ".join(f"{name} {count}" for name, count in per_file.items())
    total = len(result.tests)
    if len(outcomes) == 1:
        lines = [f"{total} {what} {result.tests[0].outcome} ({files})"]
    else:
        tally = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        lines = [f"{total} {what}: {tally} ({files})"]
    for test in result.failures:
        lines.append(f"  {style.paint(test.outcome.upper(), '31')} {test.nodeid}")
        if test.message:
            lines.append(f"      {test.message}")
    return "\n".join(lines)


def demo(
    lesson: Lesson,
    style: Style,
    pause: Callable[[str], None],
    timeout: float = DEFAULT_TIMEOUT,
    full: bool = False,
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
        files = fix_diffs(lesson, shipped, 3 if full else 1)
    source, first = test_code(_read(lesson.solution / STUDENT_FILE), full)
    fix = show_fix(files, style, full, f"`{command('demo', lesson.number, '--full')}`")

    def shown(result: Result, what: str) -> str:
        return result.output.rstrip("\n") if full else counted(result, what, style)

    print(style.bold(f"Demo · lesson {lesson.number} · {lesson.title}: {lesson.kind}"))
    print(f"seam: {lesson.seam}")
    print(style.rule("1/4 · the unit tests are green"))
    print(shown(units, "unit tests") + "\n")
    pause(f"Press Enter for step 2/{STEPS} …")
    where = f"{STUDENT_FILE}, from line {first}" if first > 1 else STUDENT_FILE
    print(style.rule(f"2/4 · the reference integration test ({where})"))
    print(numbered(highlight(source, style), first, style) + "\n")
    pause("Press Enter to run it against the shipped code …")
    print(style.rule("2/4 · … against the shipped code: red"))
    print(shown(red, "integration tests") + "\n")
    pause(f"Press Enter for step 3/{STEPS} …")
    print(style.rule("3/4 · the fix"))
    print("\n".join(fix) + "\n")
    pause(f"Press Enter for step 4/{STEPS} …")
    print(style.rule("4/4 · after the fix: unit tests and integration test, all green"))
    print(shown(green, "tests"))
    return units.passed and bool(red.failures) and green.passed
