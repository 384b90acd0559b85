"""How long a class report takes: 300 students × 12 lessons, against json.load alone.

    python bench/class_report.py [--students N] [--lessons N] [--rounds N] [--keep DIR]

In a temporary folder it writes N made-up ``check --all --json`` results (varied
verdicts, surviving mutants, integrity notes), then times, median of the rounds:

- ``json.load``: reading and decoding every file, the floor (measured in the same run);
- ``read``:      ``read_results``, which also checks and shapes each file;
- ``render``:    turning what was read into the HTML page;
- ``total``:     read + render + write, what ``python -m kata class-report`` does after startup.

The target is under 2 s in total. Then, if ``chromium`` (or ``chromium-browser``) is on
PATH, it writes a 30-student report and saves a headless screenshot of it as a PNG;
otherwise it prints ``skipped: no chromium``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from common import ROOT

from kata.views.classreport import KnownLesson, read_results, render, write

STATES = ("fixed", "caught", "caught", "misses-bug", "no-test", "broken", "fixed",
          "wrong-expectation", "caught", "unit-red", "timeout", "fixed", "caught")  # fmt: skip
NOTES = ("test_integration.py defines pytest hooks", "test_integration.py reads /proc")
START = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


def made_up_lessons(count: int) -> list[KnownLesson]:
    return [
        KnownLesson(f"{n:02d}", f"lesson_{n:02d}_seam_{n}", f"Component {n} → component {n + 1}")
        for n in range(1, count + 1)
    ]


Mutant = tuple[str, str, str]  # name, summary, killed_by


def made_up_mutant(lesson: KnownLesson, k: int) -> Mutant:
    return (
        f"mutant_{lesson.number}_{k}",
        f"Mutant {k} of lesson {lesson.number} gets the units wrong across the seam.",
        "a test that asserts the exact value across the seam",
    )


def made_up_result(
    index: int, lessons: list[KnownLesson], mutants: dict[str, list[Mutant]] | None = None
) -> dict[str, Any]:
    entries = []
    for position, lesson in enumerate(lessons):
        if (index + position) % 11 == 10:
            continue
        state = STATES[(index * 3 + position) % len(STATES)]
        known = (mutants or {}).get(lesson.number) or [
            made_up_mutant(lesson, k) for k in range(3 + position % 3)
        ]
        total = len(known)
        survivors = list(range(total)) if state == "misses-bug" else []
        if state == "caught":
            survivors = [k for k in range(total) if (index + k) % 3 != 0 or k == 0]
        ran = state in ("fixed", "caught", "misses-bug")
        entries.append(
            {
                "version": 1,
                "lesson": lesson.number,
                "name": lesson.name,
                "title": lesson.title,
                "state": state,
                "complete": state == "fixed",
                "message": "A made-up message, as long as a real one tends to be. " * 3,
                "tests": [
                    {
                        "name": "test_integration.py::test_seam",
                        "status": "fail",
                        "message": "assert 5496 == 54.96" * 5,
                    }
                ],  # fmt: skip
                "mutants": {
                    "killed": total - len(survivors) if ran else 0,
                    "total": total if ran else 0,
                    "survivors": [
                        dict(zip(("name", "summary", "killed_by"), known[k], strict=True))
                        for k in survivors
                    ],
                },
                "integrity": [NOTES[index % 2]] if (index * 7 + position) % 23 == 0 else [],
            }
        )
    return {
        "version": 1,
        "status": "fail",
        "complete": sum(1 for e in entries if e["state"] == "fixed"),
        "total": len(entries),
        "student": "<script>alert('x')</script>" if index == 3 else f"student-{index:03d}",
        "repository": f"class-2024/kata-student-{index:03d}",
        "checked_at": (START + timedelta(hours=index % 97, minutes=index)).isoformat(),
        "lessons": entries,
    }


def write_results(
    folder: Path,
    students: int,
    lessons: list[KnownLesson],
    mutants: dict[str, list[Mutant]] | None = None,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(students):
        text = json.dumps(made_up_result(index, lessons, mutants), indent=2)
        (folder / f"student-{index:03d}.json").write_text(text, encoding="utf-8")


def median(job: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def screenshot(scratch: Path, keep: Path | None, lessons: list[KnownLesson]) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("screenshot: skipped: no chromium (or chromium-browser) on PATH")
        return
    from kata.course.discover import LessonError, find_lessons
    from kata.views.classreport import known_lessons

    mutants: dict[str, list[Mutant]] = {}
    try:  # the kata's own lessons and mutants, so the picture shows real titles and summaries
        found = find_lessons(ROOT)
        lessons = known_lessons(found)
        mutants = {x.number: [(m.name, m.summary, m.killed_by) for m in x.mutants] for x in found}
    except LessonError:
        pass
    results = scratch / "class-30"
    write_results(results, 30, lessons, mutants)
    target = keep or scratch
    target.mkdir(parents=True, exist_ok=True)
    page = target / "class-report-30.html"
    write(page, render(read_results([results], lessons), lessons))
    png = target / "class-report-30.png"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={scratch / 'chromium-profile'}",
        f"--screenshot={png}",
        "--window-size=1400,1000",
        page.as_uri(),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        print("screenshot: chromium did not finish in 120 s")
        return
    if done.returncode != 0 or not png.is_file():
        print(f"screenshot: chromium failed (exit {done.returncode}): {done.stderr[-400:]}")
        return
    where = png if keep else "(in the temporary folder; --keep DIR keeps it)"
    sizes = f"{png.stat().st_size // 1024} KB; page {page.stat().st_size // 1024} KB"
    print(f"screenshot: {where} ({sizes})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--lessons", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the 30-student page and PNG here")
    args = parser.parse_args()
    lessons = made_up_lessons(args.lessons)
    with tempfile.TemporaryDirectory(prefix="kata-bench-class-") as name:
        scratch = Path(name)
        results = scratch / "results"
        write_results(results, args.students, lessons)
        files = sorted(results.glob("*.json"))
        out = scratch / "report.html"

        def load_only() -> object:
            return [json.loads(path.read_text(encoding="utf-8")) for path in files]

        reading = read_results([results], lessons)
        assert not reading.problems, reading.problems[:3]
        columns = {
            "json.load": median(load_only, args.rounds),
            "read": median(lambda: read_results([results], lessons), args.rounds),
            "render": median(lambda: render(reading, lessons), args.rounds),
            "total": median(
                lambda: write(out, render(read_results([results], lessons), lessons)), args.rounds
            ),  # fmt: skip
        }
        size = sum(path.stat().st_size for path in files)
        print(f"{args.students} students × {args.lessons} lessons, {size // 1024} KB of JSON, "
              f"median of {args.rounds}; page {out.stat().st_size // 1024} KB")  # fmt: skip
        for column, seconds in columns.items():
            print(f"  {column:<10}{seconds * 1000:9.1f} ms")
        ratio = columns["total"] / columns["json.load"]
        verdict = "ok" if columns["total"] < 2 else "OVER the 2 s target"
        print(f"  total is {ratio:.1f}x json.load alone; target < 2 s: {verdict}")
        screenshot(scratch, args.keep, made_up_lessons(10))
    return 0 if columns["total"] < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
