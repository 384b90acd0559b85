"""Variants as the change they make: write and apply unified diffs of lesson trees.

A variant is stored as ``solutions/<lesson>/variants/<name>.diff``, a plain unified
diff against the solved lesson (``a/`` and ``b/`` paths, as ``git diff`` writes
them, so GitHub shows it highlighted); a sample submission of the kata's own tests
as ``tests/samples/<lesson>/<name>.diff``, against the shipped lesson. Applying is
strict: every context and removed line must stand exactly where the hunk says. A
variant whose solved lines changed under it fails with the file and the line,
instead of silently going stale.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_NO_NEWLINE = "\\ No newline at end of file"
DEV_NULL = "/dev/null"


class PatchError(Exception):
    """A diff that does not apply, or cannot be read. The message names file and line."""


@dataclass
class Hunk:
    old_start: int
    lines: list[str] = field(default_factory=list)  # each starts with " ", "-" or "+"


@dataclass
class FilePatch:
    old: str | None  # None: the variant adds this file
    new: str | None  # None: the variant deletes this file
    hunks: list[Hunk] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.new or self.old or "?"


def _lines(text: str) -> list[str]:
    """Lines without their ends; a missing final newline is kept as a marker line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    else:
        lines.append(_NO_NEWLINE)
    return lines


def _with_marker(diff_lines: list[str]) -> list[str]:
    """difflib's lines, with git's marker after a last line that has no newline."""
    out = []
    for line in diff_lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out += [line + "\n", _NO_NEWLINE + "\n"]
    return out


def make_diff(before: Path, after: Path, files: list[str]) -> str:
    """The unified diff that turns the ``files`` of ``before`` into those of ``after``.

    A file missing on one side is added or deleted; both sides are read as UTF-8.
    """
    out: list[str] = []
    for name in files:
        old_path, new_path = before / name, after / name
        old = old_path.read_text(encoding="utf-8") if old_path.is_file() else None
        new = new_path.read_text(encoding="utf-8") if new_path.is_file() else None
        if old == new:
            continue
        fromfile = f"a/{name}" if old is not None else DEV_NULL
        tofile = f"b/{name}" if new is not None else DEV_NULL
        lines = list(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=fromfile,
                tofile=tofile,
            )
        )
        out += _with_marker(lines) or [f"--- {fromfile}\n", f"+++ {tofile}\n"]  # empty file
    return "".join(out)


def parse(text: str, where: str) -> list[FilePatch]:
    """Read a unified diff; ``where`` names it in errors.

    Each hunk's line counts say where it ends, so a removed line that itself starts
    with ``--`` is never taken for the next file's header.
    """
    patches: list[FilePatch] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _HUNK.match(line)
        if line.startswith("--- "):
            if index + 1 >= len(lines) or not lines[index + 1].startswith("+++ "):
                raise PatchError(f"{where}, line {index + 1}: '---' without a '+++' line after it")
            old, new = _path(line[4:], "a/"), _path(lines[index + 1][4:], "b/")
            for name in (old, new):
                if name is not None and (name.startswith("/") or ".." in Path(name).parts):
                    raise PatchError(f"{where}, line {index + 1}: unsafe path {name!r}")
            patches.append(FilePatch(old, new))
            index += 2
        elif found and patches:
            hunk = Hunk(int(found[1]))
            old_left = int(found[2]) if found[2] is not None else 1
            new_left = int(found[4]) if found[4] is not None else 1
            index += 1
            while index < len(lines) and (old_left > 0 or new_left > 0 or _marker(lines[index])):
                body = lines[index] or " "  # an editor may strip a blank context line's space
                kind = body[:1]
                if kind not in (" ", "-", "+", "\\"):
                    raise PatchError(f"{where}, line {index + 1}: the hunk ends early: {body!r}")
                old_left -= kind in (" ", "-")
                new_left -= kind in (" ", "+")
                hunk.lines.append(body)
                index += 1
            if old_left > 0 or new_left > 0:
                raise PatchError(f"{where}, line {index}: the last hunk is cut short")
            patches[-1].hunks.append(hunk)
        elif line.strip() and not line.startswith(("diff ", "index ", "new file", "deleted")):
            raise PatchError(f"{where}, line {index + 1}: not a unified diff line: {line!r}")
        else:
            index += 1
    return patches


def _marker(line: str) -> bool:
    return line.startswith("\\")


def _path(text: str, prefix: str) -> str | None:
    name = text.split("\t", 1)[0].strip()
    if name == DEV_NULL:
        return None
    return name.removeprefix(prefix)


def apply(
    text: str, tree: Path, where: str, change: str = "the variant", base: str = "the solution"
) -> list[str]:
    """Apply the diff ``text`` to the files of ``tree`` in place; return the paths it touched.

    ``change`` and ``base`` name the diff and the tree in errors (a sample's diff
    applies to the shipped lesson).
    """
    touched = []
    for patch in parse(text, where):
        target = tree / patch.path
        if patch.old is None:
            if target.exists():
                raise PatchError(f"{where}: adds {patch.path}, which {base} already has")
            original: list[str] = []
        else:
            try:
                original = _lines(target.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise PatchError(f"{where}: changes {patch.path}, which {base} lacks") from None
        result = _apply_hunks(original, patch, where, change, base)
        if patch.new is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            text_out = "\n".join(line for line in result if line != _NO_NEWLINE)
            if result and result[-1] != _NO_NEWLINE:
                text_out += "\n"
            target.write_text(text_out, encoding="utf-8")
        touched.append(patch.path)
    return touched


def _apply_hunks(
    original: list[str], patch: FilePatch, where: str, change: str, base: str
) -> list[str]:
    result: list[str] = []
    position = 0  # next unread line of ``original``
    for hunk in patch.hunks:
        start = max(hunk.old_start - 1, 0) if hunk.old_start else 0
        if start < position:
            raise PatchError(f"{where}: {patch.path}: hunks overlap at line {hunk.old_start}")
        result += original[position:start]
        position = start
        for number, line in enumerate(hunk.lines):
            kind, body = line[:1], line[1:]
            if kind == "\\":  # "\ No newline at end of file": about the line before it
                previous = hunk.lines[number - 1][:1] if number else " "
                if previous in (" ", "-") and original[position : position + 1] == [_NO_NEWLINE]:
                    position += 1
                if previous in (" ", "+"):
                    result.append(_NO_NEWLINE)
                continue
            if kind in (" ", "-"):
                actual = original[position] if position < len(original) else None
                if actual != body:
                    shown = "the end of the file" if actual is None else repr(actual)
                    raise PatchError(
                        f"{where}: {patch.path}, line {position + 1}: {change} expects "
                        f"{body!r} but {base} has {shown}"
                    )
                position += 1
                if kind == " ":
                    result.append(body)
            elif kind == "+":
                result.append(body)
    result += original[position:]
    return result
