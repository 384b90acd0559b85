"""Which runs a verdict plans, and what each run's tree holds: read from the trees.

``grade.plan_runs`` builds every tree a verdict runs in; nothing is run here.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from kata.course.discover import PARAPHRASE, STUDENT_FILE, find_lesson
from kata.course.trees import (
    build_in_random_order,
    build_shipped,
    build_variant,
    lesson_files,
    new_salt,
    unit_test_files,
    unit_tests,
)
from kata.verdict import grade
from tests.conftest import ROOT, snapshot

pytestmark = pytest.mark.portable

LESSON = find_lesson("01", ROOT)
REFERENCE = LESSON.variant("reference")
PARAPHRASED = next(variant for variant in LESSON.graded if variant.kind == PARAPHRASE)


def _code(path: Path) -> str:
    return ast.dump(ast.parse(path.read_bytes()))


def test_the_paraphrase_is_the_reference_in_other_bytes(tmp_path):
    reference = build_variant(LESSON, REFERENCE, tmp_path / "reference")
    paraphrase = build_variant(LESSON, PARAPHRASED, tmp_path / "paraphrase")
    assert lesson_files(paraphrase) == lesson_files(reference)
    for name in lesson_files(reference):
        same = (paraphrase / name).read_bytes() == (reference / name).read_bytes()
        assert same is (name not in LESSON.components), name
    for name in LESSON.components:
        assert _code(paraphrase / name) == _code(reference / name)


def test_a_salted_paraphrase_differs_every_time_and_an_unsalted_one_never(tmp_path):
    def component_bytes(folder: Path, salt: str) -> bytes:
        tree = build_variant(LESSON, PARAPHRASED, folder, salt)
        return b"".join((tree / name).read_bytes() for name in LESSON.components)

    unsalted = {component_bytes(tmp_path / f"plain{n}", "") for n in range(2)}
    salted = {component_bytes(tmp_path / f"salted{n}", new_salt()) for n in range(2)}
    assert len(unsalted) == 1
    assert len(salted) == 2 and not salted & unsalted


def test_a_salted_paraphrase_varies_in_size_and_keeps_the_code(tmp_path):
    """A test keyed to the components' sizes cannot know the paraphrase's in advance."""
    reference = build_variant(LESSON, REFERENCE, tmp_path / "reference")
    sizes = set()
    for number in range(8):
        salt = f"{number:016x}"
        tree = build_variant(LESSON, PARAPHRASED, tmp_path / f"salted{number}", salt)
        again = build_variant(LESSON, PARAPHRASED, tmp_path / f"again{number}", salt)
        sizes.add(tuple((tree / name).stat().st_size for name in LESSON.components))
        for name in LESSON.components:
            assert (tree / name).read_bytes() == (again / name).read_bytes()  # one salt, one tree
            assert _code(tree / name) == _code(reference / name)
    assert len(sizes) == 8


def test_building_a_paraphrase_writes_nothing_into_solutions_or_lessons(tmp_path):
    watched = [ROOT / "solutions" / LESSON.name, ROOT / "lessons" / LESSON.name]
    before = [snapshot(folder) for folder in watched]
    build_variant(LESSON, PARAPHRASED, tmp_path / "paraphrase", new_salt())
    assert [snapshot(folder) for folder in watched] == before


@pytest.mark.parametrize("terms", [2_000, 50_000])  # too deep for ast.dump; for ast.parse
def test_a_unit_test_file_too_deep_to_read_has_no_test_and_stops_nothing(tmp_path, terms):
    deep = " + ".join(["1"] * terms)
    (tmp_path / "test_deep.py").write_text(
        f"def test_kept():\n    pass\n\n\ndef test_deep():\n    assert {deep}\n"
    )
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    pass\n")
    assert list(unit_tests(tmp_path)) == ["test_plain.py::test_plain"]  # all of a file or none


def test_a_manifest_cannot_name_a_variant_paraphrase(tmp_path):
    from kata.course.discover import LessonError, load_lesson

    copy = tmp_path / LESSON.name
    shutil.copytree(LESSON.solution, copy)
    manifest = copy / "lesson.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('name = "cart_converts"', f'name = "{PARAPHRASE}"'))
    with pytest.raises(LessonError, match="paraphrase"):
        load_lesson(copy, ROOT)


@pytest.fixture
def student(tmp_path):
    """The shipped lesson, then a student's edits: a fixed parser, a monkeypatch in a unit
    test module, a helper module, a conftest with a hook and a new unit test file."""
    folder = build_shipped(LESSON, tmp_path / "student")
    shutil.copyfile(LESSON.solution / "parser.py", folder / "parser.py")
    (folder / STUDENT_FILE).write_text("def test_x():\n    assert True\n", encoding="utf-8")
    patched = "import cart\ncart.add_line = lambda cart, line: None\n"
    (folder / "test_cart.py").write_text(
        patched + (folder / "test_cart.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "helpers.py").write_text("MONEY = 1\n", encoding="utf-8")
    (folder / "conftest.py").write_text("def pytest_configure(config):\n    pass\n")
    (folder / "test_money.py").write_text("def test_money():\n    assert True\n")
    return folder


def _plan(student: Path, tmp_path: Path, salt: str = "") -> grade.Plan:
    work = tmp_path / "work"
    work.mkdir()
    return grade.plan_runs(LESSON, student, work, (), display=True, salt=salt)


def test_the_reference_run_has_the_students_components_and_only_shipped_tests(student, tmp_path):
    plan = _plan(student, tmp_path)
    assert plan.reference_index is not None
    run = plan.runs[plan.reference_index]
    assert run.targets == (STUDENT_FILE, "test_cart.py", "test_parser.py")
    assert run.options == ("--deselect", "test_parser.py::test_reads_quantity_item_and_price")
    tree = run.tree
    tests = [name for name in lesson_files(tree) if Path(name).name.startswith("test_")]
    assert tests == ["test_cart.py", "test_integration.py", "test_parser.py"]  # no test_money.py
    assert (tree / STUDENT_FILE).read_bytes() == (LESSON.solution / STUDENT_FILE).read_bytes()
    for name in ("test_cart.py", "test_parser.py"):  # as shipped: not theirs, not the solution's
        assert (tree / name).read_bytes() == (plan.planted_tree / name).read_bytes(), name
    solved = (LESSON.solution / "test_parser.py").read_bytes()
    assert (tree / "test_parser.py").read_bytes() != solved
    assert not (tree / "conftest.py").exists()  # lesson 01 ships none
    for name in ("parser.py", "cart.py", "helpers.py"):
        assert (tree / name).read_bytes() == (student / name).read_bytes(), name


def test_a_unit_test_file_of_old_contract_tests_alone_is_not_collected(tmp_path):
    lesson = find_lesson("09", ROOT)
    shipped = build_variant(lesson, lesson.variant("planted"), tmp_path / "shipped")
    named = {node.split("::")[0] for node in lesson.old_contract}
    assert named == {"test_payments.py", "test_checkout.py"}
    run = grade.reference_run(lesson, tmp_path / "tree", shipped)
    assert "test_payments.py" not in run.targets  # it cannot even import on a fix
    assert {STUDENT_FILE, "test_checkout.py"} <= set(run.targets)
    assert run.options.count("--deselect") == len(lesson.old_contract)


def test_the_units_run_has_the_students_unit_tests_with_the_shipped_conftest(student, tmp_path):
    plan = _plan(student, tmp_path)
    assert plan.units_index is not None
    run = plan.runs[plan.units_index]
    assert set(run.targets) == {"test_cart.py", "test_parser.py", "test_money.py"}
    assert not (run.tree / "conftest.py").exists()  # theirs had a hook; lesson 01 ships none
    assert (run.tree / "test_cart.py").read_bytes() == (student / "test_cart.py").read_bytes()


def test_the_units_run_gets_back_a_shipped_conftest_the_student_changed(tmp_path):
    lesson = find_lesson("05", ROOT)
    folder = build_shipped(lesson, tmp_path / "student")
    shipped = (folder / "conftest.py").read_bytes()
    (folder / "conftest.py").write_text("def pytest_configure(config):\n    pass\n")
    work = tmp_path / "work"
    work.mkdir()
    plan = grade.plan_runs(lesson, folder, work, (), display=True)
    assert plan.units_index is not None
    assert (plan.runs[plan.units_index].tree / "conftest.py").read_bytes() == shipped


def test_the_plan_reads_the_shipped_unit_tests_by_node_id(student, tmp_path):
    plan = _plan(student, tmp_path)
    assert "test_parser.py::test_rejects_lines_that_are_not_orders" in plan.shipped_units
    assert "test_cart.py::test_new_cart_is_empty" in plan.shipped_units
    assert "test_money.py::test_money" not in plan.shipped_units  # the student's own
    assert len(plan.shipped_units) == 7


def test_the_reference_is_judged_as_its_paraphrase(student, tmp_path):
    """One run, not two: the paraphrase behaves as the reference, in other bytes."""
    salt = new_salt()
    plan = _plan(student, tmp_path, salt)
    judged = {variant.name: plan.runs[index] for variant, index in plan.variant_runs}
    assert PARAPHRASE not in judged
    tree = judged["reference"].tree
    assert (tree / "parser.py").read_text(encoding="utf-8").startswith(f"# {salt}")
    assert (tree / STUDENT_FILE).read_bytes() == (student / STUDENT_FILE).read_bytes()
    assert set(unit_test_files(tree)) == {"test_cart.py", "test_parser.py"}  # the reference's


@pytest.mark.parametrize(("use_cache", "random_salt"), [(False, True), (True, False)])
def test_grading_salts_the_paraphrase_at_random_and_a_cached_verdict_does_not(
    monkeypatch, tmp_path, use_cache, random_salt
):
    lesson = replace(LESSON, folder=build_shipped(LESSON, tmp_path / LESSON.name))
    salts = []

    def planned(*args, **kwargs):
        salts.append(args[5])
        raise KeyboardInterrupt  # stop before any run

    monkeypatch.setattr(grade, "plan_runs", planned)
    for _ in range(2):
        with pytest.raises(KeyboardInterrupt):
            grade.check(lesson, use_cache=use_cache)
    if random_salt:
        assert all(salts) and salts[0] != salts[1]
    else:
        assert salts == ["", ""]


def test_run_trees_have_random_names_of_one_length_and_nothing_numbered(student, tmp_path):
    plan = _plan(student, tmp_path)
    trees = [run.tree for run in plan.runs]
    names = [tree.name for tree in trees]
    # units, yours, reference-on-yours; the reference's own run is its paraphrase
    assert len(set(names)) == len(names) == len(LESSON.graded) + 2
    assert {len(name) for name in names} == {grade.TREE_NAME_LENGTH}
    assert all(name.isascii() and name.isalpha() and name.islower() for name in names)
    assert {tree.parent for tree in trees} == {tmp_path / "work"}
    assert grade.tree_names(4) != grade.tree_names(4)


def test_every_run_tree_is_built_by_one_call_in_random_order(monkeypatch, student, tmp_path):
    calls = []

    def recorded(builders, destinations, staging):
        calls.append(list(destinations))
        build_in_random_order(builders, destinations, staging)

    monkeypatch.setattr(grade, "build_in_random_order", recorded)
    plan = _plan(student, tmp_path)
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(run.tree for run in plan.runs)
    assert sorted(path.name for path in (tmp_path / "work").iterdir()) == sorted(
        [plan.planted_tree.name, *(run.tree.name for run in plan.runs)]
    )  # the staging folder is gone; the shipped tree is never run


def test_trees_are_built_in_a_random_order_each_into_its_own_place(tmp_path):
    orders = set()
    for attempt in range(4):
        built: list[int] = []

        def builder(into: list[int], number: int, folder: Path) -> None:
            into.append(number)
            (folder / "which.txt").write_text(str(number))

        destinations = [tmp_path / f"{attempt}-{number}" for number in range(10)]
        builders = [partial(builder, built, number) for number in range(10)]
        build_in_random_order(builders, destinations, tmp_path / f"staging{attempt}")
        orders.add(tuple(built))
        assert sorted(built) == list(range(10))
        for number, destination in enumerate(destinations):
            assert (destination / "which.txt").read_text() == str(number)
        assert not (tmp_path / f"staging{attempt}").exists()
    assert len(orders) > 1


def test_every_file_and_folder_of_every_run_tree_has_one_timestamp(student, tmp_path):
    """Not which files a variant's change or the paraphrase rewrote, nor which tree came first."""
    plan = _plan(student, tmp_path, new_salt())
    trees = [run.tree for run in plan.runs]
    stamps = {path.stat().st_mtime_ns for tree in trees for path in [tree, *tree.rglob("*")]}
    assert len(stamps) == 1  # access times change as soon as anything reads a file


