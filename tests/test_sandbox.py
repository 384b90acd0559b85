"""The run sandbox's rules, each tried from inside a real run (kata/runs/sandbox.py).

A run is a test the kata forks (or spawns) exactly as a verdict does; the test
inside it tries what a hostile student would, and passes only when the operating
system refused. Linux with Landlock and namespaces: what this machine offers is
asserted first, so a kernel without them fails loudly here instead of passing.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from kata import ROOT
from kata.runs import model, run, sandbox
from tests.conftest import marked_processes, run_kata


def _judge(tmp_path: Path, source: str, spawn: bool = False, **env: str) -> model.Result:
    """One run of ``source`` as test_probe.py, in a fresh fork server (or spawned)."""
    tree = tmp_path / "tree"
    tree.mkdir(exist_ok=True)
    (tree / "test_probe.py").write_text(source, encoding="utf-8")
    saved = dict(os.environ)
    os.environ.update(env)
    if spawn:
        os.environ["KATA_SPAWN"] = "1"
    run.close_server()
    sandbox.protections.cache_clear()
    try:
        (result,) = run.run_all([model.Run("probe", tree, ("test_probe.py",), ("-q",))], 30)
    finally:
        run.close_server()
        os.environ.clear()
        os.environ.update(saved)
        sandbox.protections.cache_clear()
    return result


def _passed(result: model.Result) -> None:
    assert result.passed, result.output


def test_this_machine_offers_landlock_and_pid_namespaces():
    granted = sandbox.protections()
    assert granted.filesystem.startswith("landlock v"), granted
    assert granted.processes == "pid namespace", granted
    assert granted.complete


FILES = f"""
import os, pathlib, pytest

ROOT = pathlib.Path({str(ROOT)!r})

@pytest.mark.parametrize("path", [
    ROOT / "kata" / "verdict" / "grade.py",
    ROOT / "solutions" / "lesson_01_parser_cart" / "lesson.toml",
    ROOT / "lessons" / "lesson_01_parser_cart" / "cart.py",
    ROOT / "pyproject.toml",
    pathlib.Path.home().parent,
    pathlib.Path("/root"),
    pathlib.Path("/tmp"),
    pathlib.Path("/etc/shadow"),
    pathlib.Path("/etc/ssh"),
])
def test_cannot_read(path):
    if not path.exists():
        pytest.skip("not on this machine")
    with pytest.raises(PermissionError):
        os.listdir(path) if path.is_dir() else path.read_bytes()

@pytest.mark.parametrize("path", [
    ROOT / "kata" / "verdict" / "grade.py",
    ROOT / "kata" / "new.py",
    ROOT / "solutions" / "lesson_01_parser_cart" / "variants" / "planted.diff",
    pathlib.Path("/tmp") / "kata-escape",
    pathlib.Path("/dev/shm") / "kata-escape",
])
def test_cannot_write(path):
    with pytest.raises(PermissionError):
        with open(path, "a") as handle:
            handle.write("x")

def test_cannot_see_other_runs():
    for folder in (pathlib.Path.cwd().parent, pathlib.Path(os.environ["TMPDIR"]).parent):
        with pytest.raises(PermissionError):
            os.listdir(folder)

def test_writes_its_tree_and_temporary_folder(tmp_path):
    (pathlib.Path.cwd() / "written.txt").write_text("mine")
    (pathlib.Path(os.environ["TMPDIR"]) / "written.txt").write_text("mine")
    (tmp_path / "db.sqlite3").write_text("mine")
    with open("/dev/null", "w") as sink:
        sink.write("x")
"""


BOTH_PATHS = pytest.mark.parametrize(
    "setting", ["", "no-namespaces"], ids=["pid-namespace", "landlock-only"]
)


@BOTH_PATHS
def test_a_run_reads_and_writes_only_its_own_folders(tmp_path, setting):
    _passed(_judge(tmp_path, FILES, KATA_SANDBOX=setting))


def test_a_spawned_run_is_confined_alike(tmp_path):
    _passed(_judge(tmp_path, FILES, spawn=True))


DESCRIPTORS_AND_ENVIRONMENT = """
import os, stat

def test_inherits_no_pipe_or_socket():
    for name in os.listdir("/proc/self/fd"):
        try:
            mode = os.fstat(int(name)).st_mode
        except OSError:
            continue  # the listing's own descriptor
        assert not stat.S_ISFIFO(mode) and not stat.S_ISSOCK(mode), name

def test_environment_is_an_allow_list():
    for name in ("KATA_SOLUTIONS", "KATA_SECRET", "PYTHONPATH", "PYTHONSTARTUP",
                 "PYTEST_PLUGINS", "PYTEST_ADDOPTS", "DATABASE_URL"):
        assert name not in os.environ, name
    assert os.environ["HOME"] == os.environ["TMPDIR"]
