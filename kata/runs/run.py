"""Run pytest on lesson trees: independent processes, in parallel, each with a bound.

On POSIX a fork server (``kata/runs/forkserver.py``, a fresh interpreter that never learns
what a run is for) imports pytest once, warms it up, and forks one child per run, so
a run costs tens of milliseconds instead of a fresh interpreter. The kata's own
process never imports lesson code; each child sets its own process group, a run that
exceeds its wall-clock bound is killed with its whole group, and whatever a test
left running is killed when the runs end. Elsewhere (Windows) each run is a fresh
``python`` process.
"""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kata import ROOT
from kata.course.files import read_regular
from kata.runs import prestart, sandbox
from kata.runs.model import Result, Run, Status, TestRecord
from kata.runs.runpaths import as_shown
from kata.runs.scratch import workspace

DEFAULT_TIMEOUT = 5.0
INI = Path(__file__).with_name("lesson-pytest.ini")
OUTPUT_LIMIT = 64 * 1024
REPORT_LIMIT = 16 * 1024 * 1024
_POLL = 0.005
#: Standard-library modules lessons commonly use: the fork server imports those a
#: lesson's files import (``common_imports``), once, instead of every run.
COMMON_PRELOAD = ("csv", "decimal", "json", "sqlite3", "unittest.mock")
_IMPORTS = re.compile(r"^\s*(?:from|import)\s+(csv|decimal|json|sqlite3|unittest)\b", re.MULTILINE)


