"""Advice for a test that misses the bug, read from what the test's code does.

Each piece of advice names one mistake, and is given only when the test's code
shows that very mistake: a test that replaces a side of the seam (a mock, a patch,
the lesson's own fake), one that asserts on configuration instead of behaviour, or
one that converts the value it checks before comparing it with the contract's value.
When none of them fits, the advice is the general one: nothing specific is better
than something wrong. Only the syntax tree is read (never comments or strings), and
nothing here runs the student's code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from typing import Literal

Mistake = Literal["mocks", "fake", "config", "converts"]

#: What replaces an object for a test (unittest.mock and pytest-mock).
_MOCKS = frozenset(
    {"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "create_autospec", "patch"}
)
#: What ``.patch`` belongs to when it patches: ``mocker.patch``, ``mock.patch``.
_MOCK_OWNERS = frozenset({"mocker", "mock", "unittest"})
#: What patches an attribute in place: ``monkeypatch.setattr``, ``mocker.patch.object``.
_PATCHERS = frozenset({"setattr", "delattr"})
#: A class or function named as a test double: FakePickupRepo, StubMailer, fake_repo.
_DOUBLE = re.compile(r"(?:^|[a-z0-9_])(?:Fake|Stub|Dummy|Spy|Mock|Double)(?:[A-Z0-9_]|$)"
                     r"|^_?(?:fake|stub|dummy|spy|mock)(?:_|$)")  # fmt: skip
#: Where an app keeps its settings: ``app.config[...]``, ``settings.DATABASE``.
_SETTINGS = frozenset({"config", "settings", "configuration"})
#: Calls that turn a value into another type, or round it.
_CONVERTERS = frozenset({"float", "int", "str", "Decimal", "round", "approx"})
#: Names that hold a file system path, not a value crossing the seam.
_PATHLIKE = re.compile(
    r"(?:^|_)(?:path|paths|file|filename|dir|folder|directory|database|db)$|^tmp"
)


def mistakes(source: str, local_modules: Sequence[str] = ()) -> dict[Mistake, str]:
    """The mistakes ``source`` (a test file) shows, from its syntax tree alone, each
    with what shows it where that is a plain name (the double a test imports), else "".

    ``local_modules``: top-level names of the lesson's own modules (its components,
    ``conftest``, its test modules): a test double imported from one of them is the
    lesson's own fake of a real side.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # any file a student writes
        return {}
    try:
        return _found(tree, frozenset(local_modules) | {"conftest"})
    except RecursionError:  # a parse that just fit, walked deeper
        return {}


def _found(tree: ast.AST, local: frozenset[str]) -> dict[Mistake, str]:
    found: dict[Mistake, str] = {}
    local_imports = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_local(node.module, local):
            for alias in node.names:
                if _DOUBLE.search(alias.name):
                    found.setdefault("fake", _plain_name(alias.name))
        elif isinstance(node, ast.Import):
            local_imports |= {a.asname or a.name for a in node.names if _is_local(a.name, local)}
        if _replaces_an_object(node):
            found.setdefault("mocks", "")
        if isinstance(node, ast.Assert):
            if _reads_settings(node.test):
                found.setdefault("config", "")
            if any(_compares_converted(compare) for compare in _compares(node.test)):
                found.setdefault("converts", "")
    for node in ast.walk(tree):  # ``import test_reminders`` ... ``test_reminders.FakeRepo()``
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in local_imports
            and _DOUBLE.search(node.attr)
        ):
            found.setdefault("fake", _plain_name(node.attr))
    return found


def _replaces_an_object(node: ast.AST) -> bool:
    """``Mock()``, ``patch(...)``, ``mocker.patch``, ``monkeypatch.setattr(...)``; not
    ``client.patch(...)`` (an HTTP PATCH) nor ``monkeypatch.setenv(...)``."""
    if isinstance(node, ast.Name):
        return node.id in _MOCKS
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "patch":
        owner = node.value
        return isinstance(owner, (ast.Name, ast.Attribute)) and (
            getattr(owner, "id", None) in _MOCK_OWNERS or getattr(owner, "attr", None) == "mock"
        )
    return node.attr in _MOCKS or (node.attr in _PATCHERS and isinstance(node.value, ast.Name))