"""


def test_a_run_inherits_fds_0_to_2_and_an_allow_listed_environment(tmp_path):
    result = _judge(
        tmp_path,
        DESCRIPTORS_AND_ENVIRONMENT,
        KATA_SOLUTIONS=str(ROOT / "solutions"),
        KATA_SECRET="x",
        PYTHONSTARTUP="/nonexistent.py",
        PYTEST_PLUGINS="nonexistent_plugin",
        DATABASE_URL="postgresql://production/db",
    )
    _passed(result)


SIGNALS = """
import os, signal, pytest

def _pids_of(word):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():  # a run is a fork of the server
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if word in handle.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found

def test_cannot_signal_the_fork_server_or_the_kata():
    servers = _pids_of(b"kata.runs.forkserver")
    assert servers  # it is there to see in /proc, just out of reach
    parents = [os.getppid()] if os.getppid() else []  # 0: outside its namespace
    for pid in servers + parents:
        with pytest.raises(OSError):
            os.kill(pid, signal.SIGKILL)
"""


@BOTH_PATHS
def test_a_run_can_signal_only_its_own_processes(tmp_path, setting):
    in_namespace = "\n\ndef test_is_process_1():\n    assert os.getpid() == 1\n"
    _passed(_judge(tmp_path, SIGNALS + (in_namespace if not setting else ""), KATA_SANDBOX=setting))


def test_runs_are_told_apart_by_nothing_but_random_names(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    # Reversed, so the kata's rewriting of run folders into the lesson's path leaves them.
    source = (
        "import os\n\ndef test_where():\n"
        "    print('AT', os.getcwd()[::-1], os.environ['TMPDIR'][::-1])\n"
    )
    (tree / "test_where.py").write_text(source, encoding="utf-8")
    runs = [model.Run(f"label {i}", tree, ("test_where.py",), ("-q", "-s")) for i in range(4)]
    results = run.run_all(runs, 30)
    folders = [
        line.split()[2][::-1] for r in results for line in r.output.splitlines() if "AT " in line
    ]
    names = [Path(folder).name for folder in folders]
    assert len(names) == 4 and len(set(names)) == 4
    assert len({len(name) for name in names}) == 1  # the same length for every run
    assert all(name.isascii() and name.isalpha() for name in names)  # nothing numbered


FIFOS = """
import os

def test_swaps_every_file_it_can_reach_for_a_fifo():
    for folder in (os.getcwd(), os.environ["TMPDIR"]):
        for name in ("output.txt", "report.json"):
            path = os.path.join(folder, name)
            if os.path.exists(path):
                os.unlink(path)
            os.mkfifo(path)
"""


def test_a_fifo_in_place_of_the_output_never_blocks_the_kata(tmp_path):
    started = time.monotonic()
    result = _judge(tmp_path, FIFOS)
    assert result.status == "done" and result.passed, result.output
    assert time.monotonic() - started < 20


@pytest.mark.slow
def test_a_run_over_its_bound_runs_again_alone_with_twice_the_time(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "test_slow.py").write_text(
        "import time\n\ndef test_slow():\n    time.sleep(1.5)\n", encoding="utf-8"
    )
    (result,) = run.run_all([model.Run("slow", tree, ("test_slow.py",))], timeout=1.0)
    # Passed though it sleeps past its bound: run again alone with two seconds (or, on a
    # crowded machine, already given more by the fair clock). No upper bound on its time:
    # how long a run takes is the machine's business, not this test's.
    assert result.status == "done" and result.passed, result.output
    assert result.duration >= 1.5


@pytest.mark.slow
def test_a_test_that_hangs_is_a_timeout_after_its_bound_and_twice_it_alone(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "test_hangs.py").write_text(
        "import time\n\ndef test_hangs():\n    time.sleep(3600)\n", encoding="utf-8"
    )
    started = time.monotonic()
    (result,) = run.run_all([model.Run("hangs", tree, ("test_hangs.py",))], timeout=1.0)
    # Only the bound ends that test: the bound, then twice it alone. No upper limit on
    # the wall clock: a loaded machine stretches each second (the fair clock).
    assert result.status == "timeout"
    assert time.monotonic() - started >= 3.0


@pytest.mark.slow
def test_a_run_over_its_bound_runs_again_before_the_runs_still_waiting(tmp_path, monkeypatch):
    """Its second try can settle the verdict (a timeout), and then they never start.

    The wall clock counts here: what is tested is the order, not the fair share."""
    monkeypatch.setattr(run._FairClock, "tick", lambda self, seconds, jobs: seconds)
    trees = []
    for name in ("first", "second", "third"):
        tree = tmp_path / name
        tree.mkdir()
        (tree / "test_hangs.py").write_text(
            "import pathlib, time\n\ndef test_hangs():\n"
            "    pathlib.Path('started').touch()\n    time.sleep(60)\n",
            encoding="utf-8",
        )
        trees.append(tree)
    runs = [model.Run(tree.name, tree, ("test_hangs.py",)) for tree in trees]

    def settled(results):
        return any(result is not None and result.status == "timeout" for result in results)

    results = run.run_all(runs, timeout=1.0, parallel=1, settled=settled)
    assert [result.status for result in results] == ["timeout", "cancelled", "cancelled"]
    assert [(tree / "started").exists() for tree in trees] == [True, False, False]


def test_check_reports_the_protections_in_force(repo_copy):
    report = json.loads(run_kata(repo_copy, "check", "01", "--json").stdout)
    assert report["sandbox"] == sandbox.protections().as_json()
    assert report["sandbox"]["filesystem"].startswith("landlock v")


def test_without_a_sandbox_check_says_so_once_and_require_sandbox_refuses(repo_copy):
    done = run_kata(repo_copy, "check", "01", "--json", KATA_SANDBOX="off")
    report = json.loads(done.stdout)
    assert report["sandbox"]["filesystem"] == "none"
    assert "KATA_SANDBOX=off" in report["sandbox"]["reason"]
    assert done.stderr.count("without the operating system's sandbox") == 1
    refused = run_kata(repo_copy, "check", "01", "--require-sandbox", KATA_SANDBOX="off")
    assert refused.returncode == 3
    assert "sandbox is not available" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert refused.stdout == ""  # nothing was run


def test_nothing_a_sandboxed_run_starts_survives_it(tmp_path):
    marker = f"kata-sandbox-sleeper-{os.getpid()}-{time.monotonic_ns()}"
    source = f"""
