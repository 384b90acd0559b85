"""Integrity notes: what a reviewer should look at, read from the student's files alone.

No test runs here: the notes come from the files' syntax trees, so a docstring or a
comment that mentions a hook or a component's file is not a finding.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import pathlib
import shutil

import pytest

from kata.course.diffs import parse
from kata.course.discover import STUDENT_FILE, find_lesson, find_lessons
from kata.course.trees import build_shipped
from kata.runs.plugin import ReportPlugin
from kata.verdict.integrity import (
    ASSIGNS_HOOKS,
    COMPUTED_ATTRIBUTE,
    COMPUTED_IMPORT,
    DEFINES_HOOKS,
    GC,
    GETSOURCE,
    KATA,
    MODULE_FILE,
    NAMES_PLUGINS,
    OS_EXIT,
    PATCHES_MODULE,
    PLUGIN_MANAGER,
    PROC,
    RUNS_TEXT,
    SYS_MODULES,
    UNREADABLE,
    file_notes,
    integrity_notes,
)
from tests.conftest import ROOT, SAMPLE_FOLDER, sample_tree

pytestmark = pytest.mark.portable

COMPONENTS = ("parser.py", "cart.py", "app/__init__.py", "app/db.py")
READS_CART = "reads component files (cart.py)"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pytest\npytest_runtest_makereport = pytest.hookimpl(hookwrapper=True)(f)\n",
         ASSIGNS_HOOKS),
        ("import sys\nsetattr(sys.modules[__name__], 'pytest_runtest_logreport', f)\n",
         ASSIGNS_HOOKS),
        ("globals()['pytest_collection_modifyitems'] = f\n", ASSIGNS_HOOKS),
        ("from helpers import flip as pytest_runtest_makereport\n", ASSIGNS_HOOKS),
        ("class Plugin:\n    pytest_runtest_logreport = staticmethod(f)\n", ASSIGNS_HOOKS),
        ("def install():\n    global pytest_configure\n    pytest_configure = f\n",
         ASSIGNS_HOOKS),
        ("def pytest_configure(config):\n    pass\n", DEFINES_HOOKS),
        ("pytest_plugins = ['helpers']\n", NAMES_PLUGINS),
        ("import importlib.util\npytest_plugins = ['h'] if importlib.util.find_spec('h') else []\n",
         NAMES_PLUGINS),
        ("def test_x(request):\n    request.config.pluginmanager.register(object())\n",
         PLUGIN_MANAGER),
        ("import inspect\nimport parser\nsource = inspect.getsource(parser)\n", GETSOURCE),
        ("from inspect import getsource\n", GETSOURCE),
        ("import linecache\n", GETSOURCE),
        ("text = open('cart.py').read()\n", READS_CART),
        ("from pathlib import Path\ntext = Path(__file__).with_name('cart.py').read_text()\n",
         READS_CART),
        ("import hashlib\nfrom pathlib import Path\n"
         "digest = hashlib.sha256(Path('cart.py').read_bytes()).hexdigest()\n", READS_CART),
        ("import hashlib\nfor name in ('parser.py', 'cart.py'):\n    h = hashlib.sha256(name)\n",
         "reads component files (cart.py, parser.py)"),
        ("from pathlib import Path\nsources = [p.read_text() for p in Path('.').glob('*.py')]\n",
         "reads component files (*.py)"),
        ("import cart\nwhere = cart.__file__\n", MODULE_FILE),
        ("import parser as p\nwhere = p.__spec__\n", MODULE_FILE),
        ("import sys\nwhere = sys.modules['parser'].__file__\n", MODULE_FILE),
        ("from app import db\nwhere = db.__file__\n", MODULE_FILE),
        ("import app.db\nwhere = app.db.__file__\n", MODULE_FILE),
        ("import importlib.util\nspec = importlib.util.find_spec('cart')\n", MODULE_FILE),
        ("import os\nos._exit(0)\n", OS_EXIT),
        ("from os import _exit\n", OS_EXIT),
        ("import os as o\no._exit(0)\n", OS_EXIT),
        ("import os\ngetattr(os, '_exit')(0)\n", OS_EXIT),
        # Names computed, strings spelled out of pieces.
        ("import os\ngetattr(os, '_ex' + 'it')(0)\n", OS_EXIT),
        ("import os\ngetattr(os, '_ex' + 'it')(0)\n", COMPUTED_ATTRIBUTE),
        ("def test_x(thing, name):\n    setattr(thing, name, None)\n", COMPUTED_ATTRIBUTE),
        ("import os\nfd = 3\nos.readlink('/pr' + 'oc/self/fd/%d' % fd)\n", PROC),
        ("where = f\"/pr{'oc'}/self/maps\"\n", PROC),
        ("where = '/'.join(['', 'proc', 'self'])\n", PROC),
        ("import os\nwhere = os.path.join('/pr' + 'oc', 'self') + '/maps'\n", PROC),
        ("gc = __import__('g' + 'c')\n", COMPUTED_IMPORT),
        ("gc = __import__('g' + 'c')\n", GC),
        ("import importlib\ndef load(name):\n    return importlib.import_module(name)\n",
         COMPUTED_IMPORT),
        ("exec('import gc')\n", RUNS_TEXT),
        # sys.modules and the kata's own modules.
        ("import sys\nloaded = list(sys.modules)\n", SYS_MODULES),
        ("from sys import modules\n", SYS_MODULES),
        ("import sys as s\nplugin = s.modules.get('kata.runs.plugin')\n", SYS_MODULES),
        ("import sys as s\nplugin = s.modules.get('kata.runs.plugin')\n", KATA),
        ("import kata.runs.plugin\n", KATA),
        ("from kata import run\n", KATA),
        ("name = ''.join(['ka', 'ta.run'])\n", KATA),
        ("where = 'kata/runs/plugin.py'\n", KATA),
        # A library module patched for everyone in the process.
        ("import json\njson.dumps = repr\n", PATCHES_MODULE),
        ("import os\nos.write = print\n", PATCHES_MODULE),
        ("import os.path\ndel os.path.join\n", PATCHES_MODULE),
        ("import json as j\nsetattr(j, 'dumps', repr)\n", PATCHES_MODULE),
        ("import json\ndelattr(json, 'dumps')\n", PATCHES_MODULE),
        ("import json\njson.__dict__['dumps'] = repr\n", PATCHES_MODULE),
        ("import json\njson.encoder.c_make_encoder = None\n", PATCHES_MODULE),
        ("import sys\nsys.modules['kata.runs.plugin'].json.dumps = repr\n", PATCHES_MODULE),
        ("import sys as s\ns.modules['json'].dumps = repr\n", PATCHES_MODULE),
        ("import importlib\nm = importlib.import_module('json')\nm.dumps = repr\n",
         PATCHES_MODULE),
        ("from app import db\ndb.engine = None\n", PATCHES_MODULE),
    ],
)  # fmt: skip
def test_a_file_that_reaches_around_the_components_gets_a_note(source, expected):
    assert expected in file_notes(source, COMPONENTS)


@pytest.mark.parametrize(
    "source",
    [
        '"""Not a hook: def pytest_configure(config), pytest_plugins = [...],\n'
        "open('cart.py'), inspect.getsource(parse), cart.__file__, os._exit, /proc."
        '"""\n',
        "def test_x():\n    '''Reads cart.py? No: open('cart.py') is only in this docstring.'''\n",
        "# pytest_plugins = ['helpers']\n# pytest_runtest_makereport = hook\n",
        "def test_x():\n    pytest_version = 8\n    assert pytest_version\n",
        "import csv\nrows = list(csv.reader(open('march_sales.csv')))\n",
        "def test_x(message):\n    assert 'cart.py' in message\n",
        "from pathlib import Path\nhere = Path(__file__).parent\n",
        "import json\nwhere = json.__file__\n",
        "import pytest\nfrom cart import Cart, add_line\nfrom parser import parse\n",
        "def test_x(obj):\n    assert getattr(obj, 'label', None) is None\n",
        "import cart\n\n\ndef test_x(monkeypatch):\n    monkeypatch.setattr(cart, 'Cart', dict)\n",
        "def test_x(monkeypatch):\n    monkeypatch.setattr('json.dumps', repr)\n",
        "from app import create_app\n\n\ndef test_x():\n    app = create_app()\n"
        "    app.testing = True\n",
        "import app\n\n\ndef test_x(app):\n    app.testing = True\n",
        "import os\nos.environ['MODE'] = 'test'\n",
        "class Fake:\n    def __init__(self):\n        self.sent = []\n",
        "import re\nLINE = re.compile(r'\\d+')\n",
        "names = ', '.join(['a', 'b'])\nline = '{} x {}'.format(2, 'roti')\n",
        "URL = 'postgresql://kata:kata@127.0.0.1/kata_x'\nMODE = 'KATA_POSTGRES_URL'\n"
        "WORDS = 'what the kata says. seam-kata.'\n",
    ],
    ids=[
        "module-docstring",
        "function-docstring",
        "comments",
        "local-variable",
        "data-file",
        "name-without-a-read",
        "own-file",
        "library-file",
        "plain-imports",
        "constant-getattr",
        "monkeypatch-setattr",
        "monkeypatch-setattr-by-path",
        "variable-named-like-a-module",
        "parameter-named-like-a-module",
        "environment",
        "own-attribute",
        "re-compile",
        "join-and-format",
        "kata-in-other-words",
    ],
)
def test_a_mention_in_text_or_an_ordinary_test_is_not_a_finding(source):
    assert file_notes(source, COMPONENTS) == []


