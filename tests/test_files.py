"""Writes never follow a link (kata/course/files.py), whichever verb writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kata.commands.scaffold import record_variant, scratch_copy
from kata.course.discover import load_lesson
from kata.course.files import UnsafePath, copy_file, remove_file, write_file
from kata.views.classreport import write
from tests.conftest import ROOT, snapshot


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A root the kata writes below, and a folder outside it that must never change."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "parser.py").write_text("solved\n", encoding="utf-8")
    return root, outside


def test_a_link_where_the_file_goes_is_replaced_not_written_through(places):
    root, outside = places
    (root / "parser.py").symlink_to(outside / "parser.py")
    write_file(root / "parser.py", "shipped\n", root)
    assert not (root / "parser.py").is_symlink()
    assert (root / "parser.py").read_text(encoding="utf-8") == "shipped\n"
    assert (outside / "parser.py").read_text(encoding="utf-8") == "solved\n"


def test_a_linked_folder_on_the_way_is_refused(places):
    root, outside = places
    (root / "app").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath, match="app is a link"):
        copy_file(outside / "parser.py", root / "app" / "api.py", root)
    assert [path.name for path in outside.iterdir()] == ["parser.py"]  # no api.py there
    assert (root / "app").is_symlink()


@pytest.mark.parametrize("where", ["../outside/parser.py", "sub/../../outside/parser.py"])
def test_a_path_that_leads_out_of_its_root_is_refused(places, where):
    root, outside = places
    with pytest.raises(UnsafePath):
        write_file(root / where, "shipped\n", root)
    with pytest.raises(UnsafePath, match="outside"):
        write_file(outside / "parser.py", "shipped\n", root)
    assert (outside / "parser.py").read_text(encoding="utf-8") == "solved\n"


def test_a_file_where_a_folder_goes_is_refused(places):
    root, _ = places
    (root / "app").write_text("a file\n", encoding="utf-8")
    with pytest.raises(UnsafePath, match="is a file, not a folder"):
        write_file(root / "app" / "api.py", "", root)
    assert (root / "app").read_text(encoding="utf-8") == "a file\n"


def test_removing_takes_the_link_never_its_target_nor_what_is_behind_a_linked_folder(places):
    root, outside = places
    (root / "parser.py").symlink_to(outside / "parser.py")
    (root / "app").symlink_to(outside, target_is_directory=True)
    remove_file(root / "parser.py", root)
    remove_file(root / "app" / "parser.py", root)
    assert not (root / "parser.py").is_symlink() and not (root / "parser.py").exists()
    assert (outside / "parser.py").read_text(encoding="utf-8") == "solved\n"
    remove_file(root / "app", root)  # a link to a folder goes as a file does
    assert not (root / "app").is_symlink() and outside.is_dir()


def test_the_class_report_replaces_a_link_at_its_output(places):
    root, outside = places
    (root / "report.html").symlink_to(outside / "parser.py")
    write(root / "report.html", "<html></html>\n")
    assert not (root / "report.html").is_symlink()
    assert (outside / "parser.py").read_text(encoding="utf-8") == "solved\n"


def test_recording_a_variant_never_writes_through_a_linked_variants_folder(tmp_path):
    solutions = tmp_path / "solutions"
    lesson_folder = solutions / "lesson_01_parser_cart"
    shutil.copytree(ROOT / "solutions" / "lesson_01_parser_cart", lesson_folder)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(lesson_folder / "variants", elsewhere)
    (lesson_folder / "variants").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    lesson = load_lesson(lesson_folder, tmp_path)
    edited = scratch_copy(lesson, "doubled_price", tmp_path / "scratch")
    (edited / "parser.py").write_text("changed = True\n", encoding="utf-8")
    with pytest.raises(UnsafePath, match="variants is a link"):
        record_variant(lesson, "doubled_price", edited)
    assert snapshot(elsewhere) == before
