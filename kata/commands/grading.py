"""Grade students' repositories as data: ``kata grade`` and ``kata grade-class``.

A student's repository is never run and never imported from. Of it, only the files a
student may change are read: for each lesson the solutions folder knows, the regular
``*.py`` files in ``REPO/lessons/<lesson>/`` (never through a link, bounded in size and
count). Everything else (data files, ``conftest.py`` outside the lessons, the
Makefile, ``kata/``, ``pyproject.toml``) is the instructor's: the lesson as ``kata
sync`` generates it from the solutions, then the student's Python files in place of
the shipped ones. Each repository is judged with this checkout's ``kata/`` and
environment, in a scratch folder outside the repository and the solutions, against a
fresh read-only copy of the solutions; the solutions folder itself is digested before
and after, and any change stops the grading (exit 3).

``kata.commands.classgrade`` grades a class with this module, many repositories at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from kata import ROOT
from kata.course.discover import Lesson, load_lesson
from kata.course.files import read_regular
from kata.course.trees import JUNK, build_shipped, lesson_files
from kata.runs.scratch import workspace

#: Bounds on what is read of one lesson folder of a student's repository.
MAX_FILE_BYTES = 1024 * 1024
MAX_FILES = 100
MAX_ENTRIES = 5000  # directory entries looked at, files of any kind and folders
MAX_DEPTH = 8


class GradingError(Exception):
    """A repository that cannot be graded as it is: its result is an error result."""


class SolutionsChanged(Exception):
    """The solutions folder changed while grading: no result can be trusted."""


# ---------------------------------------------------------------- reading a repository


def read_lesson_files(repo: Path, names: Sequence[str]) -> dict[str, dict[str, bytes]]:
    """The student's Python files of each lesson folder ``names``, by relative path.

    ``REPO/lessons`` must be a real folder; a lesson folder that is missing or a link
    has no files (its lesson is then ``no-test``). No link is followed, nothing in
    ``__pycache__`` or a hidden folder is read, and a folder over the bounds is an error.
    """
    lessons = repo / "lessons"
    try:
        info = os.lstat(lessons)
    except OSError:
        raise GradingError(f"{repo.name} has no lessons/ folder: nothing to grade") from None
    if not stat.S_ISDIR(info.st_mode):
        kind = "a link" if stat.S_ISLNK(info.st_mode) else "not a folder"
        raise GradingError(f"{repo.name}/lessons is {kind}: nothing to grade")
    found: dict[str, dict[str, bytes]] = {}
    for name in names:
        folder = lessons / name
        try:
            real_folder = stat.S_ISDIR(os.lstat(folder).st_mode)
        except OSError:
            real_folder = False
        found[name] = _python_files(folder, f"lessons/{name}") if real_folder else {}
    return found


def _python_files(folder: Path, shown: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    entries = 0
    pending: list[tuple[Path, str, int]] = [(folder, "", 0)]
    while pending:
        current, prefix, depth = pending.pop()
        try:
            listing = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            raise GradingError(f"{shown}/{prefix} cannot be read: {_why(error)}") from None
        for entry in listing:
            entries += 1
            if entries > MAX_ENTRIES:
                raise GradingError(f"{shown} holds more than {MAX_ENTRIES} files and folders")
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.name in JUNK or entry.name.startswith("."):
                    continue
                if depth + 1 >= MAX_DEPTH:
                    raise GradingError(f"{shown}/{relative} is nested more than {MAX_DEPTH} deep")
                pending.append((Path(entry.path), relative + "/", depth + 1))
            elif entry.name.endswith(".py") and entry.is_file(follow_symlinks=False):
                if len(files) >= MAX_FILES:
                    raise GradingError(f"{shown} holds more than {MAX_FILES} Python files")
                files[relative] = _read_regular(Path(entry.path), f"{shown}/{relative}")
    return files


def _read_regular(path: Path, shown: str) -> bytes:
    """The bytes of a regular file, never through a link, at most ``MAX_FILE_BYTES``."""
    try:
        data, size = read_regular(path, MAX_FILE_BYTES + 1)
    except OSError as error:
        raise GradingError(f"{shown} cannot be read: {_why(error)}") from None
    if max(size, len(data)) > MAX_FILE_BYTES:
        raise GradingError(f"{shown} is larger than {MAX_FILE_BYTES // 1024} KB")
    return data


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


# ---------------------------------------------------------------- the solutions folder


def solutions_digest(folder: Path) -> str:
    """A hash of everything under ``folder``: names, file bytes and link targets."""
    hasher = hashlib.sha256()
    for top, folders, files in os.walk(folder, followlinks=False):
        folders.sort()
        for name in sorted([*files, *(f for f in folders if os.path.islink(os.path.join(top, f)))]):
            path = os.path.join(top, name)
            hasher.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape") + b"\0")
            if os.path.islink(path):
                hasher.update(b"link " + os.readlink(path).encode("utf-8", "surrogateescape"))
            else:
                with open(path, "rb") as handle:
                    hasher.update(hashlib.sha256(handle.read()).digest())
            hasher.update(b"\0")
    return hasher.hexdigest()


def read_only_copy(solutions: Path, names: Sequence[str], destination: Path) -> Path:
    """The lesson folders ``names`` of ``solutions``, copied to ``destination``, read-only."""
    for name in names:
        source = solutions / name
        for relative in lesson_files(source):
            target = destination / name / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, target)
    for path in sorted(destination.rglob("*"), reverse=True):
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    os.chmod(destination, 0o555)
    return destination


def _writable_again(folder: Path) -> None:
    """Let a read-only copy be removed."""
    with suppress(OSError):
        os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            with suppress(OSError):
                os.chmod(path, 0o755)


# ---------------------------------------------------------------- one repository


def graded_tree(lesson: Lesson, files: dict[str, bytes]) -> Path:
    """``lesson.folder``: the lesson as shipped, its Python files replaced by ``files``."""
    folder = build_shipped(lesson, lesson.folder)
    for relative in lesson_files(folder):
        if relative.endswith(".py"):
            (folder / relative).unlink()
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def _as_in_the_repository(lesson: Lesson) -> Lesson:
    """``lesson`` with the paths a student knows (``lessons/…``, ``solutions/…``), for texts."""
    return replace(
        lesson,
        folder=ROOT / "lessons" / lesson.name,
        solution=ROOT / "solutions" / lesson.name,
    )


def grade_repository(
    repo: Path, solutions: Path, names: Sequence[str], student: str, timeout: float
) -> dict[str, Any]:
    """The JSON result of one repository: ``check --all --json``'s shape, or an error."""
    from kata.verdict.grade import check
    from kata.views.shapes import graded_json, grading_error_json

    repository = repo.name
    try:
        submitted = read_lesson_files(repo, names)
    except GradingError as error:
        return grading_error_json(student, repository, str(error))
    with workspace() as scratch:
        copy = read_only_copy(solutions, names, scratch / "solutions")
        copied = solutions_digest(copy)
        try:
            lessons = [load_lesson(copy / name, scratch) for name in names]
            verdicts = []
            for lesson in lessons:
                try:
                    graded_tree(lesson, submitted[lesson.name])
                except OSError as error:  # e.g. a folder named like a shipped file
                    message = f"lessons/{lesson.name} cannot be laid out: {_why(error)}"
                    return grading_error_json(student, repository, message)
                verdict = check(lesson, timeout, use_cache=False)
                verdict.lesson = _as_in_the_repository(lesson)
                verdicts.append(verdict)
            if solutions_digest(copy) != copied:
                return grading_error_json(
                    student,
                    repository,
                    "the copy of the solutions changed while this repository was judged: "
                    "its runs were not confined; no verdict is given",
                )
        finally:
            _writable_again(copy)
    shown = [_as_in_the_repository(lesson) for lesson in lessons]
    return graded_json(verdicts, shown, student, repository)


