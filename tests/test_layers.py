"""The layout draws the architecture: no layer of kata/ imports a layer above it.

The layers are written down once, in ``kata.LAYERS`` (bottom first). Every import is
read from the source, those inside functions too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kata import LAYERS, ROOT

PACKAGE = ROOT / "kata"
TOP = {"cli": "cli", "__main__": "cli"}  # the entry points sit on top of everything


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "kata" or len(parts) < 2:
        return None  # the package itself: ROOT, LAYERS and the version, below everything
    return TOP.get(parts[1], parts[1] if parts[1] in LAYERS else None)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kata"):
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "kata"]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_of_the_package_is_in_a_layer():
    outside = [_module(path) for path in MODULES if _layer(_module(path)) is None]
    assert outside == ["kata"]


def _from_above(path: Path, module: str) -> list[str]:
    own = _layer(module)
    rank = LAYERS.index(own) if own else -1
    return [
        f"line {line}: {name} ({layer})"
        for line, name in _imports(path)
        if (layer := _layer(name)) is not None and LAYERS.index(layer) > rank
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: _module(path))
def test_a_module_imports_nothing_from_a_layer_above_its_own(path):
    module = _module(path)
    assert _from_above(path, module) == [], f"{module} imports from a layer above its own"


def test_the_check_finds_an_import_from_above_even_inside_a_function(tmp_path):
    made_up = tmp_path / "made_up.py"
    made_up.write_text("def f():\n    from kata.views.report import Style\n", encoding="utf-8")
    assert _from_above(made_up, "kata.course.made_up") == [
        "line 2: kata.views.report.Style (views)"
    ]
    assert _from_above(made_up, "kata.commands.made_up") == []
