"""What the kata does where the system lacks what Linux offers (Windows, macOS), simulated.

Each test takes away what such a system lacks (a call, an option, a separator) and runs
the code a student's verb runs there. On Linux they show the kata does not lean on it;
the macOS and Windows CI jobs run them for real too.
"""

from __future__ import annotations

import ntpath
import os
import shutil
import types
from pathlib import Path, PureWindowsPath

import pytest

pytestmark = pytest.mark.portable


def test_trees_are_stamped_where_utime_cannot_leave_links_alone(monkeypatch, tmp_path):
    """Windows has no ``os.utime(..., follow_symlinks=False)``: it raises
    NotImplementedError. Every verdict builds its trees with one timestamp."""
    from kata.course import trees

    real = os.utime

    def utime(path, *args, follow_symlinks=True, **kwargs):
        if not follow_symlinks:
            raise NotImplementedError("utime: follow_symlinks unavailable on this platform")
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "utime", utime)
    monkeypatch.setattr(os, "supports_follow_symlinks", {os.stat})
    destinations = [tmp_path / "one", tmp_path / "two"]

    def build(folder: Path) -> None:
        (folder / "app").mkdir()
        (folder / "app" / "cart.py").write_text("TOTAL = 0\n", encoding="utf-8")

    trees.build_in_random_order([build, build], destinations, tmp_path / "staging")
    stamps = {path.stat().st_mtime_ns for tree in destinations for path in (tree, *tree.rglob("*"))}
    assert len(stamps) == 1
    assert not (tmp_path / "staging").exists()


@pytest.mark.parametrize("ram_disk", ["roomy", "missing"])
def test_the_postgresql_folder_is_made_without_statvfs(monkeypatch, tmp_path, ram_disk):
    """Windows has no ``os.statvfs``: the embedded PostgreSQL's folder is made anyway,
    on the RAM disk when there is a roomy one, else in a temporary folder."""
    from kata.runs import services

    without = {name: getattr(os, name) for name in dir(os) if name != "statvfs"}
    monkeypatch.setattr(services, "os", types.SimpleNamespace(**without))
    where = tmp_path if ram_disk == "roomy" else tmp_path / "no-ram-disk"
    monkeypatch.setattr(services, "RAM_DISK", where)
    if shutil.disk_usage(tmp_path).free <= 2**28:
        pytest.fail("this test needs 256 MB free where pytest keeps its temporary folders")
    folder = Path(services._data_folder())
    try:
        assert folder.is_dir() and folder.name.startswith("kata-postgres-")
        assert (folder.parent == tmp_path) is (ram_disk == "roomy")
    finally:
        shutil.rmtree(folder)


def test_a_path_a_student_reads_is_joined_by_slashes_on_windows(monkeypatch):
    """The kata's messages add names to a shown path with "/": the path itself uses it
    too, never a mix (``lessons\\lesson_01_parser_cart/test_integration.py``)."""
    from kata.runs import runpaths

    windows = types.SimpleNamespace(path=ntpath, sep="\\")
    monkeypatch.setattr(runpaths, "os", windows)
    monkeypatch.setattr(runpaths, "ROOT", PureWindowsPath(r"C:\Users\ana\seam-kata"))
    lesson = PureWindowsPath(r"C:\Users\ana\seam-kata\lessons\lesson_01_parser_cart")
    assert runpaths.shown(lesson) == "lessons/lesson_01_parser_cart"
    assert runpaths.shown(r"D:\elsewhere\notes.txt") == "D:/elsewhere/notes.txt"


def test_a_run_s_home_and_temporary_folder_are_its_own_by_windows_names_too(monkeypatch, tmp_path):
    """Python finds the home in USERPROFILE there, and Windows' own programs the
    temporary folder in TEMP and TMP: each is the run's folder, as HOME and TMPDIR are."""
    from kata.runs import sandbox

    monkeypatch.setenv("USERPROFILE", "C:\\Users\\ana")
    monkeypatch.setattr(os, "name", "nt")
    env = sandbox.environment(tmp_path, {})
    monkeypatch.undo()
    for name in ("HOME", "TMPDIR", "USERPROFILE", "TEMP", "TMP"):
        assert env[name] == str(tmp_path), name


@pytest.mark.parametrize(
    ("setting", "forks"), [(None, True), ("", True), ("0", True), ("1", False)]
)
def test_kata_spawn_0_keeps_the_fork_server_and_1_turns_it_off(monkeypatch, setting, forks):
    from kata.runs import run

    if setting is None:
        monkeypatch.delenv("KATA_SPAWN", raising=False)
    else:
        monkeypatch.setenv("KATA_SPAWN", setting)
    assert run.use_fork() is (forks and hasattr(os, "fork"))
