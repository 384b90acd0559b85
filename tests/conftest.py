"""Shared helpers: run the kata as a user would, in a throwaway copy of the repository."""

from __future__ import annotations

import atexit
import compileall
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("kata", "solutions", "pyproject.toml", "README.md", "Makefile", ".gitignore")
JUNK = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc")


_controller_jobs: list[tuple[subprocess.Popen[str], Path]] = []


def _start_jobs_in_the_controller(config: pytest.Config) -> None:
    """Under pytest-xdist, the controller starts the verify job before the workers exist.

    The workers inherit where it writes (test_lessons.VERIFY_DIR) and read it there.
    """
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if "not slow" in (config.option.markexpr or ""):
        return  # verifying every lesson is slow work: `make test` leaves it to `make test-all`
    from tests.test_lessons import VERIFY_DIR, start_verify_in_files

    base = Path(tempfile.mkdtemp(prefix="kata-verify-"))
    _controller_jobs.append((start_verify_in_files(base), base))
    os.environ[VERIFY_DIR] = str(base)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _controller_jobs:
        process, base = _controller_jobs.pop()
        process.wait(timeout=300)
        shutil.rmtree(base, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """Keep the suite's temporary files where the kata keeps its runs: on a RAM disk.

    The suite copies, builds and deletes thousands of small files (repository
    copies, lesson trees, run folders); on a disk mounted with online discard
    that alone costs about ten seconds. A TMPDIR the user set is left alone.
    """
    from kata.runs.scratch import scratch_root

    ram = scratch_root()
    if ram is not None:
        base = Path(ram) / f"kata-tests-{os.getuid()}"
        base.mkdir(mode=0o700, exist_ok=True)
        os.environ["TMPDIR"] = str(base)  # for every command the tests start
        tempfile.tempdir = str(base)
    _start_jobs_in_the_controller(config)


_compiled: list[Path] = []
_compiling = threading.Lock()


def _compiled_kata() -> Path:
    """A copy of kata/ with its bytecode, compiled once for the whole session.

    A student's clone has kata/__pycache__ after the first command; the copies get
    it too, so every command in them starts as it does there.
    """
    with _compiling:
        if not _compiled:
            base = Path(tempfile.mkdtemp(prefix="kata-compiled-"))
            atexit.register(shutil.rmtree, base, True)
            shutil.copytree(ROOT / "kata", base / "kata", ignore=JUNK)  # keeps mtimes
            compileall.compile_dir(base / "kata", quiet=1)
            _compiled.append(base / "kata")
        return _compiled[0]


_shipped: list[Path] = []


def shipped_lessons() -> Path:
    """``lessons/`` as the kata generates it from ``solutions/``, built once per session.

    The kata's tests never read the working copy of ``lessons/``: on a clone where a
    student has worked, it holds their work, not the shipped lessons.
    """
    from kata.course.discover import find_lessons
    from kata.course.trees import build_shipped

    with _compiling:
        if not _shipped:
            base = Path(tempfile.mkdtemp(prefix="kata-shipped-"))
            atexit.register(shutil.rmtree, base, True)
            for lesson in find_lessons(ROOT):
                build_shipped(lesson, base / "lessons" / lesson.name)
            _shipped.append(base / "lessons")
        return _shipped[0]


def copy_repo(destination: Path) -> Path:
    """A student's fresh clone: the repository without .venv or caches, lessons as shipped."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if name == "kata":
            shutil.copytree(_compiled_kata(), destination / name)
        elif (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, destination / name, ignore=JUNK)
        else:
            shutil.copy2(ROOT / name, destination / name)
    shutil.copytree(shipped_lessons(), destination / "lessons")
    from kata.commands.sync import sync_editor_files
    from kata.course.discover import find_lessons

    sync_editor_files(find_lessons(destination), destination)  # as committed
    shutil.copytree(ROOT / "tests" / "samples", destination / "tests" / "samples", ignore=JUNK)
    return destination


#: The sample submissions: ``<lesson>/<verdict>__<label>.diff``, each a student's change
#: to the shipped lesson (``python -m kata sample`` records one).
SAMPLE_FOLDER = ROOT / "tests" / "samples"


def sample_diff(lesson: str, name: str) -> Path:
    """The stored change of sample ``name`` (``fixed__parser_returns_float``) of ``lesson``."""
    return SAMPLE_FOLDER / lesson / f"{name}.diff"


def lay_sample(lesson: str, name: str, folder: Path) -> Path:
    """Save sample ``name``'s work into ``folder``, ``lesson`` as shipped (or another
    sample's work: samples overlay as a student's saves do): each file its diff changes
    or adds, as the sample has it, and none of those it deletes."""
    from kata.course.diffs import parse

    diff = sample_diff(lesson, name)
    tree = sample_tree(lesson, name)
    for patch in parse(diff.read_text(encoding="utf-8"), diff.name):
        if patch.new is None:
            (folder / patch.path).unlink()
            continue
        (folder / patch.new).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tree / patch.new, folder / patch.new)
    return folder


_sample_trees: dict[tuple[str, str], Path] = {}
_laying = threading.Lock()


def sample_tree(lesson: str, name: str) -> Path:
    """``lesson`` as shipped with sample ``name``'s diff applied, made once per session:
    read its files, never change them. A diff that no longer applies fails here, with
    the sample's name, the file and the line."""
    from kata.commands.scaffold import apply_sample

    with _laying:
        if (lesson, name) not in _sample_trees:
            base = Path(tempfile.mkdtemp(prefix="kata-sample-"))
            atexit.register(shutil.rmtree, base, True)
            folder = Path(shutil.copytree(shipped_lessons() / lesson, base / lesson))
            apply_sample(sample_diff(lesson, name), folder, ROOT)
            _sample_trees[lesson, name] = folder
        return _sample_trees[lesson, name]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def kata_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kata", *args]