DEEP = "X = " + " + ".join(["1"] * 50_000) + "\n"


@pytest.mark.parametrize(
    "source",
    [
        DEEP,  # ast.parse: RecursionError
        "X = " + " + ".join(["1"] * 2_000) + "\n",  # parses, but too deep to walk
        "def test_x(:\n    pytest_plugins = ['helpers']\n",  # SyntaxError
        "import os\x00\n",  # ValueError: a null byte
        b"# coding: rot13x\nvzcbeg bf\n",  # a codec only the run could register
        b"\xff\xfe not UTF-8\n",
    ],
    ids=["deep-expression", "deep-to-walk", "syntax-error", "null-byte", "unknown-codec", "bytes"],
)
def test_a_file_the_kata_cannot_read_as_python_gets_a_note_not_a_crash(source):
    assert file_notes(source, COMPONENTS) == [UNREADABLE]


#: The notes the forged-report attack got: it rewrote the kata's report from a component.
FORGED = (
    "def _quiet_report():\n    import sys\n\n    plugin = sys.modules.get('kata.runs.plugin')\n"
    "    if plugin is None:\n        return\n    real = plugin.json\n\n"
    "    class Forged:\n        def __getattr__(self, name):\n"
    "            return getattr(real, name)\n\n    plugin.json = Forged()\n"
)


