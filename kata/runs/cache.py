"""Reuse a test run's result when nothing it depends on has changed.

A run's outcome depends on the files of its tree that can take part (every file
but the test files it does not collect), its command line, its time bound, the
environment variables that reach pytest and Python, and the toolchain: Python,
pytest, the lesson's libraries and the kata itself. Their hash names the cached
result under ``.kata/runs/``. Timeouts, crashes and cancelled runs are never cached.
Grading never reads the cache (``CI`` set, ``--json`` or ``--no-cache``: the caller
says so); ``KATA_NO_CACHE=1`` turns it off everywhere. A ``.kata/`` that cannot be
read or written means no cache, never an error: a test could have written it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from kata import ROOT, __version__
from kata.course.state import read_json, state_dir, write_json
from kata.course.trees import lesson_files
from kata.runs.model import Result, Run, TestRecord
from kata.runs.run import prepare, run_all
from kata.runs.services import started, with_services

CACHEABLE = {"done"}
_KEEP_RUNS = 400  # cached results kept; older ones are removed


def enabled() -> bool:
    return os.environ.get("KATA_NO_CACHE", "") in ("", "0")


@cache
def toolchain(preload: tuple[str, ...]) -> str:
    """What else a result depends on: interpreters, libraries and the kata's own code."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [__version__, sys.version]
    for name in ("pytest", *preload):
        try:
            parts.append(f"{name}={version(name.split('.')[0])}")
        except PackageNotFoundError:
            parts.append(f"{name}=?")
    kata = Path(__file__).parent.parent  # the whole package: a change anywhere in it
    for name in lesson_files(kata):
        parts.append(hashlib.sha256((kata / name).read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


#: Environment variables that can change what a run does (prefixes end with "_").
RELEVANT_ENVIRONMENT = ("PYTHON", "PYTEST_", "KATA_", "TZ", "LANG", "LC_", "DATABASE_URL")


def environment() -> str:
    return repr(sorted((k, v) for k, v in os.environ.items() if k.startswith(RELEVANT_ENVIRONMENT)))


def key(run: Run, preload: tuple[str, ...] = (), timeout: float = 0.0) -> str:
    hasher = hashlib.sha256(toolchain(preload).encode())
    hasher.update(repr((run.targets, run.options, run.seed, timeout, environment())).encode())
    for name in lesson_files(run.tree):
        base = Path(name).name
        if base.startswith("test_") and base.endswith(".py") and name not in run.targets:
            continue  # a test file this run does not collect cannot change it
        hasher.update(os.fsencode(name) + b"\0" + (run.tree / name).read_bytes() + b"\0")
    return hasher.hexdigest()


def _path(digest: str, root: Path) -> Path:
    return state_dir(root) / "runs" / f"{digest}.json"


def load(run: Run, digest: str, root: Path = ROOT) -> Result | None:
    if not enabled():
        return None
    try:
        data = read_json(_path(digest, root), None)
    except OSError:  # .kata/ is not a folder we can use
        return None
    if not isinstance(data, dict):
        return None
    try:
        return Result(
            run=run,
            status=data["status"],
            exit_code=data["exit_code"],
            duration=0.0,
            output=data["output"],
            collected=data["collected"],
            tests=[TestRecord(**record) for record in data["tests"]],
            collect_errors=[TestRecord(**record) for record in data["collect_errors"]],
            cached=True,
        )
    except (KeyError, TypeError, ValueError):
        return None


def store(result: Result, digest: str, root: Path = ROOT) -> None:
    if not enabled() or result.status not in CACHEABLE or result.cached:
        return
    data = {
        "status": result.status,
        "exit_code": result.exit_code,
        "output": result.output,
        "collected": result.collected,
        "tests": [dataclasses.asdict(test) for test in result.tests],
        "collect_errors": [dataclasses.asdict(test) for test in result.collect_errors],
    }
    try:
        write_json(_path(digest, root), data, root)
        _trim(root)
    except OSError:
        pass  # .kata/ is not writable: no cache, the verdict stands


def _trim(root: Path) -> None:
    """Keep the newest results. Other kata processes may be writing or trimming too."""
    folder = state_dir(root) / "runs"
    if folder.is_symlink():
        return  # never remove files in a folder a link points at
    dated = []
    for path in folder.glob("*.json"):
        if path.name.startswith("."):
            continue  # another process's result, still being written
        try:
            dated.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue  # trimmed, or renamed into place, by another process meanwhile
    dated.sort()
    for _, path in dated[:-_KEEP_RUNS]:
        path.unlink(missing_ok=True)


def run_all_cached(
    runs: Sequence[Run],
    preloads: Sequence[tuple[str, ...]],
    timeout: float,
    use_cache: bool = True,
    services: Iterable[str] = (),
    **options: Any,
) -> list[Result]:
    """``run.run_all`` that takes cached results where it can and caches the new ones.

    ``preloads[i]`` is the libraries run ``i``'s lesson preloads. The fork server is
    started (with the preloads of the runs that miss) only when something must run.
    ``use_cache`` False (grading): every run runs, nothing is read or stored.
    ``services`` (from the manifest) are started for the runs, only when one must run.
    """
    keys: list[str] = []
    known: dict[int, Result] = {}
    if use_cache:  # grading neither hashes nor reads: nothing stored can count
        keys = [key(run, preload, timeout) for run, preload in zip(runs, preloads, strict=True)]
        known = {i: hit for i, digest in enumerate(keys) if (hit := load(runs[i], digest))}
    missing = [i for i in range(len(runs)) if i not in known]
    if missing:
        prepare(tuple(m for i in missing for m in preloads[i]), runs=len(missing))
    with started(services if missing else ()) as env:
        results = run_all(with_services(runs, env), timeout, known=known, **options)
    if use_cache:
        for result, digest in zip(results, keys, strict=True):
            store(result, digest)
    return results
