"""Verdicts on a machine ten times oversubscribed: a finished lesson must stay ``fixed``.

    python bench/load.py [--lessons 05 12] [--factor 10] [--rounds 3]

In a temporary copy of the repository, each lesson's ``fixed`` samples are judged
(cache off, the default 5 s bound) first on a quiet machine, then while
``factor x cores`` busy processes compete for the CPU. It prints each verdict and
how long it took, and the ratio of the loaded time to the quiet one. A run that
overruns its bound under load is run again alone with twice the bound, so the
verdicts must not change; only the time does.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, copy_repo

from kata.commands.scaffold import apply_sample
from kata.course.discover import find_lesson
from kata.course.trees import build_shipped

BUSY = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


def _judge(repo: Path, lesson: str) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kata", "check", lesson, "--json"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    took = time.perf_counter() - started
    try:
        return str(json.loads(done.stdout)["state"]), took
    except (ValueError, KeyError):
        return f"error: {done.stderr.strip()[-200:]}", took


def _samples(lesson: str) -> list[Path]:
    return sorted((ROOT / "tests" / "samples").glob(f"lesson_{lesson}_*/fixed__*.diff"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="*", default=["05", "12"])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cores = multiprocessing.cpu_count()
    changed = 0
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        repo = copy_repo(Path(scratch) / "repo")
        for lesson in args.lessons:
            for sample in _samples(lesson):
                folder = next((repo / "lessons").glob(f"lesson_{lesson}_*"))
                shutil.rmtree(folder)
                build_shipped(find_lesson(lesson, repo), folder)
                apply_sample(sample, folder, ROOT)
                quiet = [_judge(repo, lesson) for _ in range(args.rounds)]
                hogs = [
                    subprocess.Popen([sys.executable, "-c", BUSY.format(seconds=600)])
                    for _ in range(args.factor * cores)
                ]
                try:
                    loaded = [_judge(repo, lesson) for _ in range(args.rounds)]
                finally:
                    for hog in hogs:
                        hog.kill()
                        hog.wait()
                quiet_time = min(took for _, took in quiet)
                for state, took in loaded:
                    changed += state != "fixed"
                    print(
                        f"{lesson} {sample.name:<32} quiet {quiet[0][0]:<8} {quiet_time:5.1f} s"
                        f" | x{args.factor} load {state:<8} {took:5.1f} s"
                        f" ({took / quiet_time:.1f}x)"
                    )
    print("verdicts changed under load:", changed)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