def unchanged(solutions: Path, before: str, after_whom: str) -> None:
    """Raise ``SolutionsChanged`` unless ``solutions`` still has the digest ``before``."""
    if solutions_digest(solutions) != before:
        raise SolutionsChanged(
            f"the solutions folder {solutions} CHANGED while grading (noticed after "
            f"{after_whom}): no result of this run can be trusted. Restore it (git checkout, "
            "or a fresh copy), find what wrote there, and grade again."
        )


def outside(scratch: Path, folders: Sequence[Path]) -> None:
    """Refuse a scratch folder inside a repository or the solutions."""
    real = Path(os.path.realpath(scratch))
    for folder in folders:
        if real.is_relative_to(Path(os.path.realpath(folder))):
            raise GradingError(
                f"the scratch folder {scratch} is inside {folder}: set TMPDIR to a folder "
                "outside the repositories and the solutions"
            )


def passed(result: dict[str, Any]) -> bool:
    """Every judged lesson of a result is complete (an error result never is)."""
    return result.get("status") == "pass"


# ---------------------------------------------------------------- the commands


def require_sandbox(allowed: bool) -> None:
    """Refuse to grade without the run sandbox, unless ``allowed`` (then say so once)."""
    from kata.runs.sandbox import SandboxError, protections

    granted = protections()
    if granted.complete:
        return
    if not allowed:
        raise SandboxError(
            f"grading runs students' code, and the run sandbox is not in force here "
            f"({granted.reason}): nothing was run. On a throwaway machine, "
            "--allow-unsandboxed runs it unconfined."
        )
    print(
        f"kata: grading WITHOUT the run sandbox ({granted.reason}): students' tests run "
        "unconfined (--allow-unsandboxed).",
        file=sys.stderr,
    )


