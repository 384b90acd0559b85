"""What cannot be prevented is reported: integrity notes on a submission, for instructors.

Code that runs inside pytest can always lie to it (forge a report, end its process
early, reach into the grader). The grader cannot stop that, so it lists what a
reviewer should look at: pytest hooks defined or assigned, plugins named, pytest's
internals, the interpreter's frames, modules or process tables, the kata's own
modules, a library module patched for everyone, names computed to hide what is
reached, code run from a string, a test that reads the components' source instead
of running them, a test that is the reference test, and files changed outside the
components and the test files.

Python files are read as syntax trees, so a docstring or a comment that mentions a
hook or a component file is not a finding. Strings spelled out of pieces ("/pr" +
"oc") are read whole. A file the kata cannot read as Python (too deeply nested, a
codec only the run knows, not Python at all) gets a note of its own: nothing in it
was checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from kata.course.discover import STUDENT_FILE, Lesson
from kata.course.trees import lesson_files, shadows

HOOK_PREFIX = "pytest_"
PLUGINS = "pytest_plugins"

DEFINES_HOOKS = "defines pytest hooks"
ASSIGNS_HOOKS = "assigns pytest hooks"
NAMES_PLUGINS = "names plugin modules (pytest_plugins)"
PLUGIN_MANAGER = "uses pytest's plugin manager"
INTERNALS = "uses pytest's internals (_pytest)"
STACK = "walks the call stack"
PROC = "reads /proc"
OS_EXIT = "ends its process with os._exit"
GC = "inspects the garbage collector's objects"
GETSOURCE = "reads source code (inspect, linecache)"
MODULE_FILE = "reads a component module's file path (__file__)"
SYS_MODULES = "reaches modules through sys.modules"
COMPUTED_ATTRIBUTE = "gets, sets or deletes an attribute by a computed name"
COMPUTED_IMPORT = "imports a module by a computed name"
KATA = "names the kata's own modules (kata)"
PATCHES_MODULE = "changes an attribute of an imported module"
RUNS_TEXT = "runs code held in a string (exec, eval, compile)"
UNREADABLE = "could not be read as Python, so nothing in it was checked"

#: Attributes that reach the interpreter's frames.
_FRAME_ATTRIBUTES = {"_getframe", "_current_frames", "f_back", "f_locals", "f_globals"}
_INSPECT_STACK = {"stack", "currentframe", "getouterframes", "getinnerframes", "trace"}
_SOURCE_READERS = {
    "getsource", "getsourcelines", "getsourcefile", "getfile", "findsource", "getline", "getlines"
}  # fmt: skip
_GC_OBJECTS = {"get_objects", "get_referrers", "get_referents"}
_MODULE_FILE = {"__file__", "__spec__", "__loader__", "__cached__"}
#: Calls that read a file's bytes; with a component's file name nearby, its source.
_READS = {"open", "read_text", "read_bytes", "file_digest", "getline", "getlines"}
#: Calls that name an attribute in their second argument.
_ATTRIBUTE_CALLS = {"getattr", "setattr", "delattr"}
#: Calls that import the module their first argument names.
_IMPORT_CALLS = {"__import__", "import_module"}
_RUNS_TEXT = {"exec", "eval", "compile"}
#: "kata", "kata.runs.plugin", "kata/runs/run.py", "-m kata";
#: not "the kata.", "seam-kata", "KATA_URL".
_KATA = re.compile(r"(?:^|[^\w-])kata(?:[./\\]\w|$)")
#: What a variable or a call adds to a string spelled out of pieces.
_HOLE = "\0"


def _module_name(component: str) -> str:
    """``app/db.py`` is imported as ``app.db``; ``app/__init__.py`` as ``app``."""
    parts = list(PurePosixPath(component).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _tail(node: ast.expr) -> str:
    """The last name of what is called: ``import_module`` for ``importlib.import_module``."""
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _spelled(node: ast.expr, seen: set[int] | None = None) -> str | None:
    """The text an expression spells out of constants, a hole for each other part.

    ``"/pr" + "oc"``, ``f"{'_ex'}it"``, ``"%s/fd" % x``, ``"".join(["ka", "ta"])``;
    None when nothing of it is a string constant. ``seen`` collects the nodes read.
    """
    if seen is not None:
        seen.add(id(node))

    def part(inner: ast.expr) -> str:
        text = _spelled(inner, seen)
        return _HOLE if text is None else text

    if isinstance(node, ast.Constant):
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        text = part(node.left) + part(node.right)
        return None if text == _HOLE * 2 else text
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _spelled(node.left, seen)
    if isinstance(node, ast.JoinedStr):
        values = [v.value if isinstance(v, ast.FormattedValue) else v for v in node.values]
        return "".join(part(value) for value in values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = _spelled(node.func.value, seen)
        if owner is not None and node.func.attr == "format":
            return owner
        elements = node.args[0] if len(node.args) == 1 else None
        if node.func.attr == "join" and isinstance(elements, ast.List | ast.Tuple):
            return None if owner is None else owner.join(part(e) for e in elements.elts)
    return None


def _constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _loads_a_module(node: ast.expr) -> bool:
    """``importlib.import_module(...)``, ``__import__(...)``, ``sys.modules[...]`` or
    ``sys.modules.get(...)``: an expression whose value is a module."""
    if isinstance(node, ast.Call):
        return _tail(node.func) in _IMPORT_CALLS or _dotted(node.func) == "sys.modules.get"
    return isinstance(node, ast.Subscript) and _dotted(node.value) == "sys.modules"


def _module_names(tree: ast.Module, components: set[str]) -> set[str]:
    """The names that only ever hold a module.

    Bound by ``import`` (a ``from`` import only for a component's module, such as
    ``from app import db``) or by assigning a module loaded by name, and never
    bound to anything else: a parameter or a variable of that name is not one.
    """
    modules: set[str] = set()
    others: set[str] = set()
    assigned: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                is_module = f"{node.module or ''}.{alias.name}".lstrip(".") in components
                (modules if is_module else others).add(alias.asname or alias.name)
        elif isinstance(node, ast.Assign) and _loads_a_module(node.value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    modules.add(target.id)
                    assigned.add(id(target))
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            if id(node) not in assigned:
                others.add(node.id)
        elif isinstance(node, ast.arg):
            others.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            others.add(node.name)
        elif isinstance(node, ast.ExceptHandler):
            others.add(node.name or "")
    return modules - others


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes: text for people, never a finding."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


class _Scan(ast.NodeVisitor):
    """What one Python file does that deserves a look."""

    def __init__(self, components: Sequence[str]) -> None:
        self.modules = {_module_name(c) for c in components if c.endswith(".py")}
        self.file_names = {PurePosixPath(c).name for c in components}
        self.bound: dict[str, str] = {}  # local name -> module it names
        self.module_names: set[str] = set()  # names that only ever hold a module
        self.found: list[str] = []
        self.named_components: set[str] = set()
        self.reads_files = False
        self.skip: set[int] = set()
        self.depth = 0  # functions entered: a local variable is never a hook
        self.globals: set[str] = set()
        self.spelled: set[int] = set()  # parts of a string expression already read whole

    def note(self, what: str) -> None:
        if what not in self.found:
            self.found.append(what)

    def scan(self, tree: ast.Module) -> list[str]:
        self.skip = _docstrings(tree)
        self.module_names = _module_names(tree, self.modules)
        self.visit(tree)
        if self.named_components and self.reads_files:
            self.note(f"reads component files ({', '.join(sorted(self.named_components))})")
        return self.found

    # Hooks and plugins: defined, assigned, imported under a hook's name, named.
    def _bound_name(self, name: str) -> None:
        if name == PLUGINS:
            self.note(NAMES_PLUGINS)
        elif name.startswith(HOOK_PREFIX):
            self.note(ASSIGNS_HOOKS)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.name.startswith(HOOK_PREFIX):
            self.note(DEFINES_HOOKS)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Global(self, node: ast.Global) -> None:
        self.globals.update(node.names)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            if self.depth == 0 or node.id in self.globals:
                self._bound_name(node.id)
        elif node.id == "_pytest":
            self.note(INTERNALS)
        elif node.id in ("hashlib", "open"):
            self.reads_files = True

    def _resolve(self, node: ast.expr) -> str | None:
        """What ``node`` names, with modules by their own names: ``o._exit`` after
        ``import os as o`` is ``os._exit``; ``sys.modules["gc"]`` and ``__import__("gc")``
        are ``gc``; ``getattr(os, "_exit")`` is ``os._exit``."""
        if isinstance(node, ast.Name):
            return self.bound.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            inner = self._resolve(node.value)
            return None if inner is None else f"{inner}.{node.attr}"
        if isinstance(node, ast.Subscript) and self._resolve(node.value) == "sys.modules":
            return self._whole(node.slice)
        if isinstance(node, ast.Call) and node.args:
            name = self._whole(node.args[0])
            if _tail(node.func) in _IMPORT_CALLS and name is not None:
                return name
            attribute = self._whole(node.args[1]) if len(node.args) > 1 else None
            if _dotted(node.func) == "getattr" and attribute is not None:
                inner = self._resolve(node.args[0])
                return None if inner is None else f"{inner}.{attribute}"
        return None

    @staticmethod
    def _whole(node: ast.expr) -> str | None:
        """The text ``node`` spells, when it is all constants."""
        text = _spelled(node)
        return None if text is None or _HOLE in text else text

    def _in_a_module(self, node: ast.expr) -> bool:
        """Whether ``node`` is a module or reached through one's attributes."""
        while isinstance(node, ast.Attribute):
            node = node.value
        if isinstance(node, ast.Name):
            return node.id in self.module_names
        if isinstance(node, ast.Subscript) and self._resolve(node.value) == "sys.modules":
            return True  # import sys as s; s.modules["json"].dumps = ...
        return _loads_a_module(node)

    def _attribute(self, value: ast.expr, attr: str, ctx: ast.expr_context) -> None:
        """The notes for ``value.attr`` loaded, stored or deleted."""
        owner = self._resolve(value)
        if isinstance(ctx, ast.Store):
            self._bound_name(attr)
        if isinstance(ctx, ast.Store | ast.Del) and self._in_a_module(value):
            self.note(PATCHES_MODULE)
        if attr == "pluginmanager":
            self.note(PLUGIN_MANAGER)
        if attr in _FRAME_ATTRIBUTES or (owner == "inspect" and attr in _INSPECT_STACK):
            self.note(STACK)
        if owner in ("inspect", "linecache") and attr in _SOURCE_READERS:
            self.note(GETSOURCE)
        if attr == "_exit" and owner in ("os", "posix"):
            self.note(OS_EXIT)
        if owner == "gc" and attr in _GC_OBJECTS:
            self.note(GC)
        if owner == "sys" and attr == "modules":
            self.note(SYS_MODULES)
        if attr in _READS:
            self.reads_files = True
        if attr in _MODULE_FILE and self._names_component_module(value):
            self.note(MODULE_FILE)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self._attribute(node.value, node.attr, node.ctx)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        stored = isinstance(node.ctx, ast.Store)
        if stored and isinstance(key, ast.Constant) and isinstance(key.value, str):
            self._bound_name(key.value)  # globals()["pytest_..."] = ...
        namespace = node.value  # json.__dict__["dumps"] = ...
        changed = isinstance(node.ctx, ast.Store | ast.Del)
        if changed and isinstance(namespace, ast.Attribute) and namespace.attr == "__dict__":
            self._attribute(namespace.value, "__dict__", node.ctx)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        called = _dotted(node.func) or ""
        tail = called.rsplit(".", 1)[-1]
        builtin = called in (tail, f"builtins.{tail}")
        if tail in _ATTRIBUTE_CALLS and len(node.args) >= 2:
            self._attribute_call(node, tail, builtin)
        if tail in _IMPORT_CALLS and node.args:
            if not _constant(node.args[0]):
                self.note(COMPUTED_IMPORT)
            name = self._whole(node.args[0])
            if name is not None:
                self._imported(name)
        if builtin and tail in _RUNS_TEXT:
            self.note(RUNS_TEXT)
        if tail == "find_spec" and node.args:
            spec = node.args[0]
            if isinstance(spec, ast.Constant) and spec.value in self.modules:
                self.note(MODULE_FILE)
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("join", "format"):
            self._spell(node)
        else:
            self.generic_visit(node)

    def _attribute_call(self, node: ast.Call, tail: str, builtin: bool) -> None:
        """``getattr``, ``setattr``, ``delattr``: builtin, or a fixture's such as
        ``monkeypatch.setattr(module, "name", value)``, which pytest undoes."""
        target, name = node.args[0], node.args[1]
        if not builtin and _constant(target):
            return  # monkeypatch.setattr("json.dumps", value): its name is the string
        if not _constant(name):
            self.note(COMPUTED_ATTRIBUTE)
        attribute = self._whole(name)
        if attribute is None:
            return
        if tail == "setattr":
            self._bound_name(attribute)
        if builtin and tail != "getattr":
            ctx: ast.expr_context = ast.Store() if tail == "setattr" else ast.Del()
        else:
            ctx = ast.Load()
        self._attribute(target, attribute, ctx)

    # Strings: read whole where spelled out of pieces, each constant also on its own.
    def _spell(self, node: ast.expr) -> None:
        if id(node) not in self.spelled:
            text = _spelled(node, self.spelled)
            if text is not None:
                self._text(text)
        self.generic_visit(node)

    visit_BinOp = _spell
    visit_JoinedStr = _spell

    def visit_Constant(self, node: ast.Constant) -> None:
        if id(node) not in self.skip and isinstance(node.value, str):
            self._text(node.value)

    def _text(self, text: str) -> None:
        if "/proc" in text:
            self.note(PROC)
        if text == "_pytest" or text.startswith("_pytest."):
            self.note(INTERNALS)  # importlib.import_module("_pytest....")
        if _KATA.search(text):
            self.note(KATA)
        name = PurePosixPath(text.replace("\\", "/")).name
        if name in self.file_names or (name.endswith(".py") and "*" in name):
            self.named_components.add(name)

    def _names_component_module(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Subscript):  # sys.modules["cart"]
            key = node.slice
            return isinstance(key, ast.Constant) and key.value in self.modules
        dotted = _dotted(node)
        if dotted is None:
            return False
        first, _, rest = dotted.partition(".")
        module = self.bound.get(first)
        return module is not None and ".".join(filter(None, (module, rest))) in self.modules

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._imported(alias.name)
            if alias.asname:
                self.bound[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.bound[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self._imported(module)
        for alias in node.names:
            local = alias.asname or alias.name
            self._bound_name(local)
            self.bound[local] = f"{module}.{alias.name}" if module else alias.name
            if module == "os" and alias.name == "_exit":
                self.note(OS_EXIT)
            if module == "sys" and alias.name in _FRAME_ATTRIBUTES:
                self.note(STACK)
            if module == "sys" and alias.name == "modules":
                self.note(SYS_MODULES)
            if module == "inspect" and alias.name in _INSPECT_STACK:
                self.note(STACK)
            if module in ("inspect", "linecache") and alias.name in _SOURCE_READERS:
                self.note(GETSOURCE)
            if module == "gc":
                self.note(GC)
            if module == "hashlib" or alias.name in _READS:
                self.reads_files = True

    def _imported(self, module: str) -> None:
        top = module.split(".")[0]
        if top == "_pytest":
            self.note(INTERNALS)
        elif top == "gc":
            self.note(GC)
        elif top == "linecache":
            self.note(GETSOURCE)
        elif top == "hashlib":
            self.reads_files = True
        elif top == "kata":
            self.note(KATA)


def file_notes(source: str | bytes, components: Sequence[str]) -> list[str]:
    """What one Python file does that a reviewer should look at, in words.

    ``source``: the file's text, or its bytes, read as Python reads them (a coding
    line honoured).
    """
    try:
        return _Scan(components).scan(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # The run's Python may still load it (its codecs, its limits): say it was not read.
        return [UNREADABLE]


def _python_files(folder: Path) -> list[str]:
    return [name for name in lesson_files(folder) if name.endswith(".py")]


def integrity_notes(lesson: Lesson, student: Path, shipped: Path) -> list[str]:
    """Notes on ``student`` (a snapshot of ``lessons/<lesson>``) against the ``shipped`` tree.

    ``shipped`` is the planted tree, which by now holds the student's test and
    conftest (their runs use it): those two are always read, other files only
    when the student changed them.
    """
    notes = []
    always = {STUDENT_FILE, "conftest.py"}
    for name in _python_files(student):
        if name not in always and _bytes(student / name) == _bytes(shipped / name):
            continue
        try:
            source = (student / name).read_bytes()
        except OSError:
            continue
        notes += [f"{name} {what}" for what in file_notes(source, lesson.components)]
    reference = lesson.solution / STUDENT_FILE
    mine = student / STUDENT_FILE
    if reference.is_file() and mine.is_file() and _same_code(reference, mine):
        notes.append(f"{STUDENT_FILE} is the reference test, copied")
    allowed = {*lesson.components, STUDENT_FILE, "conftest.py", "README.md"}
    theirs, ours = set(lesson_files(student)), set(lesson_files(shipped))
    for name in sorted(theirs | ours):
        if name not in ours and shadows(name, ours):
            notes.append(
                f"{name} would be imported in place of a shipped module: "
                "the reference tests ran without it"
            )
            continue
        if name in allowed or Path(name).name.startswith("test_"):
            continue
        if name not in ours:  # a module of their own: it runs with their components
            notes.append(f"{name} was added: the student's components may import it")
        elif _bytes(student / name) != _bytes(shipped / name):
            notes.append(f"{name} changed, though it is neither a component nor a test file")
    return notes


def link_notes(folder: Path) -> list[str]:
    """A note for each link in a student's lesson folder: the kata reads none of them."""
    return [
        f"{path.relative_to(folder).as_posix()} is a link, so the kata did not read it"
        for path in sorted(folder.rglob("*"))
        if path.is_symlink()
    ]


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _same_code(one: Path, other: Path) -> bool:
    """Equal but for blank lines and trailing spaces."""

    def lines(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return [line.rstrip() for line in text.splitlines() if line.strip()]

    try:
        return lines(one) == lines(other)
    except (OSError, UnicodeDecodeError):
        return False
