"""What the run sandbox costs per run, against the same runs unconfined, side by side.

    python bench/sandbox.py [--runs N] [--rounds R]

Each round forks N runs of a tiny test (one after another, so the cost is not
hidden by parallelism) through the kata's fork server, once with the sandbox and
once with ``KATA_SANDBOX=off``, in alternating order so machine noise hits both
alike. It also times the sandbox's two parts alone in a forked child: Landlock
(ruleset, rules, restriction) and the user + PID namespace (unshare, maps, fork).
It prints medians and the difference per run; the budget is 10 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT  # noqa: F401  (puts the repository on sys.path)

from kata.runs import run, sandbox

TEST = "def test_nothing():\n    assert True\n"


def _runs(tree: Path, count: int, confined: bool) -> float:
    """Seconds per run for ``count`` runs, one at a time, through a fresh fork server."""
    os.environ["KATA_SANDBOX"] = "" if confined else "off"
    sandbox.protections.cache_clear()
    run.close_server()
    run.prepare(runs=count)
    runs = [run.Run("bench", tree, ("test_tiny.py",)) for _ in range(count)]
    run.run_all(runs[:1], parallel=1)  # the server is up and warm before the clock starts
    started = time.perf_counter()
    results = run.run_all(runs, parallel=1)
    elapsed = time.perf_counter() - started
    assert all(result.passed for result in results), [r.output for r in results]
    return elapsed / count


def _part(step: str) -> float:
    """Milliseconds one sandbox step takes in a forked child (median of 9)."""
    timings = []
    folder = tempfile.mkdtemp(prefix="kata-bench-")  # made and removed outside the child
    for _ in range(9):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the measured child
            started = time.perf_counter()
            if step == "landlock":
                sandbox._landlock(sandbox.landlock_abi(), [folder], sandbox.readable_paths(), [])
                took = time.perf_counter() - started
            else:
                sandbox._new_namespaces(private_network=True)
                child = os.fork()
                if child == 0:
                    os._exit(0)
                os.waitpid(child, 0)
                took = time.perf_counter() - started
            os.write(write, f"{took * 1000:.3f}".encode())
            os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        timings.append(float(os.read(read, 64) or b"nan"))
        os.close(read)
    os.rmdir(folder)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per measurement")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    granted = sandbox.protections()
    print(f"protections here: {granted.as_json()}")
    if not granted.complete:
        print("no complete sandbox on this machine: nothing to compare")
        return 0
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        tree = Path(scratch) / "tree"
        tree.mkdir()
        (tree / "test_tiny.py").write_text(TEST, encoding="utf-8")
        confined, open_ = [], []
        for round_ in range(args.rounds):
            order = (True, False) if round_ % 2 == 0 else (False, True)
            for on in order:
                (confined if on else open_).append(_runs(tree, args.runs, on))
        run.close_server()
    with_box, without = statistics.median(confined) * 1000, statistics.median(open_) * 1000
    print(f"one run, unconfined:       {without:7.2f} ms")
    print(f"one run, sandboxed:        {with_box:7.2f} ms")
    print(f"sandbox cost per run:      {with_box - without:7.2f} ms  (budget 10 ms)")
    print(f"ratio sandboxed/unconfined: {with_box / without:6.2f}x")
    print(f"  landlock alone:          {_part('landlock'):7.2f} ms")
    print(f"  namespaces alone:        {_part('namespaces'):7.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
