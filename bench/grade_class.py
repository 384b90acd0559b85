"""How fast a class is graded: ``grade-class`` against the old per-clone loop, same run.

    python bench/grade_class.py [--students 60] [--lessons 01,02,...] [--seed 1]
                                [--jobs N] [--baseline 8]

It builds a class of synthetic repositories in a temporary folder: each is a clone
(``kata/``, ``pyproject.toml``, ``Makefile``, ``lessons/`` as shipped) in which every
lesson holds one of that lesson's sample submissions from ``tests/samples/`` (its diff
applied to the shipped lesson) or is left
untouched, chosen at random (seeded; ``timeout__`` samples are left out: they measure
the time bound, not the grader). The solutions folder holds the lessons chosen. Then:

- ``grade-class``: ``python -m kata grade-class CLONES --solutions DIR --out RESULTS``,
  every repository, ``--jobs`` at once (default: the cores);
- ``baseline``: the loop the README had, with one shared environment: in each of the
  first ``--baseline`` clones, ``python -m kata check --all --json --solutions DIR``.

It prints each one's repositories per minute, per minute per core, and the projection
for 300 students, the speed-up, and whether the two gave the same verdicts where both ran.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

from kata.commands.scaffold import apply_sample
from kata.course.discover import find_lessons
from kata.course.trees import build_shipped

SAMPLES = ROOT / "tests" / "samples"
CLASS = 300


def build_class(base: Path, lessons: list[str], students: int, seed: int) -> list[Path]:
    """``students`` clones, each lesson a random sample (or untouched), seeded."""
    chooser = random.Random(seed)
    shipped = base / "shipped"
    known = {lesson.name: lesson for lesson in find_lessons(ROOT)}
    for name in lessons:
        build_shipped(known[name], shipped / name)
    repos = []
    for index in range(students):
        repo = base / "class" / f"student-{index:03d}"
        shutil.copytree(ROOT / "kata", repo / "kata", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "Makefile"):
            shutil.copy2(ROOT / name, repo / name)
        for name in lessons:
            shutil.copytree(shipped / name, repo / "lessons" / name)
            samples = sorted(
                p for p in (SAMPLES / name).glob("*.diff") if "timeout__" not in p.name
            )
            sample = chooser.choice([None, *samples])
            if sample is not None:
                apply_sample(sample, repo / "lessons" / name, ROOT)
        repos.append(repo)
    return repos


def environment(base: Path) -> dict[str, str]:
    return {**os.environ, "KATA_NO_VENV": "1", "NO_COLOR": "1", "TMPDIR": str(base / "tmp")}


def grade_class(base: Path, repos: list[Path], solutions: Path, jobs: int) -> tuple[float, dict]:
    results = base / "results"
    command = [sys.executable, "-m", "kata", "grade-class", *map(str, repos), "--solutions",
               str(solutions), "--out", str(results), "--jobs", str(jobs)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=environment(base), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"grade-class failed ({done.returncode}): {done.stderr[-2000:]}")
    states = {path.stem: _states(json.loads(path.read_text())) for path in results.glob("*.json")}
    return seconds, states


def baseline(base: Path, repos: list[Path], solutions: Path) -> tuple[float, dict]:
    states = {}
    started = time.perf_counter()
    for repo in repos:
        command = [sys.executable, "-m", "kata", "check", "--all", "--json",
                   "--solutions", str(solutions)]  # fmt: skip
        done = subprocess.run(
            command, cwd=repo, env=environment(base), capture_output=True, text=True
        )
        try:
            states[repo.name] = _states(json.loads(done.stdout))
        except ValueError:
            states[repo.name] = {"?": f"exit {done.returncode}"}
    return time.perf_counter() - started, states


def _states(result: dict) -> dict[str, str]:
    return {lesson["lesson"]: lesson["state"] for lesson in result.get("lessons", [])}


def line(name: str, repos: int, seconds: float) -> float:
    rate = repos / seconds * 60
    cores = os.cpu_count() or 1
    print(
        f"{name:<12} {repos:>3} repositories in {seconds:7.1f} s: {rate:6.2f} per minute, "
        f"{rate / cores:6.2f} per minute per core; {CLASS} students in {CLASS / rate:6.1f} min"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--lessons", default="", help="lesson numbers, e.g. 01,02 (default all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline", type=int, default=8, help="clones the old loop judges")
    args = parser.parse_args()
    every = find_lessons(ROOT)
    wanted = {f"{int(n):02d}" for n in args.lessons.split(",") if n.strip()}
    lessons = [lesson.name for lesson in every if not wanted or lesson.number in wanted]
    base = Path(tempfile.mkdtemp(prefix="kata-bench-grade-"))
    try:
        (base / "tmp").mkdir()
        solutions = base / "solutions"
        for name in lessons:
            shutil.copytree(ROOT / "solutions" / name, solutions / name)
        repos = build_class(base, lessons, args.students, args.seed)
        print(f"{len(repos)} repositories × {len(lessons)} lessons (seed {args.seed}), "
              f"{os.cpu_count()} cores, grade-class --jobs {args.jobs}")  # fmt: skip
        seconds, graded = grade_class(base, repos, solutions, args.jobs)
        fast = line("grade-class", len(repos), seconds)
        some = repos[: args.baseline]
        old_seconds, old = baseline(base, some, solutions)
        slow = line("baseline", len(some), old_seconds)
        print(f"speed-up: {fast / slow:.2f}x (repositories per minute, grade-class / baseline)")
        differ = [repo.name for repo in some if old[repo.name] != graded.get(repo.name)]
        print(f"verdicts: {len(some) - len(differ)}/{len(some)} repositories alike"
              + (f"; differ: {', '.join(differ)}" if differ else ""))  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
