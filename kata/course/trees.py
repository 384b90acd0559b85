"""Build the lesson trees the grader runs: the solved lesson with one variant's change.

Trees are built in a private temporary folder under random names of one length, in
random order and with one timestamp, so a test cannot tell which implementation it is
looking at. Nothing is ever written
into ``lessons/`` or ``solutions/``. A fresh temporary folder holds no link, so only
a copy into a folder the kata did not just make (``root``) goes through
``kata/course/files.py``.
"""

from __future__ import annotations

import ast
import hashlib
import os
import random
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kata.course.diffs import PatchError, apply
from kata.course.discover import PARAPHRASE, PLANTED, STUDENT_FILE, Lesson, LessonError, Variant
from kata.course.files import copy_file

#: Never copied, compared or counted: caches, and what a run may leave behind.
JUNK = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "instance"}
#: The solution's own material: never part of a lesson tree or of ``lessons/``.
SOLUTION_ONLY = {"variants", "starter", "SOLUTION.md", "lesson.toml"}


def lesson_files(folder: Path, skip: Iterable[str] = ()) -> list[str]:
    """Relative paths of the regular files in a lesson tree, sorted, junk left out.

    A link is not a lesson file: following one would let a student's folder hand the
    kata any file it can read (a solution), to copy into a run that could not.
    """
    skipped = JUNK | set(skip)
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in skipped for part in relative.parts) or path.suffix == ".pyc":
            continue
        if path.is_file() and not path.is_symlink():
            files.append(relative.as_posix())
    return files


def unit_test_files(folder: Path) -> tuple[str, ...]:
    """The lesson's unit test files: every ``test_*.py`` but the integration one."""
    return tuple(
        relative
        for relative in lesson_files(folder)
        if Path(relative).name.startswith("test_")
        and relative.endswith(".py")
        and relative != STUDENT_FILE
    )


def shadows(added: str, known: Iterable[str]) -> bool:
    """Whether file ``added`` would be imported in place of a module in ``known`` (the
    lesson's own files): a package ``sandbox/`` beside ``sandbox.py`` is imported first,
    and so is an extension module (``sandbox.cpython-311-x86_64-linux-gnu.so``)."""
    modules = {name.removesuffix(".py") for name in known if name.endswith(".py")}
    parts = Path(added).parts
    folders = ["/".join(parts[: depth + 1]) for depth in range(len(parts) - 1)]
    if any(folder in modules for folder in folders):
        return True
    stem = "/".join([*parts[:-1], parts[-1].split(".")[0]])
    return added.endswith((".so", ".pyd")) and stem in modules


def unit_tests(folder: Path, around: bool = False) -> dict[str, str]:
    """The unit tests of a lesson tree by node id, read without running pytest.

    ``file::test`` or ``file::Class::test`` (a parametrised test counts once, by this
    base id), each with its code as ``ast.dump``, so a changed test can be told from
    a kept one. ``around``: a test's code includes the other statements of its module
    and class (imports, constants, fixtures, helpers; not docstrings), which change
    what it does too. Only what pytest collects by default: ``test*`` functions at
    module level and in ``Test*`` classes. A file that does not parse, or whose syntax
    tree is too deep to read, has no test here.
    """
    found: dict[str, str] = {}

    def collect(body: list[ast.stmt], prefix: str, context: str, into: dict[str, str]) -> None:
        if around:
            context += "".join(ast.dump(node) for node in _context(body))
        for node in filter(_is_test, body):
            if isinstance(node, ast.ClassDef):
                collect(node.body, f"{prefix}::{node.name}", context, into)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                into[f"{prefix}::{node.name}"] = ast.dump(node) + context

    for name in unit_test_files(folder):
        tests: dict[str, str] = {}
        try:
            collect(ast.parse((folder / name).read_bytes(), name).body, name, "", tests)
        except UNREADABLE:
            continue  # all of a file or none of it
        found.update(tests)
    return found


def _is_test(node: ast.stmt) -> bool:
    """A ``test*`` function or a ``Test*`` class: what pytest collects."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name.startswith("test")
    return isinstance(node, ast.ClassDef) and node.name.startswith("Test")


def _context(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a module or class body that are not tests or a docstring."""
    first = body[0] if body else None
    docstring = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    return [node for node in body[1 if docstring else 0 :] if not _is_test(node)]


#: What reading a file as a syntax tree may raise: besides bad syntax, a nesting too
#: deep for the parser or for ``ast.dump`` (recursion), or too big to hold.
UNREADABLE = (SyntaxError, ValueError, OSError, RecursionError, MemoryError)


def copy_tree(
    source: Path, destination: Path, skip: Iterable[str] = (), root: Path | None = None
) -> None:
    """Copy the lesson files of ``source`` into ``destination`` (created if needed).

    ``root``: the destination is not a fresh temporary folder, so every write stays
    below ``root`` and replaces any link instead of following it.
    """
    for relative in lesson_files(source, skip):
        target = destination / relative
        if root is not None:
            copy_file(source / relative, target, root)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, target)