def _plain_name(name: str) -> str:
    """``name`` when it is a plain ASCII identifier, safe inside the kata's sentences."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,60}", name) else ""


def _is_local(module: str | None, local: frozenset[str]) -> bool:
    if not module:
        return False
    top = module.split(".")[0]
    return top in local or top.startswith("test_") or top.endswith("_test")


def local_modules(components: Sequence[str]) -> tuple[str, ...]:
    """Top-level module names of a lesson's components (``app/auth.py`` is ``app``)."""
    names = []
    for component in components:
        first = PurePosixPath(component).parts[0]
        names.append(first.removesuffix(".py"))
    return tuple(dict.fromkeys(names))


def _reads_settings(test: ast.expr) -> bool:
    """The assertion reads a setting: ``app.config["DATABASE"]``, ``settings.X``."""
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr in _SETTINGS:
            return True
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) in _SETTINGS:
            return True
    return False


def _compares(test: ast.expr) -> Iterator[ast.Compare]:
    for node in ast.walk(test):
        if isinstance(node, ast.Compare):
            yield node


def _compares_converted(compare: ast.Compare) -> bool:
    """One side converts a value that crossed the seam; another is the contract's value
    (a literal, or ``approx``/``Decimal`` of one): ``float(body["total"]) == 54.96``.

    Converting a path to compare it (``str(db_file)``) converts no such value.
    """
    operands = [compare.left, *compare.comparators]
    for index, operand in enumerate(operands):
        if not _converts_an_outcome(operand):
            continue
        others = operands[:index] + operands[index + 1 :]
        if any(_is_contract_value(other) for other in others):
            return True
    return False


def _converts_an_outcome(node: ast.expr) -> bool:
    if not (isinstance(node, ast.Call) and node.args and _called(node) in _CONVERTERS):
        return False
    value = node.args[0]
    return not (_is_contract_value(value) or _is_pathlike(value))


def _is_contract_value(node: ast.expr) -> bool:
    """A literal value, as the contract states it: ``54.96``, ``"1.50"``, ``-3``,
    ``approx(54.96)``, ``Decimal("1.50")``, ``[1, 2]``."""
    if isinstance(node, ast.Constant):
        return not isinstance(node.value, bool) and node.value is not None
    if isinstance(node, ast.UnaryOp):
        return _is_contract_value(node.operand)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return bool(node.elts) and all(_is_contract_value(item) for item in node.elts)
    if isinstance(node, ast.Call) and _called(node) in _CONVERTERS and node.args:
        return _is_contract_value(node.args[0])
    return False


def _called(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else ""


def _is_pathlike(node: ast.expr) -> bool:
    """A file system path: ``db_file``, ``tmp_path / "x"``, ``Path(...)``, ``x.name``."""
    if isinstance(node, ast.Name):
        return bool(_PATHLIKE.search(node.id))
    if isinstance(node, ast.Attribute):
        return bool(_PATHLIKE.search(node.attr)) or node.attr in ("name", "stem", "parent")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _is_pathlike(node.left)
    if isinstance(node, ast.Call):
        return _called(node) in ("Path", "PurePath", "join", "resolve", "absolute", "mktemp")
    return False


def misses_bug_advice(source: str, components: Sequence[str], hint_command: str) -> str:
    """What to change in a test that passes on the bug: the advice for the first mistake
    its code shows, or the general advice when it shows none of them."""
    found = mistakes(source, local_modules(components))
    if "mocks" in found:
        return (
            "Your test replaces a side of the seam with a mock or a patch, so the real "
            "components never meet there. Keep both sides real; replace only a true "
            "external edge (a mailer, a payment provider)."
        )
    if "fake" in found:
        double = f"{found['fake']}, " if found["fake"] else ""
        return (
            f"Your test uses {double}the lesson's own stand-in for a real component, so "
            "the real components never meet at the seam. Use the real "
            "component in its place; a fake stands in only for a true external edge "
            "(a mailer, a payment provider)."
        )
    if "config" in found:
        return (
            "Your test asserts on the app's configuration (app.config, settings): a setting "
            "says what was asked for, not what the code does with it, and it reads the same "
            "with the bug in place. Assert on the effect instead: where the data really "
            "went, what the user gets back."
        )
    if "converts" in found:
        return (
            "Your test converts or rounds the value it checks before comparing it with "
            "the expected one (float(...), str(...), round(...), approx(...)): a real "
            "caller gets the value exactly as it crosses the seam. Assert on that value "
            "as it arrives, type included."
        )
    return (
        "What your test asserts comes out the same with the bug in place. Run the real "
        "components together and assert on the outcome the bug changes, as the user "
        f"would meet it. `{hint_command}` gives a nudge."
    )
