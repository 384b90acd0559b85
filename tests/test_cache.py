"""The result cache's key, read in-process: what changes a run's result changes its key,
and nothing else does. No run is started; the store is a folder in ``tmp_path``."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from kata.runs import cache
from kata.runs.model import Result, Run, TestRecord

pytestmark = pytest.mark.portable  # in-process: the same on every system


@pytest.fixture
def run(tmp_path: Path) -> Run:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "cart.py").write_text("TOTAL = 3\n", encoding="utf-8")
    (tree / "test_cart.py").write_text("def test_total():\n    pass\n", encoding="utf-8")
    (tree / "test_integration.py").write_text("def test_seam():\n    pass\n", encoding="utf-8")
    return Run("units", tree, ("test_cart.py",), ("-q",))


def test_the_same_run_has_the_same_key_and_timestamps_do_not_count(run):
    first = cache.key(run, (), 5.0)
    os.utime(run.tree / "cart.py", (0, 0))
    assert cache.key(run, (), 5.0) == first


@pytest.mark.parametrize(
    "change",
    [
        lambda run: (run.tree / "cart.py").write_text("TOTAL = 4\n", encoding="utf-8"),
        lambda run: (run.tree / "test_cart.py").write_text("def test_x(): 1\n", encoding="utf-8"),
        lambda run: (run.tree / "conftest.py").write_text("X = 1\n", encoding="utf-8"),
        lambda run: (run.tree / "cart.py").rename(run.tree / "basket.py"),
    ],
    ids=["a-component", "a-collected-test", "a-new-conftest", "a-renamed-file"],
)
def test_a_file_the_run_can_see_changes_the_key(run, change):
    before = cache.key(run, (), 5.0)
    change(run)
    assert cache.key(run, (), 5.0) != before


def test_a_test_file_the_run_does_not_collect_does_not_change_the_key(run):
    before = cache.key(run, (), 5.0)
    (run.tree / "test_integration.py").write_text("def test_other(): 1\n", encoding="utf-8")
    assert cache.key(run, (), 5.0) == before


@pytest.mark.parametrize(
    "other",
    [
        lambda run: (replace(run, options=("-q", "-x")), 5.0),
        lambda run: (replace(run, targets=("test_cart.py", "test_integration.py")), 5.0),
        lambda run: (replace(run, seed=7), 5.0),
        lambda run: (run, 6.0),
    ],
    ids=["options", "targets", "seed", "time-bound"],
)
def test_the_command_line_seed_and_bound_are_in_the_key(run, other):
    changed, bound = other(run)
    assert cache.key(changed, (), bound) != cache.key(run, (), 5.0)


def test_only_environment_variables_that_reach_a_run_change_the_key(run, monkeypatch):
    before = cache.key(run, (), 5.0)
    monkeypatch.setenv("EDITOR", "vim")  # reaches nothing
    assert cache.key(run, (), 5.0) == before
    monkeypatch.setenv("TZ", "Asia/Singapore")  # the time-zone lesson's results depend on it
    assert cache.key(run, (), 5.0) != before


def test_a_stored_result_comes_back_marked_cached_and_a_timeout_is_never_stored(run, tmp_path):
    digest = cache.key(run, (), 5.0)
    record = TestRecord("test_cart.py::test_total", "test_cart.py", "passed")
    done = Result(run, "done", 0, 0.2, "1 passed", collected=1, tests=[record])
    cache.store(done, digest, tmp_path)
    again = cache.load(run, digest, tmp_path)
    assert again is not None and again.cached and again.all_passed
    assert again.tests == [record]
    other = cache.key(replace(run, seed=1), (), 5.0)
    cache.store(Result(run, "timeout", None, 5.0, ""), other, tmp_path)
    assert cache.load(run, other, tmp_path) is None


def test_no_cache_reads_and_stores_nothing(run, tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_NO_CACHE", "1")
    digest = cache.key(run, (), 5.0)
    cache.store(Result(run, "done", 0, 0.1, "", collected=1), digest, tmp_path)
    assert not (tmp_path / ".kata").exists()
    assert cache.load(run, digest, tmp_path) is None


def test_a_damaged_stored_result_is_no_result(run, tmp_path):
    digest = cache.key(run, (), 5.0)
    cache.store(Result(run, "done", 0, 0.1, "", collected=1), digest, tmp_path)
    [stored] = (tmp_path / ".kata" / "runs").glob("*.json")
    stored.write_text('{"status": "done"}', encoding="utf-8")
    assert cache.load(run, digest, tmp_path) is None