def repositories(paths: Sequence[str]) -> list[Path]:
    """The repositories named, each an existing folder (else a usage error)."""
    from kata.commands.common import UsageError

    found = []
    for path in paths:
        folder = Path(path)
        if not folder.is_dir():
            raise UsageError(f"{path}: no such folder (a student's repository)")
        found.append(Path(os.path.abspath(folder)))
    return found


def existing_ancestor(path: Path) -> Path:
    for parent in path.parents:
        if parent.is_dir() and not parent.is_symlink():
            return parent
    return Path(path.anchor)


def _line(student: str, result: dict[str, Any]) -> list[str]:
    """A result as text: one line per lesson (or one for an error)."""
    from kata.course.controls import clean

    who = clean(student)
    if result.get("status") == "error" and "message" in result:
        return [f"{who}: error: {clean(str(result['message']))}"]
    lines = []
    for lesson in result.get("lessons", []):
        mutants = lesson.get("mutants", {})
        total = mutants.get("total")
        killed = f" ({mutants.get('killed')}/{total} mutants)" if total else ""
        lines.append(
            f"{who}: lesson {lesson['lesson']} · {lesson['title']}: {lesson['state']}{killed}"
        )
    return lines


def run_grade(
    paths: Sequence[str],
    solutions: Path,
    lessons: Sequence[Lesson],
    student: str | None,
    as_json: bool,
    out: str | None,
    timeout: float,
) -> int:
    """``kata grade``: judge each repository; 0 when every judged lesson is complete."""
    from kata.commands.common import EXIT_CANNOT_RUN, EXIT_NOT_YET, EXIT_OK, UsageError
    from kata.course.files import write_file
    from kata.runs.run import start_early

    repos = repositories(paths)
    if len(repos) > 1 and (student or out):
        raise UsageError("--student and --out name one repository's result: give one REPO")
    if len(repos) == 1 and not student:
        student = os.environ.get("KATA_STUDENT", "") or None
    with workspace() as probe:
        try:
            outside(probe, [*repos, solutions])
        except GradingError as error:
            raise UsageError(str(error)) from error
    start_early()
    names = [lesson.name for lesson in lessons]
    before = solutions_digest(solutions)
    everything = True
    for repo in repos:
        name = student or repo.name
        result = grade_repository(repo, solutions, names, name, timeout)
        try:
            unchanged(solutions, before, name)
        except SolutionsChanged as error:
            loud(str(error))
            return EXIT_CANNOT_RUN
        everything = everything and passed(result)
        text = json.dumps(result)
        if out:
            target = Path(os.path.abspath(out))
            write_file(target, text + "\n", existing_ancestor(target))
        if as_json and not out:
            print(text, flush=True)
        elif not as_json:
            print("\n".join(_line(name, result)), flush=True)
    return EXIT_OK if everything else EXIT_NOT_YET


def loud(message: str) -> None:
    rule = "!" * 72
    print(f"{rule}\nkata: {message}\n{rule}", file=sys.stderr, flush=True)