def kata_env(tmpdir: Path | None = None, **extra: str) -> dict[str, str]:
    # A generous bound: only the tests about timeouts (which pass --timeout) should
    # ever meet one, however loaded the machine running the suite is.
    env = {**os.environ, "NO_COLOR": "1", "KATA_TIMEOUT": "30"}
    # Not a recipe of make, even under `make test`: the kata says `python -m kata ...`.
    for name in ("FORCE_COLOR", "PYTEST_ADDOPTS", "MAKELEVEL", "MAKEFLAGS", "MFLAGS"):
        env.pop(name, None)
    env.update(extra)
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


def run_kata(
    repo: Path, *args: str, timeout: float = 120, tmpdir: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        kata_command(*args),
        cwd=repo,
        env=kata_env(tmpdir, **env),
        capture_output=True,
        encoding="utf-8",  # the kata's output everywhere (Windows' default is its code page)
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


@dataclass
class Started:
    """Commands started in the background (see ``BACKGROUND_JOBS``), to be waited for.

    ``base`` is their own temporary folder, if any, and ``repo`` where they run;
    ``before`` is a snapshot taken before they started.
    """

    processes: list[subprocess.Popen[str]]
    base: Path | None = None
    repo: Path = ROOT
    before: dict[str, str] = field(default_factory=dict)

    def finish(self, timeout: float = 300) -> list[tuple[int, str, str]]:
        """Wait for every command: its exit code, stdout and stderr."""
        results = []
        for process in self.processes:
            out, err = process.communicate(timeout=timeout)
            results.append((process.returncode, out, err))
        return results


_started: dict[str, Started] = {}


def started_once(name: str, start: Callable[[], Started]) -> Started:
    """What ``start()`` started, calling it only the first time ``name`` is asked for."""
    if name not in _started:
        _started[name] = start()
    return _started[name]


def _background_jobs(module: object) -> dict[str, Callable[[], object]]:
    """A test module's ``BACKGROUND_JOBS``: fixture name -> function that starts its job."""
    jobs: dict[str, Callable[[], object]] = getattr(module, "BACKGROUND_JOBS", {})
    return jobs


def _waits_for_a_job(item: pytest.Item) -> bool:
    jobs = _background_jobs(getattr(item, "module", None))
    return any(name in jobs for name in getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that wait for a background job go last, so the others run meanwhile."""
    items.sort(key=_waits_for_a_job)


_selected: list[pytest.Item] = []


def selected_items() -> list[pytest.Item]:
    """The tests this session runs, once collection and deselection (``-m``, ``-k``) are done."""
    return _selected


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the suite's long jobs at once, so they overlap the other tests.

    Judging every sample, verifying every lesson and a few slow commands are
    subprocess work. A test module lists them in ``BACKGROUND_JOBS`` (fixture name
    -> starter); a job starts here when a selected test uses its fixture, and the
    fixture then waits for it. Run in the background, they fill the gaps other
    tests leave idle.
    """
    _selected[:] = session.items
    if hasattr(session.config, "workerinput"):
        return  # a pytest-xdist worker: jobs start with the first test of their module
    for item in session.items:
        jobs = _background_jobs(getattr(item, "module", None))
        for name in getattr(item, "fixturenames", ()):
            if name in jobs:
                jobs[name]()  # each starter does its work once


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under pytest-xdist (a worker runs whole files): start a module's jobs with its first test.

    The module's other tests then run while the jobs work.
    """
    if not hasattr(item.config, "workerinput"):
        return
    module = getattr(item, "module", None)
    wanted = {
        name
        for other in item.session.items
        if getattr(other, "module", None) is module
        for name in getattr(other, "fixturenames", ())
    }
    for name, start in _background_jobs(module).items():
        if name in wanted:
            start()


def marked_processes(marker: str) -> list[int]:
    """Live processes whose command line holds ``marker``, seen from outside any sandbox.

    A sandboxed test can write no file outside its run and sees its own pids only
    inside its PID namespace, so what it starts is found by a word in its argv.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if marker.encode() in command and "zombie" not in status.lower():
            found.append(int(entry.name))
    return found


def marked_after(marker: str, seconds: float) -> list[int]:
    """The processes ``marker`` marks once they are gone or ``seconds`` have passed:
    waits for what it needs, however loaded the machine."""
    deadline = time.monotonic() + seconds
    while (left := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def sleeper(marker: str) -> str:
    """Python source of a command list for a process that sleeps, findable by ``marker``."""
    return f'[sys.executable, "-c", "import time; time.sleep(60)", {marker!r}]'
