"""Start the fork server in the first milliseconds of a command that runs tests.

The fork server spends about 100 ms importing pytest. Started here, before the kata
imports anything of its own, that import overlaps all of the kata's own start-up
(its modules, the command line, the lessons' manifests): a cold verdict is that
much sooner. Beyond the package's own ``ROOT``, only ``os`` and ``sys`` are used;
``kata.runs.run`` adopts the server (``_Server``) or, if the command cannot use it
(another interpreter, an install to run first), ``kata.cli`` ends it.
"""

from __future__ import annotations

import os
import sys
import time

from kata import ROOT

RUNS_TESTS = frozenset({"lesson", "check", "watch", "demo", "verify", "units", "integration"})
SERVER_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from kata.runs.forkserver import main; main()"
)


class Started:
    """A fork server started here: as much of ``subprocess.Popen`` as ``kata.runs.run`` uses."""

    def __init__(self, pid: int, stdin: int, stdout: int, args: list[str]) -> None:
        self.pid = pid
        self.args = args
        self.stdin = os.fdopen(stdin, "wb")
        self.stdout = os.fdopen(stdout, "rb", buffering=0)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            if self.returncode is None:
                self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            return self.returncode
        deadline = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.001)
        return code

    def send_signal(self, number: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, number)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)


started: Started | None = None


def start(argv: list[str]) -> None:
    """Start the fork server now if ``argv`` runs tests in this project's set-up ``.venv``."""
    global started
    if not argv or argv[0] not in RUNS_TESTS or os.environ.get("KATA_SPAWN", "") not in ("", "0"):
        return
    if not hasattr(os, "posix_spawn") or not hasattr(os, "fork"):
        return  # the runs are spawned one by one here
    venv = os.path.join(ROOT, ".venv")
    if os.path.realpath(sys.prefix) != os.path.realpath(venv):
        return  # the kata will run again in .venv's Python, and start its server there
    its_stdin, to_server = os.pipe()
    from_server, its_stdout = os.pipe()
    # -I: no working folder or user site on sys.path, no PYTHON* variables.
    args = [sys.executable, "-I", "-c", SERVER_BOOT, str(ROOT)]
    actions = [(os.POSIX_SPAWN_DUP2, its_stdin, 0), (os.POSIX_SPAWN_DUP2, its_stdout, 1)]
    try:
        pid = os.posix_spawn(sys.executable, args, os.environ, file_actions=actions)
    except OSError:
        for fd in (to_server, its_stdin, its_stdout, from_server):
            os.close(fd)
        return
    os.close(its_stdin)
    os.close(its_stdout)
    started = Started(pid, to_server, from_server, args)


def take() -> Started | None:
    """The server started here, handed over once (None if there is none)."""
    global started
    server, started = started, None
    return server