def test_the_forged_report_attack_is_flagged_four_ways():
    assert file_notes(FORGED, COMPONENTS) == [
        SYS_MODULES, KATA, COMPUTED_ATTRIBUTE, PATCHES_MODULE
    ]  # fmt: skip


#: The only notes the shipped lessons and the caught and fixed samples get: one sample
#: assigns a hook in a plugin module on purpose.
HOOK_SAMPLE = "tests/samples/lesson_01_parser_cart/caught__assigned_hook_in_plugin"
KATA_SAMPLE = "tests/samples/lesson_01_parser_cart/caught__edits_the_kata_from_its_test"
ORDINARY_NOTES = {
    f"{HOOK_SAMPLE}/helpers.py": [ASSIGNS_HOOKS],
    f"{HOOK_SAMPLE}/test_cart.py": [NAMES_PLUGINS],
    f"{HOOK_SAMPLE}/test_integration.py": [NAMES_PLUGINS],
    # An attack on a student's own kata: flagged, and judged by the instructor's (test_grading).
    f"{KATA_SAMPLE}/test_integration.py": ["names the kata's own modules (kata)"],
}


def _honest_files(lesson_name: str) -> list[tuple[str, pathlib.Path]]:
    """Each Python file a caught or fixed sample writes, named as in the sample's folder."""
    files = []
    for diff in sorted((SAMPLE_FOLDER / lesson_name).glob("*.diff")):
        if not diff.name.startswith(("caught", "fixed")):
            continue
        sample = diff.name.removesuffix(".diff")
        tree = sample_tree(lesson_name, sample)
        for patch in parse(diff.read_text(encoding="utf-8"), diff.name):
            if patch.new is not None and patch.new.endswith(".py"):
                shown = f"tests/samples/{lesson_name}/{sample}/{patch.new}"
                files.append((shown, tree / patch.new))
    return files


@pytest.mark.slow
def test_shipped_lessons_and_honest_samples_get_no_note_but_the_hook_sample_s():
    found, read = {}, 0
    for lesson in find_lessons(ROOT):
        solved = [
            (path.relative_to(ROOT).as_posix(), path)
            for path in sorted(lesson.solution.rglob("*.py"))
        ]
        for shown, path in [*solved, *_honest_files(lesson.name)]:
            read += 1
            notes = file_notes(path.read_bytes(), lesson.components)
            if notes:
                found[shown] = notes
    assert found == ORDINARY_NOTES
    assert read > 200  # every lesson's files, and the samples'