def common_imports(tree: Path) -> tuple[str, ...]:
    """The modules of ``COMMON_PRELOAD`` that the Python files of ``tree`` import.

    Importing all of them costs the fork server ~20 ms before the first run can
    start; a lesson that needs none of them should not wait for them.
    """
    found: set[str] = set()
    for path in tree.rglob("*.py"):
        try:
            found.update(_IMPORTS.findall(path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return tuple(module for module in COMMON_PRELOAD if module.split(".")[0] in found)


def pytest_args(run: Run, scratch: Path) -> list[str]:
    """The command line every run gets: the tree is rootdir, nothing is cached."""
    return [
        *(str(run.tree / target) for target in run.targets),
        "-c",
        str(INI),
        "--rootdir",
        str(run.tree),
        "--confcutdir",
        str(run.tree),
        "--basetemp",
        str(scratch / "basetemp"),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:unraisableexception",
        *run.options,
    ]


def use_fork() -> bool:
    return hasattr(os, "fork") and os.environ.get("KATA_SPAWN", "") in ("", "0")


#: A RAM disk is used for the kata's folders only with this much room to spare.
def prepare(preload: Sequence[str] = (), runs: int | None = None) -> None:
    """Before the runs: start the fork server, which imports pytest (and ``preload``) once.

    It warms pytest up with a tiny real session, so each forked run starts with it in
    memory; the warm-up costs about what one run costs and saves a third of every
    later run, so with ``runs`` (how many will be forked) at two or fewer it is
    skipped. A server already running (another lesson in the same command) is asked
    to import only what is new.
    """
    listen_for_interrupts()
    if use_fork():
        server = _server(tuple(preload))
        if runs is None or runs > 2:
            server.warm()


def start_early() -> None:
    """Start the fork server now, so it imports pytest while the kata plans the runs."""
    if use_fork():
        _server()


_WARM_UP_TESTS = """
import pytest

@pytest.fixture
def number(tmp_path):
    return len(str(tmp_path)) > 0

@pytest.mark.integration
@pytest.mark.parametrize("value", [1, 2])
def test_passes(number, value):
    assert number and value

def test_fails():
    assert [1, 2] == [1, 3]

def test_raises():
    with pytest.raises(KeyError):
        {}["missing"]
"""


_interrupted = False


def _remember_interrupt(number: int, frame: object) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _quiet_unraisable(unraisable: Any) -> None:
    """A Ctrl-C raised inside a finalizer is remembered; do not print it as an error."""
    if unraisable.exc_type is KeyboardInterrupt and _interrupted:
        return
    sys.__unraisablehook__(unraisable)


def listen_for_interrupts() -> None:
    """Make Ctrl-C remembered as well as raised.

    A KeyboardInterrupt raised inside a finalizer is only printed, and so lost.
    The run loop checks the flag, so a Ctrl-C always stops the verdict.
    """
    import threading

    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ):
        signal.signal(signal.SIGINT, _remember_interrupt)
        sys.unraisablehook = _quiet_unraisable


def _stop_if_interrupted() -> None:
    if _interrupted:
        raise KeyboardInterrupt


@contextmanager
def _interrupt_masked() -> Iterator[None]:
    """Hold Ctrl-C while a run's process is started and recorded (POSIX).

    A KeyboardInterrupt between asking the fork server for a run and recording its
    pid would leave that run unknown to the clean-up. A Ctrl-C that arrives meanwhile
    is delivered when the block ends.
    """
    if not use_fork():  # a spawned run would inherit the mask; Windows has none
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def warm_up() -> None:
    """Run a tiny real session once, so every child starts with pytest's paths warm."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import pytest

    from kata.runs.plugin import ReportPlugin

    with (
        workspace() as scratch,
        redirect_stdout(io.StringIO()),
        redirect_stderr(io.StringIO()),
    ):
        tree = scratch / "warm"
        tree.mkdir()
        (tree / "test_warm_up.py").write_text(_WARM_UP_TESTS, encoding="utf-8")
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        sys.dont_write_bytecode = True
        run = Run("warm-up", tree, ("test_warm_up.py",), ("-q", "--tb=short"))
        pytest.main(pytest_args(run, scratch), plugins=[ReportPlugin(scratch / "report.json")])
        for name in [name for name in sys.modules if name == "test_warm_up"]:
            del sys.modules[name]
        sys.path[:] = [path for path in sys.path if path != str(tree)]


def child_environment(run: Run, scratch: Path) -> None:
    """Settings a run's process gets before pytest starts (fork and spawn alike).

    Its working directory is its own copy of the lesson, as under ``pytest`` in the
    lesson folder; its environment is the sandbox's allow-list, alike for every run
    but for the random names of its folders.
    """
    allowed = sandbox.environment(scratch, dict(run.env))
    os.environ.clear()
    os.environ.update(allowed)
    sys.dont_write_bytecode = True
    tempfile.tempdir = str(scratch)
    repo = str(ROOT)
    sys.path[:] = [p for p in sys.path if p not in ("", ".", repo) and p != os.getcwd()]
    os.chdir(run.tree)


def child_main(run: Run, scratch: Path, private: Path, granted: sandbox.Protections) -> int:
    """Body of a run's process: confined, then pytest with the report plugin.

    Returns pytest's exit code. The report goes to a file in ``private``, a folder
    the run can neither list nor change: only that one file is writable to it.
    """
    import pytest

    from kata.runs.plugin import Perturbation, ReportPlugin

    child_environment(run, scratch)
    report = private / "report.json"
    sandbox.confine(
        run.tree,
        scratch,
        granted,
        readable_files=(INI,),
        writable_files=(report,),
        unix_sockets=sandbox.SERVER_VARIABLE in os.environ,  # its PostgreSQL's socket
    )
    plugin = ReportPlugin(report)
    for name in [name for name in sys.modules if name == "kata" or name.startswith("kata.")]:
        del sys.modules[name]  # what a test imports is the lesson's, never the kata's
    gc.disable()  # a run is short-lived: collecting would only copy the parent's pages
    if run.seed is not None:
        Perturbation(run.seed).install()
    code = pytest.main(pytest_args(run, scratch), plugins=[plugin])
    return int(code)


def open_output(private: Path) -> int:
    """Create a run's output and report files (never through a link); the output's fd."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    os.close(os.open(private / "report.json", flags, 0o600))
    return os.open(private / "output.txt", flags, 0o600)


def child_process(
    run: Run, scratch: Path, private: Path, granted: sandbox.Protections
) -> None:  # pragma: no cover - forked
    """What a forked run does: its own process group, output to a file, pytest, exit."""
    code = 70
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        fd = open_output(private)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        sandbox.close_other_descriptors()  # the fork server's pipes stay out of reach
        code = child_main(run, scratch, private, granted)
    except BaseException as error:  # anything at all: report it, never return
        with suppress(OSError):
            os.write(2, f"kata: the test process failed: {error!r}\n".encode())
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run_spec(run: Run, scratch: Path, private: Path) -> dict[str, Any]:
    """What a run's process is told, as JSON: where and what to run, never what for."""
    return {
        "tree": str(run.tree),
        "targets": list(run.targets),
        "options": list(run.options),
        "env": list(run.env),
        "seed": run.seed,
        "scratch": str(scratch),
        "private": str(private),
        "protections": sandbox.protections().as_json(),  # found once, by the kata
    }


def from_spec(spec: dict[str, Any]) -> tuple[Run, Path, Path, sandbox.Protections]:
    """The run (labelled just "run"), its folders and its sandbox, from ``run_spec``."""
    env = tuple((name, value) for name, value in spec["env"])
    seed = spec.get("seed")
    run = Run(
        "run",
        Path(spec["tree"]),
        tuple(spec["targets"]),
        tuple(spec["options"]),
        env,
        seed=seed if isinstance(seed, int) else None,
    )
    granted = sandbox.Protections.from_json(spec["protections"])
    return run, Path(spec["scratch"]), Path(spec["private"]), granted


def _spawn_main() -> None:  # pragma: no cover - used where fork is missing
    """Entry point of a spawned run: ``python -c ... <spec.json>``."""
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    # A run the fork server forked ends with the server, and the server with the kata;
    # a spawned run is the kata's own child: it ends with the kata, even a killed one.
    sandbox.end_with_parent(spec.get("kata"))
    # As a forked run's: what was loaded before the run (pytest, the kata, ctypes) is
    # frozen, out of gc.get_objects()'s reach. A test that walks the heap then meets the
    # same objects on both paths (ctypes.cdll, for one, raises OSError for getattr).
    import pytest  # noqa: F401 - loaded here to be frozen, as the fork server does

    gc.collect()
    gc.freeze()
    sys.exit(child_main(*from_spec(spec)))


_SPAWN_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from kata.runs.run import _spawn_main; "
    "_spawn_main()"
)
#: Windows: a run's output goes to a file in the ANSI code page unless Python's UTF-8
#: mode says otherwise; the kata reads it as UTF-8, as it is everywhere else.
_UTF8 = ("-X", "utf8") if os.name == "nt" else ()


