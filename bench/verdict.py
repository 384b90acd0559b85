"""How long a verdict takes, against one bare pytest run of the same lesson folder.

    python bench/verdict.py [LESSON ...] [--rounds N]

For each lesson, in a temporary copy of the repository, it times (wall clock,
interleaved so machine noise hits every column alike, median of N rounds):

- ``bare``:   ``python -m pytest -q <lesson folder>`` on the untouched lesson;
- ``check``:  ``python -m kata check NN`` on the untouched lesson (verdict ``no-test``);
- ``bare+``:  ``python -m pytest -q <lesson folder>`` with the reference tests as the
  student's file (for lessons 11-12 that starts a PostgreSQL, as the verdict does);
- ``caught``: ``python -m kata check NN`` on that folder, so every variant runs real
  tests (verdict ``caught``), cache off;
- ``rerun``:  the same again with nothing changed, so cached results are reused.

It prints the medians, ``check``'s ratio to ``bare`` and ``caught``'s and ``rerun``'s
to ``bare+``: a verdict against one bare pytest run of the same folder. The target is
at most 2x.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import copy_repo, timed

from kata.course.discover import STUDENT_FILE, find_lessons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        untouched = copy_repo(Path(scratch) / "untouched")
        with_test = copy_repo(Path(scratch) / "with-test")
        lessons = find_lessons(untouched)
        if args.lessons:
            lessons = [x for x in lessons if any(int(k) == int(x.number) for k in args.lessons)]
        columns = ("bare", "check", "bare+", "caught", "rerun")
        header = "".join(f"{c:>9}" for c in columns)
        print(f"{'lesson':<8}{header}   ratios (check: to bare; caught, rerun: to bare+)")
        for lesson in lessons:
            shutil.copyfile(
                lesson.solution / STUDENT_FILE,
                with_test / "lessons" / lesson.name / STUDENT_FILE,
            )
            folder = f"lessons/{lesson.name}"
            check = [python, "-m", "kata", "check", lesson.number]
            commands = {
                "bare": (
                    [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", folder],
                    untouched,
                    {},
                ),
                "check": (check, untouched, {"KATA_NO_CACHE": "1"}),
                "bare+": (
                    [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", folder],
                    with_test,
                    {},
                ),
                "caught": (check, with_test, {"KATA_NO_CACHE": "1"}),
                "rerun": (check, with_test, {}),
            }
            for command, cwd, env in commands.values():
                timed(command, cwd, **env)  # warm the file cache (and the result cache)
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.rounds):
                for name, (command, cwd, env) in commands.items():
                    times[name].append(timed(command, cwd, **env))
            median = {name: sorted(values)[len(values) // 2] for name, values in times.items()}
            baseline = {"check": "bare", "caught": "bare+", "rerun": "bare+"}
            ratios = "  ".join(
                f"{name} {median[name] / median[base]:.2f}x" for name, base in baseline.items()
            )
            print(
                f"{lesson.number:<8}"
                + "".join(f"{median[c]:>8.3f}s" for c in columns)
                + f"   {ratios}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