import os, subprocess, sys

def test_starts_sleepers():
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", {marker!r}],
                     start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", {marker!r}])
"""
    _passed(_judge(tmp_path, source))
    time.sleep(0.2)
    assert marked_processes(marker) == []


def test_runs_at_once_meet_no_other_run_on_the_loopback(tmp_path):
    """Each run has a loopback of its own: the same port is free in every run at once."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "test_port.py").write_text(
        "import socket, time\n\n"
        "def test_holds_a_fixed_port():\n"
        "    with socket.socket() as server:\n"
        "        server.bind(('127.0.0.1', 47123))\n"
        "        server.listen()\n"
        "        with socket.create_connection(('127.0.0.1', 47123)):\n"
        "            time.sleep(0.5)\n",
        encoding="utf-8",
    )
    assert sandbox.protections().network == "private loopback"
    runs = [model.Run("port", tree, ("test_port.py",)) for _ in range(3)]
    results = run.run_all(runs, 30, parallel=3)
    assert [result.passed for result in results] == [True, True, True], results[0].output


def test_a_server_of_the_students_own_keeps_the_network_shared(monkeypatch):
    monkeypatch.setenv("KATA_POSTGRES_URL", "postgresql://me@localhost:5432/postgres")
    sandbox.protections.cache_clear()
    try:
        granted = sandbox.protections()
    finally:
        monkeypatch.undo()
        sandbox.protections.cache_clear()
    assert (granted.processes, granted.network) == ("pid namespace", "shared")
    assert "KATA_POSTGRES_URL" in granted.reason


def test_runs_share_no_system_v_ipc_and_leave_none(tmp_path):
    """Each run has IPC objects of its own (an IPC namespace): the same key is free in
    every run at once, and nothing is left once the runs end."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "test_ipc.py").write_text(
        "import ctypes, time\n\n"
        "def test_creates_a_queue_with_a_fixed_key():\n"
        "    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    queue = libc.msgget(0x4B415441, 0o1000 | 0o2000 | 0o600)  # IPC_CREAT|IPC_EXCL\n"
        "    assert queue >= 0, ctypes.get_errno()\n"
        "    time.sleep(0.5)\n",
        encoding="utf-8",
    )
    runs = [model.Run("ipc", tree, ("test_ipc.py",)) for _ in range(3)]
    results = run.run_all(runs, 30, parallel=3)
    assert [result.passed for result in results] == [True, True, True], results[0].output
    keys = [line.split()[0] for line in Path("/proc/sysvipc/msg").read_text().splitlines()[1:]]
    assert str(0x4B415441) not in keys


UNIX_SOCKETS = """
import os, socket, pytest

def test_cannot_reach_a_socket_of_the_machine_by_its_path():
    with pytest.raises(PermissionError):
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

def test_socketpair_and_the_loopback_still_work():
    one, other = socket.socketpair()
    one.sendall(b"x")
    assert other.recv(1) == b"x"
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
"""


def test_a_run_makes_no_unix_socket_unless_its_lesson_has_a_server(tmp_path):
    _passed(_judge(tmp_path, UNIX_SOCKETS))
    served = _judge(tmp_path, UNIX_SOCKETS, KATA_POSTGRES_URL="postgresql://kata@/x?host=/nowhere")
    assert [t.outcome for t in served.tests] == ["failed", "passed"]  # the socket is allowed
