"""How long a verdict takes, against one bare pytest run of the same lesson folder.

    python bench/verdict.py [LESSON ...] [--rounds N]

For each lesson, in a temporary copy of the repository, it times (wall clock,
interleaved so machine noise hits both alike):

- ``bare``:   ``python -m pytest -q <lesson folder>``, the floor a verdict is compared to;
- ``check``:  ``python -m kata check NN`` on the untouched lesson (verdict ``no-test``);
- ``caught``: ``python -m kata check NN`` with the reference tests as the student's
  file, so every variant runs real tests (verdict ``caught``).

It prints medians and the ratios check/bare and caught/bare. The target is at most 2x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kata.discover import STUDENT_FILE, find_lessons  # noqa: E402


def timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1"}
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - started


def copy_repo(destination: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    for name in ("kata", "lessons", "solutions", "pyproject.toml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy2(source, destination / name)
    return destination


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
        print(
            f"{'lesson':<8}{'bare':>9}{'check':>9}{'caught':>9}{'check/bare':>12}{'caught/bare':>13}"
        )
        for lesson in lessons:
            shutil.copyfile(
                lesson.solution / STUDENT_FILE,
                with_test / "lessons" / lesson.name / STUDENT_FILE,
            )
            folder = f"lessons/{lesson.name}"
            commands = {
                "bare": (
                    [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", folder],
                    untouched,
                ),
                "check": ([python, "-m", "kata", "check", lesson.number], untouched),
                "caught": ([python, "-m", "kata", "check", lesson.number], with_test),
            }
            for command, cwd in commands.values():
                timed(command, cwd)  # warm the file cache
            times: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.rounds):
                for name, (command, cwd) in commands.items():
                    times[name].append(timed(command, cwd))
            median = {name: statistics.median(values) for name, values in times.items()}
            print(
                f"{lesson.number:<8}{median['bare']:>8.3f}s{median['check']:>8.3f}s"
                f"{median['caught']:>8.3f}s{median['check'] / median['bare']:>11.2f}x"
                f"{median['caught'] / median['bare']:>12.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
