"""Suite and set-up times, each against a baseline measured in the same run.

    python bench/suite.py [--rounds N] [--skip-make-test] [--skip-setup]

- each lesson's whole solved suite (units + reference integration tests), against
  ``pytest`` collecting an empty folder (interpreter + pytest start-up);
- ``make test`` wall time, against one bare pytest run of lesson 01's folder;
- a fresh clone's first ``make lesson-01`` (creates .venv and installs), against
  ``python -m venv`` alone (a venv with pip, nothing installed).

Medians of N rounds where a round is cheap; one round for make test and set-up.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, median_of, timed

from kata.course.discover import find_lessons
from kata.course.trees import copy_solution


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-make-test", action="store_true")
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()
    python = sys.executable
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        empty = Path(scratch) / "empty"
        empty.mkdir()
        baseline = median_of([*pytest, str(empty)], ROOT, args.rounds)
        print(f"baseline: pytest on an empty folder {baseline:.3f}s\n")
        print(f"{'lesson':<8}{'whole solved suite':>20}{'ratio':>8}")
        for lesson in find_lessons(ROOT):
            solved = copy_solution(lesson, Path(scratch) / lesson.name)  # with its shared modules
            seconds = median_of([*pytest, str(solved)], solved, args.rounds)
            print(f"{lesson.number:<8}{seconds:>19.3f}s{seconds / baseline:>7.2f}x")
        if not args.skip_make_test:
            bare = median_of([*pytest, "lessons/lesson_01_parser_cart"], ROOT, args.rounds)
            seconds = timed(["make", "test", f"PYTHON={python}"], ROOT)
            ratio = seconds / bare
            print(f"\nmake test: {seconds:.1f}s = {ratio:.0f}x one bare pytest of lesson 01")
            print(f"  (that pytest run: {bare:.3f}s; the budget is under 30 s on two cores)")
        if not args.skip_setup:
            clone = Path(scratch) / "clone"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            system_python = str(Path(sys.base_prefix) / "bin" / "python3")
            venv = timed([system_python, "-m", "venv", str(Path(scratch) / "plain-venv")], ROOT)
            setup = timed(["make", "lesson-01", f"PYTHON={system_python}"], clone)
            ratio = setup / venv
            print(f"\nfresh clone, first make lesson-01: {setup:.1f}s = {ratio:.1f}x")
            print(f"  a bare python -m venv ({venv:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
