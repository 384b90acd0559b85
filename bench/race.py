"""Lesson 12's race tests, many times in a row: the same outcome every time, or it is flaky.

    python bench/race.py [--rounds 50]

For the planted bug and for every correct fix, it runs lesson 12's two race tests
(two sessions reserving at once; the last jar reserved twice) ``--rounds`` times each,
in one pytest session per implementation against one PostgreSQL server, and prints
how often each passed. A deterministic test passes every round on every correct fix
and fails every round on the bug. Exit 1 otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

from kata.course.discover import find_lesson
from kata.course.trees import build_variant
from kata.runs import services
from kata.runs.run import INI

RACES = (
    "test_two_reservations_at_once_both_lower_the_stock",
    "test_the_last_jar_is_reserved_only_once",
)
REPEAT = """
import pytest
import test_integration as reference

ROUNDS = {rounds}


@pytest.mark.parametrize("round_", range(ROUNDS))
@pytest.mark.parametrize("race", {races!r})
def test_again(race, round_, pg_engine):
    getattr(reference, race)(pg_engine)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    lesson = find_lesson("12", ROOT)
    chosen = [v for v in lesson.variants if v.correct or v.kind == "bug"]
    steady = True
    with services.started(lesson.services) as env, tempfile.TemporaryDirectory() as scratch:
        for variant in chosen:
            tree = build_variant(lesson, variant, Path(scratch) / variant.name)
            (tree / "test_repeat.py").write_text(
                REPEAT.format(rounds=args.rounds, races=RACES), encoding="utf-8"
            )
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "-c",
                    str(INI),
                    "--rootdir",
                    str(tree),
                    "test_repeat.py",
                ],  # fmt: skip
                cwd=tree,
                env={**__import__("os").environ, **env, "PYTHONDONTWRITEBYTECODE": "1"},
                capture_output=True,
                text=True,
                check=False,
            )
            last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
            total = 2 * args.rounds
            passed = int(last.split(" passed")[0].split()[-1]) if " passed" in last else 0
            expected = total if variant.correct else 0
            steady &= passed == expected
            print(f"{variant.kind:<9} {variant.name:<20} {passed:>4}/{total} passed   ({last})")
    print("deterministic" if steady else "NOT deterministic: see above")
    return 0 if steady else 1


if __name__ == "__main__":
    sys.exit(main())