def build_in_random_order(
    builders: Sequence[Callable[[Path], object]], destinations: Sequence[Path], staging: Path
) -> None:
    """Run ``builders[i]`` to make the tree at ``destinations[i]``, the trees in random order.

    Each tree is built in ``staging`` (removed afterwards), then copied to its
    destination file by file in name order, and every file and folder of every tree
    gets one timestamp. So inode numbers and times tell the trees apart only by that
    random order: not by which was built first, nor by which files a variant's change
    or the paraphrase rewrote.
    """
    stamp = time.time_ns()
    order = list(range(len(builders)))
    secrets.SystemRandom().shuffle(order)
    try:
        for index in order:
            built = staging / str(index)
            built.mkdir(parents=True)
            builders[index](built)
            copy_tree(built, destinations[index])
            _stamp(destinations[index], stamp)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stamp(tree: Path, stamp: int) -> None:
    """Give every file and folder of ``tree`` the access and modification time ``stamp``."""
    # Never through a link, where the system can say so (not Windows: a tree built here
    # holds no link anyway).
    follow = os.utime not in os.supports_follow_symlinks
    for path in sorted(tree.rglob("*")):
        os.utime(path, ns=(stamp, stamp), follow_symlinks=follow)
    os.utime(tree, ns=(stamp, stamp))


def copy_solution(lesson: Lesson, destination: Path) -> Path:
    """The solved lesson at ``destination``: the solution's files but its own material,
    and the files its services bring (``Lesson.shared_files``)."""
    copy_tree(lesson.solution, destination, skip=SOLUTION_ONLY)
    for name, source in lesson.shared_files.items():
        shutil.copyfile(source, destination / name)
    return destination


def build_variant(lesson: Lesson, variant: Variant, destination: Path, salt: str = "") -> Path:
    """The solved lesson with ``variant``'s change applied, at ``destination``.

    ``salt`` goes into the paraphrase's components (see ``paraphrase``).
    """
    copy_solution(lesson, destination)
    if variant.kind == PARAPHRASE:
        return paraphrase(destination, lesson.components, salt)
    diff = lesson.diff_file(variant)
    if diff is not None:
        where = f"solutions/{lesson.name}/variants/{diff.name}"
        try:
            text = diff.read_text(encoding="utf-8")
        except OSError:
            raise LessonError(
                f"{where} is missing: record it with "
                f"`python -m kata variant {lesson.number} {variant.name} --from DIR`"
            ) from None
        try:
            apply(text, destination, where)
        except PatchError as error:
            raise LessonError(
                f"{error}. The solution changed under this variant: re-record it with "
                f"`python -m kata variant {lesson.number} {variant.name} --from DIR`"
            ) from error
    return destination


def paraphrase(tree: Path, components: Iterable[str], salt: str = "") -> Path:
    """Re-emit each Python component of ``tree`` from its syntax tree: the same code in
    other bytes (no comments, other quotes and wrapping), under a first comment line.

    ``salt``, or without one a token derived from the source, starts the comment and
    chooses the layout: the comment's length and the blank lines between statements.
    Grading passes a random salt, so a test can know neither the paraphrase's bytes
    nor its size in advance; without one it is the same tree every time, so cached
    results stay valid.
    """
    for name in components:
        path = tree / name
        if not name.endswith(".py") or not path.is_file():
            continue
        source = path.read_bytes()
        token = salt or hashlib.sha256(source).hexdigest()[:SALT_LENGTH]
        layout = random.Random(f"{token} {name}")  # seeded: one salt, one layout
        padding = "".join(layout.choices("0123456789abcdef", k=layout.randint(0, PADDING)))
        text = f"# {token}{padding}\n"
        for statement in ast.parse(source, name).body:
            text += ast.unparse(statement) + "\n" * layout.randint(1, 3)
        path.write_text(text, encoding="utf-8")
    return tree


#: Hex digits of a salt; the token derived without one has as many.
SALT_LENGTH = 16
#: At most this many more hex digits on the paraphrase's comment line.
PADDING = 64


def new_salt() -> str:
    """A random salt for the paraphrase (grading: nothing about it is known in advance)."""
    return secrets.token_hex(SALT_LENGTH // 2)


def build_shipped(lesson: Lesson, destination: Path) -> Path:
    """The lesson exactly as shipped: the planted bug and the starter test file."""
    build_variant(lesson, lesson.variant(PLANTED), destination)
    return with_test_file(destination, lesson.starter_file)


def with_test_file(tree: Path, test_file: Path) -> Path:
    """Put ``test_file`` into ``tree`` as its integration test file."""
    shutil.copyfile(test_file, tree / STUDENT_FILE)
    return tree


def digest(folder: Path, skip: Iterable[str] = ()) -> str:
    """A content hash of a tree's files (names and bytes)."""
    hasher = hashlib.sha256()
    for relative in lesson_files(folder, skip):
        hasher.update(os.fsencode(relative) + b"\0")  # any name the file system allows
        hasher.update((folder / relative).read_bytes() + b"\0")
    return hasher.hexdigest()


def code_digest(folder: Path) -> str:
    """The hash of everything in a lesson tree except the integration test file.

    Two trees with the same code digest run a given integration test identically.
    """
    return digest(folder, skip={STUDENT_FILE, "README.md", "lesson.toml", *SOLUTION_ONLY})