def test_the_students_snapshot_has_a_name_as_random_as_a_runs(monkeypatch, tmp_path):
    lesson = replace(LESSON, folder=build_shipped(LESSON, tmp_path / LESSON.name))
    snapshots = []

    def planned(lesson, student, *args, **kwargs):
        snapshots.append(student.name)
        raise KeyboardInterrupt  # stop before any run

    monkeypatch.setattr(grade, "plan_runs", planned)
    for _ in range(2):
        with pytest.raises(KeyboardInterrupt):
            grade.check(lesson)
    assert snapshots[0] != snapshots[1]
    assert all(len(name) == grade.TREE_NAME_LENGTH and name.isalpha() for name in snapshots)


def test_a_student_file_too_deep_to_scan_is_an_integrity_note_not_a_crash(monkeypatch, tmp_path):
    student = build_shipped(LESSON, tmp_path / "student")
    shipped = build_shipped(LESSON, tmp_path / "shipped")
    (student / STUDENT_FILE).write_text(f"X = {' + '.join(['1'] * 50_000)}\n")
    assert isinstance(grade._integrity(LESSON, student, shipped), list)  # no RecursionError

    def too_deep(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(grade, "integrity_notes", too_deep)
    assert grade._integrity(LESSON, student, shipped) == [grade.UNSCANNED]


def test_an_added_file_that_would_be_imported_in_place_of_a_shipped_module_is_left_out(tmp_path):
    """A package beside a module of its name, or an extension module, is imported first:
    in the reference run it would replace the shipped one. An honest new module stays."""
    shipped = build_shipped(LESSON, tmp_path / "shipped")
    student = tmp_path / "student"
    shutil.copytree(shipped, student)
    (student / "parser").mkdir()
    (student / "parser" / "__init__.py").write_text("def parse(line):\n    return {}\n")
    (student / "cart.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    (student / "money.py").write_text("def cents(amount):\n    return round(amount * 100)\n")
    tree = grade.yours_tree(LESSON, student, shipped, tmp_path / "yours")
    assert not (tree / "parser").exists()
    assert not (tree / "cart.cpython-311-x86_64-linux-gnu.so").exists()
    assert (tree / "money.py").read_text() == (student / "money.py").read_text()