@pytest.fixture
def lesson_01(tmp_path):
    """The lesson, a student's copy of it and the planted tree, in tmp_path."""
    lesson = find_lesson("01", ROOT)
    student = build_shipped(lesson, tmp_path / "student")
    shipped = tmp_path / "shipped"
    shutil.copytree(student, shipped)
    return lesson, student, shipped


def test_notes_name_the_file_for_assigned_hooks_getsource_and_reading_a_component(lesson_01):
    lesson, student, shipped = lesson_01
    (student / "helpers.py").write_text(
        "import pytest\n\n\ndef _flip(item, call):\n    yield\n\n\n"
        "pytest_runtest_makereport = pytest.hookimpl(hookwrapper=True)(_flip)\n",
        encoding="utf-8",
    )
    (student / STUDENT_FILE).write_text(
        "import inspect\nfrom pathlib import Path\n\nimport parser\n\n"
        "pytest_plugins = ['helpers']\n\n\ndef test_source():\n"
        "    assert 'float' in inspect.getsource(parser)\n"
        "    assert Path('cart.py').read_text()\n",
        encoding="utf-8",
    )
    notes = integrity_notes(lesson, student, shipped)
    assert f"helpers.py {ASSIGNS_HOOKS}" in notes
    assert f"{STUDENT_FILE} {NAMES_PLUGINS}" in notes
    assert f"{STUDENT_FILE} {GETSOURCE}" in notes
    assert f"{STUDENT_FILE} reads component files (cart.py)" in notes


def test_a_file_in_another_encoding_is_read_and_one_too_deep_is_noted(lesson_01):
    lesson, student, shipped = lesson_01
    (student / "helpers.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nimport os\n\nCAFE = 'caf\xe9'\nos._exit(0)\n"
    )
    (student / STUDENT_FILE).write_text(DEEP, encoding="utf-8")
    notes = integrity_notes(lesson, student, shipped)
    assert f"helpers.py {OS_EXIT}" in notes
    assert f"{STUDENT_FILE} {UNREADABLE}" in notes


def test_a_shipped_file_is_read_only_once_the_student_changed_it(lesson_01):
    lesson, student, shipped = lesson_01
    for tree in (student, shipped):  # as if the lesson shipped a unit test that hashed a file
        (tree / "test_cart.py").write_text("import hashlib\nNAME = 'cart.py'\n", encoding="utf-8")
    assert integrity_notes(lesson, student, shipped) == []
    with (student / "test_cart.py").open("a", encoding="utf-8") as changed:
        changed.write("\n")
    assert integrity_notes(lesson, student, shipped) == ["test_cart.py " + READS_CART]


def test_the_report_is_written_by_what_the_plugin_bound_when_imported(tmp_path, monkeypatch):
    """A test that patches json, os or open for everyone cannot change the record."""
    plugin = ReportPlugin(tmp_path / "report.json")
    plugin.tests["test_integration.py::test_x"] = {"outcome": "failed"}
    real_dumps = json.dumps

    def forged_dumps(record, **options):
        return real_dumps({**record, "exitstatus": 0, "tests": []}, **options)

    def refused(*args, **kwargs):
        raise AssertionError("the report went through a function patched after import")

    patched = [(json, "dumps", forged_dumps), (os, "write", refused), (builtins, "open", refused)]
    patched += [(io, "open", refused), (pathlib.Path, "write_text", refused)]
    patched += [(pathlib.Path, "open", refused), (pathlib.PurePath, "__fspath__", refused)]
    for owner, name, value in patched:
        monkeypatch.setattr(owner, name, value)
    try:
        plugin.pytest_sessionfinish(None, 1)  # type: ignore[arg-type]
    finally:
        monkeypatch.undo()
    record = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert record["exitstatus"] == 1
    assert record["tests"] == [{"outcome": "failed"}]


def test_a_module_the_student_added_is_noted_as_added_not_as_changed(tmp_path):
    from kata.course.discover import find_lesson
    from kata.course.trees import build_shipped
    from kata.verdict.integrity import integrity_notes

    lesson = find_lesson("01", ROOT)
    shipped = build_shipped(lesson, tmp_path / "shipped")
    student = tmp_path / "student"
    shutil.copytree(shipped, student)
    (student / "money.py").write_text("def cents(amount):\n    return round(amount * 100)\n")
    (student / "prices.csv").write_text("roti,1.50\n")
    notes = integrity_notes(lesson, student, shipped)
    assert "money.py was added: the student's components may import it" in notes
    assert not any("money.py changed" in note for note in notes)