class _Server:
    """The kata's end of the fork server: send runs, hear their pids and exit codes."""

    def __init__(self, preload: tuple[str, ...]) -> None:
        self.preload = set(preload)
        self.exits: dict[int, int] = {}
        self.ready = False
        self.warmed = False
        self.next_id = 0
        self.pending = b""
        # The one the command started first thing, if it did (see kata/runs/prestart.py).
        early = prestart.take()
        if early is not None:
            self.process: Any = early
            if self.preload:
                self._send({"import": sorted(self.preload)})
            return
        # -I: no working folder or user site on sys.path, no PYTHON* variables.
        args = [sys.executable, "-I", "-c", prestart.SERVER_BOOT, str(ROOT), *preload]
        self.process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=tempfile.gettempdir()
        )

    def _line(self, block: bool) -> dict[str, Any] | None:
        """The next message, or None when none is waiting (and ``block`` is False)."""
        import select

        assert self.process.stdout is not None
        stdout = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([stdout], [], [], None if block else 0)
            if not ready:
                return None
            chunk = os.read(stdout, 65536)
            if not chunk:
                raise RuntimeError("the kata's fork server ended unexpectedly")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        if line == b"ready":
            self.ready = True
            return {}
        message: dict[str, Any] = json.loads(line)
        return message

    def _send(self, request: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()

    def start(self, run: Run, scratch: Path, private: Path) -> int:
        """Fork ``run``; its pid. The request may go before the server is ready: it waits."""
        self.next_id += 1
        self._send({"id": self.next_id, **run_spec(run, scratch, private)})
        while True:
            message = self._line(block=True)
            if message and message.get("id") == self.next_id and "pid" in message:
                return int(message["pid"])
            self._note(message)

    def _note(self, message: dict[str, Any] | None) -> None:
        if message and "exit" in message:
            self.exits[int(message["id"])] = int(message["exit"])

    def exit_code(self, request_id: int) -> int | None:
        while (message := self._line(block=False)) is not None:
            self._note(message)
        return self.exits.pop(request_id, None)

    def load(self, preload: tuple[str, ...]) -> None:
        new = [module for module in preload if module not in self.preload]
        if new:
            self.preload.update(new)
            self._send({"import": new})

    def warm(self) -> None:
        """Ask for pytest's warm-up (once): it pays off from three runs on."""
        if not self.warmed:
            self.warmed = True
            self._send({"warm": True})

    def sweep(self) -> None:
        """Kill what the finished runs left behind (adopted orphans)."""
        if self.process.poll() is None:
            self._send({"sweep": True})

    def _wait_for_the_end(self, bound: float) -> None:
        """Wait until the server has exited: its stdout closes when it does, and that is
        seen at once (``Popen.wait`` with a bound polls, ever more slowly)."""
        import select

        assert self.process.stdout is not None
        deadline = time.monotonic() + bound
        stdout = self.process.stdout.fileno()
        while (left := deadline - time.monotonic()) > 0:
            if select.select([stdout], [], [], left)[0] and not os.read(stdout, 65536):
                self.process.wait(timeout=max(left, 0.01))  # it has closed: it is ending
                return
        raise subprocess.TimeoutExpired(self.process.args, bound)

    def close(self) -> None:
        """End the server, and with it every run and everything they started."""
        if not self.ready and self.next_id == 0:  # never used (every result was cached)
            self.process.kill()
            self.process.wait()
            return
        with suppress(OSError, ValueError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self._wait_for_the_end(5.0)
        except subprocess.TimeoutExpired:  # stopped by a test (SIGSTOP), or stuck
            with suppress(OSError):
                self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait()


_servers: list[_Server] = []


def _server(preload: tuple[str, ...] = ()) -> _Server:
    """The fork server of this process, started on first use."""
    if _servers and _servers[0].process.poll() is not None:
        _servers.clear()  # it ended (killed from outside): start another
    if not _servers:
        import atexit

        _servers.append(_Server(tuple(preload)))
        atexit.register(close_server)
    else:
        _servers[0].load(tuple(preload))
    return _servers[0]


def close_server() -> None:
    while _servers:
        _servers.pop().close()


@dataclass(eq=False)
class _Running:
    index: int
    run: Run
    scratch: Path  # the run's temporary folder: its to write
    private: Path  # its output and report: the kata's to read
    started: float
    bound: float
    pid: int
    request: int = 0
    popen: subprocess.Popen[bytes] | None = None
    spent: float = 0.0  # seconds on the fair clock (see _FairClock): what the bound counts


#: Every folder a run sees is named with this many random lowercase letters.
NAME_LENGTH = 12


def neutral_name() -> str:
    """A folder name that says nothing about its run: random letters, always as many
    (no digit, so nothing reads as a number or an order)."""
    import secrets
    import string

    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(NAME_LENGTH))


def _start(index: int, run: Run, base: Path, bound: float) -> _Running:
    scratch, private = base / neutral_name(), base / neutral_name()
    scratch.mkdir(mode=0o700)
    private.mkdir(mode=0o700)
    if use_fork():
        server = _server()
        pid = server.start(run, scratch, private)
        started = time.monotonic()
        return _Running(
            index, run, scratch, private, started, bound, pid=pid, request=server.next_id
        )
    spec_path = private / "spec.json"
    spec = {**run_spec(run, scratch, private), "kata": os.getpid()}
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    output = open_output(private)
    try:
        popen = subprocess.Popen(
            [sys.executable, "-I", *_UTF8, "-c", _SPAWN_BOOT, str(ROOT), str(spec_path)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=private,  # not the tree: nothing of the student's is imported unconfined
            env=sandbox.environment(scratch, dict(run.env)),
            start_new_session=(os.name == "posix"),
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
        )
    finally:
        os.close(output)
    started = time.monotonic()
    return _Running(index, run, scratch, private, started, bound, pid=popen.pid, popen=popen)


def _poll(job: _Running) -> int | None:
    """The exit code if the run's process has ended, else None."""
    if job.popen is not None:
        return job.popen.poll()
    return _server().exit_code(job.request)


def _kill_group(job: _Running) -> None:
    """Kill the run's process group: the run itself and anything it started."""
    if os.name == "posix" and job.pid > 1:  # never "every process" or init's group
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(job.pid, signal.SIGKILL)
    elif job.popen is not None:  # pragma: no cover - Windows
        job.popen.kill()


def _reap(job: _Running) -> None:
    """Kill the run; the fork server reaps it (a spawned run is reaped here)."""
    _kill_group(job)
    if job.popen is not None:
        job.popen.wait()


def read_bounded(path: Path, limit: int) -> tuple[bytes, int]:
    """The last ``limit`` bytes of a regular file and its size; never through a link or a FIFO.

    A run's output and report live where the run cannot reach (in the sandbox);
    without one, a run could swap them for a FIFO that would block the kata.
    """
    try:
        return read_regular(path, limit)
    except OSError:
        return b"", 0


def _read_output(path: Path) -> str:
    data, size = read_bounded(path, OUTPUT_LIMIT)
    text = data.decode("utf-8", errors="replace")
    if size > OUTPUT_LIMIT:
        text = f"[... {size - OUTPUT_LIMIT} bytes of output cut ...]\n" + text
    return text


def _finish(job: _Running, status: Status, code: int | None) -> Result:
    duration = time.monotonic() - job.started
    result = Result(job.run, status, code, duration, _read_output(job.private / "output.txt"))
    if status == "done":
        data, size = read_bounded(job.private / "report.json", REPORT_LIMIT)
        try:
            if size > REPORT_LIMIT:
                raise ValueError("a report over its bound")
            report: dict[str, Any] = json.loads(data)
            result.collected = int(report["collected"])
            result.deselected = int(report.get("deselected", 0))
            result.tests = [TestRecord.read(record) for record in report["tests"]]
            result.collect_errors = [
                TestRecord.read({"file": str(record["nodeid"]).split("::", 1)[0], **record})
                for record in report["collect_errors"]
            ]
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            result.status = "crashed"  # no report, or not one the plugin wrote
    return as_shown(result, job.scratch)


def _limit(
    limit: int,
    settled: Callable[[Sequence[Result | None]], bool] | None,
    protected: int,
    results: Sequence[Result | None],
) -> int:
    """How many runs may go at once: one per core while the protected runs are unfinished.

    They often settle the outcome alone (a broken test, one that collects nothing),
    and a run started beside them would then be cancelled, its work wasted.
    """
    if settled is not None and any(result is None for result in results[:protected]):
        return min(limit, os.cpu_count() or 2)
    return limit


def run_all(
    runs: Sequence[Run],
    timeout: float = DEFAULT_TIMEOUT,
    parallel: int | None = None,
    settled: Callable[[Sequence[Result | None]], bool] | None = None,
    protected: int = 0,
    known: dict[int, Result] | None = None,
) -> list[Result]:
    """Run every ``Run`` in its own process, at most ``parallel`` at once; results in order.

    Each run gets ``timeout`` seconds of wall-clock time from its own start. A run
    over its bound is run again once, alone and with the bound doubled, before it
    counts as a timeout: a busy machine never fails an honest test, and one that
    hangs is a timeout within about three bounds. When ``settled(results so far)``
    says the finished runs decide the outcome, the runs still going are stopped and
    reported as ``cancelled``, except the first ``protected`` runs, which always
    finish. ``known`` results (from a cache) are taken as they are, without running.
    On any interruption (Ctrl-C included) every process group is killed and every
    temporary folder removed before the exception goes on.
    """
    listen_for_interrupts()
    limit = parallel or (os.cpu_count() or 2) + 2
    results: list[Result | None] = [None] * len(runs)
    for index, result in (known or {}).items():
        results[index] = result
    # (index, run, bound): a bound above ``timeout`` marks a second try, which runs alone.
    waiting = [(index, run, timeout) for index, run in enumerate(runs) if results[index] is None]

    def cancel_waiting() -> None:
        for item in [item for item in waiting if item[0] >= protected]:
            results[item[0]] = Result(item[1], "cancelled", None, 0.0, "")
            waiting.remove(item)

    def may_start(bound: float) -> bool:
        alone = bound > timeout or any(job.bound > timeout for job in running)
        return not running if alone else len(running) < _limit(limit, settled, protected, results)

    if settled is not None and known and settled(results):
        cancel_waiting()
    running: list[_Running] = []
    clock = _FairClock()
    sweeper = _spawned_runs_sweeper()
    with workspace() as base:
        try:
            while waiting or running:
                while waiting and may_start(waiting[0][2]):
                    index, run, bound = waiting.pop(0)
                    with _interrupt_masked():
                        running.append(_start(index, run, base, bound))
                before = time.monotonic()
                time.sleep(_POLL)
                _stop_if_interrupted()
                tick = clock.tick(time.monotonic() - before, len(running))
                for job in list(running):
                    if job not in running:
                        continue  # cancelled a moment ago by a settling run
                    job.spent += tick
                    code = _poll(job)
                    if code is None and job.spent <= job.bound:
                        continue
                    running.remove(job)
                    if code is None:
                        _reap(job)
                        if job.bound <= timeout:  # once more, alone, with twice the time,
                            # next: its answer may settle the verdict (a repeating
                            # lesson's runs that all hang would otherwise each go first)
                            waiting.insert(0, (job.index, job.run, 2 * timeout))
                            continue
                        results[job.index] = _finish(job, "timeout", None)
                    else:
                        _kill_group(job)  # anything the run left behind
                        results[job.index] = _finish(job, "done", code)
                    if settled is not None and settled(results):
                        for other in [each for each in running if each.index >= protected]:
                            _reap(other)
                            results[other.index] = _finish(other, "cancelled", None)
                            running.remove(other)
                        cancel_waiting()
        except BaseException:
            close_server()  # interrupted: end every run and all they started, now
            raise
        finally:
            for job in running:
                _reap(job)
            if use_fork() and _servers:
                _servers[0].sweep()  # what the runs left behind ends with them
            sweeper()
    return [result for result in results if result is not None]


class _FairClock:
    """How much of a second counts toward a run's bound: less when others crowd the CPU.

    Our runs may keep every core busy; beyond that, each task of other programs
    waiting to run slows our runs by as much. So on a machine ten times
    oversubscribed a second counts about a tenth (never less: a test that hangs
    still meets its bound), and on a quiet one a second is a second. Only tasks
    outside the kata's own process tree count: a test cannot stretch its bound by
    keeping the CPU busy itself. Linux reads /proc every tenth of a second;
    elsewhere the wall clock counts.
    """

    FLOOR = 0.1
    EVERY = 0.1

    def __init__(self) -> None:
        self.share = 1.0
        self.sampled = -1.0

    def tick(self, seconds: float, jobs: int) -> float:
        now = time.monotonic()
        if now - self.sampled >= self.EVERY:
            self.sampled = now
            others = _runnable_elsewhere()
            cores = os.cpu_count() or 1
            self.share = 1.0 if others is None else min(1.0, max(cores, jobs) / (jobs + others))
            self.share = max(self.share, self.FLOOR)
        return seconds * self.share


def _runnable_elsewhere() -> int | None:
    """Tasks ready to run that are not this process or below it; None without /proc."""
    table = sandbox.process_table()
    if table is None:
        return None
    me = os.getpid()
    ours = {me, *sandbox.descendants(me, parents={pid: row[0] for pid, row in table.items()})}
    return sum(1 for pid, (_, state) in table.items() if state == b"R" and pid not in ours)


def _spawned_runs_sweeper() -> Callable[[], None]:
    """Without a fork server, this process adopts what spawned runs leave behind.

    Returns what to call when the runs are over. Inside PID namespaces nothing can
    be left behind; elsewhere this process is the runs' subreaper and kills every
    descendant it adopted, keeping only the processes it started itself.
    """
    if use_fork() or sandbox.protections().processes == "pid namespace":
        return lambda: None
    if not sandbox.become_subreaper():
        return lambda: None
    own = set(sandbox.children())
    return lambda: sandbox.end_descendants(keep=own)
