"""The authors' verbs: verify, sync, new, variant, sample; and test, setup."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from kata.commands.common import (
    EXIT_NOT_YET,
    EXIT_OK,
    UsageError,
    all_lessons,
    install_extras,
    lesson_named,
    named_or_all,
)


def cmd_verify(keys: Sequence[str], as_json: bool, quick: bool = False) -> int:
    from kata.commands.verify import verify
    from kata.course.controls import clean
    from kata.views.shapes import verify_json

    every = all_lessons()
    lessons = [lesson_named(key) for key in keys] if keys else every
    install_extras(lessons)
    reports = verify(lessons, every, quick=quick)
    if as_json:
        print(json.dumps(verify_json(reports), indent=2))
        return EXIT_OK if all(report.ok for report in reports) else EXIT_NOT_YET
    for report in reports:
        lesson = report.lesson
        failing = [item for item in report.checks if not item.ok]
        print(f"Lesson {lesson.number} · {lesson.title or lesson.slug}: "
              f"{len(report.checks) - len(failing)}/{len(report.checks)} checks pass")  # fmt: skip
        for item in report.checks:
            print(f"  [{'x' if item.ok else ' '}] {item.name}")
            if not item.ok:
                if item.detail:
                    print(f"        {clean(item.detail)}")
                if item.fix:
                    print(f"        fix: {item.fix}")
    return EXIT_OK if all(report.ok for report in reports) else EXIT_NOT_YET


def cmd_sync(keys: Sequence[str], every: bool) -> int:
    from kata.commands.sync import sync_editor_files, sync_lessons, sync_readme
    from kata.views.report import shown

    lessons, chosen = named_or_all(keys, every, "sync (sync 03)")
    for synced in sync_lessons(chosen):
        changed = synced.result.changed
        print(f"lessons/{synced.lesson.name}: "
              + (f"wrote {len(changed)} file(s)" if changed else "up to date"))  # fmt: skip
        if synced.result.backup is not None:
            print(f"  what it replaced is backed up in {shown(synced.result.backup)}/")
    if sync_readme(lessons):
        print("README.md: lesson table updated")
    for name in sync_editor_files(lessons):
        print(f"{name}: written")
    return EXIT_OK


def cmd_new(number: str, slug: str) -> int:
    from kata.commands.scaffold import AuthorError, new_lesson
    from kata.views.report import shown

    try:
        folder = new_lesson(number, slug)
    except AuthorError as error:
        raise UsageError(str(error)) from error
    print(f"Created {shown(folder)}/: lesson.toml, README.md, SOLUTION.md, starter/.")
    print("Next: write the solved lesson there, then see what is missing with")
    print(f"  python -m kata verify {folder.name[7:9]}")
    print("and follow CONTRIBUTING.md, 'Adding a lesson'.")
    return EXIT_OK


def cmd_variant(key: str, name: str, to: str | None, source: str | None) -> int:
    from pathlib import Path

    from kata.commands.scaffold import (
        AuthorError,
        manifest_entry_missing,
        record_variant,
        scratch_copy,
    )
    from kata.views.report import shown

    lesson = lesson_named(key)
    try:
        if to is not None:
            folder = scratch_copy(lesson, name, Path(to).resolve())
            applied = "" if manifest_entry_missing(lesson, name) else f" with {name} applied"
            print(f"Wrote the solved lesson{applied} to {shown(folder)}/. Edit it, then run")
            print(f"  python -m kata variant {lesson.number} {name} --from {shown(folder)}")
            return EXIT_OK
        assert source is not None
        diff, touched = record_variant(lesson, name, Path(source).resolve())
    except AuthorError as error:
        raise UsageError(str(error)) from error
    print(f"Recorded {shown(diff)}: changes {', '.join(touched)}.")
    if manifest_entry_missing(lesson, name):
        print(f"Now name it in {shown(lesson.manifest)}, as a [[wheats]] (a correct fix) or")
        print(f'[[mutants]] entry: name = "{name}", summary = "...", killed_by = "..." (mutants).')
    if name == "planted":
        print(f"Then run `python -m kata sync {lesson.number}`: lessons/ ships the planted bug.")
    return EXIT_OK


def cmd_sample(key: str, name: str, to: str | None, source: str | None) -> int:
    from pathlib import Path

    from kata.commands.scaffold import AuthorError, record_sample, sample_copy, sample_file
    from kata.views.report import shown

    lesson = lesson_named(key)
    try:
        exists = sample_file(lesson, name).is_file()
        if to is not None:
            folder = Path(to).resolve()
            stale = sample_copy(lesson, name, folder)
            if stale:
                print(f"The sample no longer applies: {stale}")
                print(f"Wrote the shipped lesson to {shown(folder)}/: make the change again there")
                print("(the diff shows it), then run")
            else:
                applied = " with the sample applied" if exists else ""
                print(f"Wrote the shipped lesson{applied} to {shown(folder)}/. Edit it as a")
                print("student would, then run")
            print(f"  python -m kata sample {lesson.number} {name} --from {shown(folder)}")
            return EXIT_OK
        assert source is not None
        diff, touched = record_sample(lesson, name, Path(source).resolve())
    except AuthorError as error:
        raise UsageError(str(error)) from error
    print(f"Recorded {shown(diff)}: changes {', '.join(touched)}.")
    print(f"The kata's own tests judge it and expect the verdict {name.split('__')[0]}:")
    print(f"  KATA_ALL_SAMPLES=1 python -m pytest tests/test_grader.py -k {name}")
    return EXIT_OK


#: What ``python -m kata test`` leaves out unless given ``--all`` (or a ``-m`` of its own).
FAST_TIER = ["-m", "not slow"]


def cmd_test(args: Sequence[str]) -> int:
    """The kata's own tests: the fast tier (``make test``), or with ``--all`` every test
    (``make test-all``; CI adds every sample). Everything else goes to pytest."""
    install_extras(all_lessons())  # the kata's own tests run every lesson
    from importlib.util import find_spec

    from kata import ROOT

    every = "--all" in args
    args = [arg for arg in args if arg != "--all"]
    tier = [] if every or "-m" in args else FAST_TIER
    # Two processes (pytest-xdist, a dev dependency), each running whole test files.
    spread = ["-n", "2", "--dist", "loadfile"] if find_spec("xdist") and "-n" not in args else []
    command = [sys.executable, "-m", "pytest", *spread, *tier, *args]
    sys.stdout.flush()
    os.chdir(ROOT)
    if os.name == "nt":  # pragma: no cover
        import subprocess

        return subprocess.call(command)
    os.execv(sys.executable, command)


def cmd_setup(fresh: bool, every: bool, argv: Sequence[str]) -> int:
    from kata.course.environment import ensure, setup

    setup(fresh=fresh)
    if every:
        ensure([arg for arg in argv if arg != "--fresh"])  # on in .venv, where extras belong
        install_extras(all_lessons())
    return EXIT_OK
