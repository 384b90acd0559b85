"""The fork server: a clean process that imports pytest once and forks every test run.

It is started afresh for each verdict (``python -c ... kata.runs.forkserver``), warms pytest
up, then reads one request per line on stdin: a tree, its targets, pytest's options
and a scratch folder. It forks a run for each and answers with the run's pid; when a
run ends it says so with its exit code. It never learns what a run is for (which
implementation, whose test): a test that walks the stack or the heap finds nothing
that tells one run from another.

It is also the runs' child subreaper (Linux): a process a test started and left
behind, even in a session of its own, becomes its child, and is killed when the
server ends. The server ends when stdin closes (the verdict is done, or interrupted).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from contextlib import suppress
from typing import Any

from kata.runs import sandbox


def end_everything(runs: dict[int, int]) -> None:
    """Kill every run's process group and every adopted descendant, and reap them."""
    for pid in runs:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    sandbox.end_descendants()


def _reap_all(block: bool = False) -> list[tuple[int, int]]:
    ended: list[tuple[int, int]] = []
    while True:
        try:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return ended
        if pid == 0:
            return ended
        ended.append((pid, os.waitstatus_to_exitcode(status)))
        block = False


def _fork_run(request: dict[str, Any]) -> int:
    from kata.runs.run import child_process, from_spec

    run, scratch, private, granted = from_spec(request)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        child_process(run, scratch, private, granted)
    with suppress(OSError):  # the child did it already, or has ended
        os.setpgid(pid, pid)
    return pid


def _freeze() -> None:
    gc.collect()
    gc.freeze()  # children then leave these pages shared instead of copying them


def _load(modules: list[str]) -> None:
    for module in modules:
        with suppress(ImportError):  # the run will report it where it matters
            __import__(module)
    _freeze()


def serve(preload: list[str]) -> None:
    import select

    from kata.runs.run import warm_up

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kata handles Ctrl-C, then ends us
    sandbox.become_subreaper()
    sandbox.readable_paths()  # worked out once here, so that no run has to
    _load(["pytest", *preload])
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # nothing else may write into the protocol
    out.write("ready\n")
    out.flush()
    runs: dict[int, int] = {}  # pid -> request id
    buffered = b""
    stdin = sys.stdin.fileno()
    warmed = False
    if not select.select([stdin], [], [], 0)[0]:  # nothing asked yet: warm up meanwhile
        warm_up()
        _freeze()
        warmed = True
    try:
        while True:
            ready, _, _ = select.select([stdin], [], [], 0.005)
            if ready:
                chunk = os.read(stdin, 65536)
                if not chunk:
                    return
                buffered += chunk
                while b"\n" in buffered:
                    line, buffered = buffered.split(b"\n", 1)
                    request = json.loads(line)
                    if "import" in request:
                        _load(request["import"])
                    elif "warm" in request:
                        if not warmed:  # it may have warmed up already, while idle
                            warm_up()
                            _freeze()
                            warmed = True
                    elif "sweep" in request:
                        end_everything(runs)  # the runs have ended: what they left, too
                        runs.clear()
                    else:
                        pid = _fork_run(request)
                        runs[pid] = request["id"]
                        out.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
                        out.flush()
            for pid, code in _reap_all():
                if pid in runs:
                    out.write(json.dumps({"id": runs.pop(pid), "exit": code}) + "\n")
                    out.flush()
    finally:
        end_everything(runs)


def main() -> None:  # pragma: no cover - the entry point of the spawned server
    serve(sys.argv[1:])
    os._exit(0)
