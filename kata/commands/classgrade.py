"""Grade a class: ``kata grade-class``, many repositories, ``jobs`` at once.

Each worker process grades one repository after another (``kata.commands.grading``) and keeps
its fork server (pytest imported and warmed up once) for all of them; this process
hands out the repositories, writes ``RESULTS/<student>.json`` as each result comes,
shows the progress and checks the solutions folder after every result. ``--shard i/n``
takes the share of a stable hash of the student's name.
"""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kata import ROOT
from kata.commands.grading import (
    GradingError,
    SolutionsChanged,
    existing_ancestor,
    grade_repository,
    loud,
    outside,
    repositories,
    solutions_digest,
    unchanged,
)
from kata.course.discover import Lesson, LessonError
from kata.runs.scratch import workspace


def shard_of(name: str, count: int) -> int:
    """The shard (1 to ``count``) a student belongs to: a stable hash of the name.

    The same on every machine and run (not Python's salted ``hash``), and a student's
    shard does not change when others join the class.
    """
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


@dataclass
class Tally:
    """What a class's grading gave: per verdict state, errors, time."""

    started: float = field(default_factory=time.monotonic)
    states: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    students: int = 0

    def add(self, student: str, result: dict[str, Any]) -> None:
        self.students += 1
        if result.get("status") == "error" and "message" in result:
            self.errors.append((student, str(result["message"])))
        for lesson in result.get("lessons", []):
            self.states[str(lesson.get("state", "?"))] += 1

    def summary(self) -> list[str]:
        from kata.verdict.grade import STATES

        seconds = time.monotonic() - self.started
        rate = self.students / seconds * 60 if seconds > 0 else 0.0
        counts = ", ".join(f"{s} {self.states[s]}" for s in STATES if self.states[s])
        lines = [
            f"Graded {self.students} repositories in {seconds:.1f} s "
            f"({rate:.1f} repositories per minute).",
            f"Lessons: {counts or 'none judged'}.",
        ]
        if self.errors:
            lines.append(f"Errors: {len(self.errors)} repositories could not be graded:")
            lines += [f"  {student}: {message}" for student, message in self.errors]
        else:
            lines.append("Errors: none.")
        return lines


_WORKER_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from kata.commands.classgrade import worker_main; worker_main()"
)


def worker_main() -> None:  # pragma: no cover - run in a worker process
    """A worker of ``grade_class``: one JSON request per line in, one result per line out.

    The first line says what every request shares (the solutions, the lessons, the
    bound); each further line names one repository and its student. Anything else
    that would reach fd 1 goes to stderr: fd 1 carries the answers only.
    """
    from kata.runs.run import close_server, start_early

    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    start_early()
    shared = json.loads(sys.stdin.readline())
    solutions, names, bound = Path(shared["solutions"]), shared["lessons"], shared["timeout"]
    try:
        for line in sys.stdin:
            request = json.loads(line)
            started = time.monotonic()
            try:
                result = grade_repository(
                    Path(request["repo"]), solutions, names, request["student"], bound
                )
            except (LessonError, OSError) as error:
                from kata.views.shapes import grading_error_json

                result = grading_error_json(
                    request["student"], Path(request["repo"]).name, f"cannot be graded: {error}"
                )
            answer = {"student": request["student"], "result": result}
            answer["seconds"] = round(time.monotonic() - started, 3)
            answers.write(json.dumps(answer) + "\n")
            answers.flush()
    finally:
        close_server()


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[str]
    busy: tuple[str, Path] | None = None

    @property
    def output(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()


def _start_worker(shared: dict[str, Any]) -> _Worker:
    process = subprocess.Popen(
        [sys.executable, "-I", "-c", _WORKER_BOOT, str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )
    worker = _Worker(process)
    worker.send(shared)
    return worker


def grade_class(
    repos: Sequence[tuple[str, Path]],
    solutions: Path,
    names: Sequence[str],
    timeout: float,
    jobs: int,
    done: Callable[[str, dict[str, Any], float], None],
) -> None:
    """Grade ``repos`` (student, repository), ``jobs`` at a time; ``done`` gets each result.

    The solutions folder is digested first and after every result: a change stops
    everything (``SolutionsChanged``). A worker that ends while grading gives that
    student an error result, and another worker takes its place.
    """
    from kata.views.shapes import grading_error_json

    before = solutions_digest(solutions)
    shared = {"solutions": str(solutions), "lessons": list(names), "timeout": timeout}
    waiting = list(repos)
    workers = [_start_worker(shared) for _ in range(max(1, min(jobs, len(waiting))))]
    chooser = selectors.DefaultSelector()
    try:
        for worker in workers:
            chooser.register(worker.output, selectors.EVENT_READ, worker)
        idle = list(workers)
        while waiting or any(worker.busy for worker in workers):
            while waiting and idle:
                worker = idle.pop()
                student, repo = waiting.pop(0)
                worker.busy = (student, repo)
                worker.send({"repo": str(repo), "student": student})
            for key, _ in chooser.select():
                worker = key.data
                line = worker.output.readline()
                assert worker.busy is not None
                student, repo = worker.busy
                worker.busy = None
                if line:
                    answer = json.loads(line)
                    done(student, answer["result"], float(answer["seconds"]))
                    idle.append(worker)
                else:  # the worker ended: this student gets an error, a new worker goes on
                    code = worker.process.wait()
                    message = f"the grader's worker ended (exit {code}) while judging it"
                    done(student, grading_error_json(student, repo.name, message), 0.0)
                    chooser.unregister(worker.output)
                    workers.remove(worker)
                    if waiting:
                        fresh = _start_worker(shared)
                        workers.append(fresh)
                        chooser.register(fresh.output, selectors.EVENT_READ, fresh)
                        idle.append(fresh)
                unchanged(solutions, before, student)
    finally:
        chooser.close()
        for worker in workers:
            with suppress(OSError, ValueError):
                assert worker.process.stdin is not None
                worker.process.stdin.close()
        for worker in workers:
            try:
                worker.process.wait(timeout=30 if not worker.busy else 0.5)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()


def parse_shard(text: str | None) -> tuple[int, int] | None:
    from kata.commands.common import UsageError

    if text is None:
        return None
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise UsageError(f"--shard {text}: write i/n, e.g. 1/4 (the first of four shares)")
    return int(index), int(count)


def run_grade_class(
    paths: Sequence[str],
    solutions: Path,
    lessons: Sequence[Lesson],
    out: str,
    jobs: int | None,
    shard: str | None,
    timeout: float,
) -> int:
    """``kata grade-class``: RESULTS/<student>.json for each repository, and a summary."""
    from kata.commands.common import EXIT_CANNOT_RUN, EXIT_OK, UsageError
    from kata.course.controls import clean
    from kata.course.files import make_folder, write_file
    from kata.verdict.progress import bar

    repos = repositories(paths)
    names = Counter(repo.name for repo in repos)
    twice = sorted(name for name, count in names.items() if count > 1)
    if twice:
        raise UsageError(
            f"two repositories are named {clean(', '.join(twice))}: a student is a folder's "
            "name, so give each repository a folder of its own name"
        )
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs takes a number of repositories at once, 1 or more")
    share = parse_shard(shard)
    chosen = [(repo.name, repo) for repo in repos]
    if share is not None:
        chosen = [(name, repo) for name, repo in chosen if shard_of(name, share[1]) == share[0]]
    results = Path(os.path.abspath(out))
    with workspace() as probe:
        try:
            outside(probe, [*repos, solutions])
        except GradingError as error:
            raise UsageError(str(error)) from error
    make_folder(results, existing_ancestor(results))
    terminal = sys.stdout.isatty()
    tally = Tally()
    total = len(chosen)
    if share is not None:
        print(f"Shard {share[0]}/{share[1]}: {total} of {len(repos)} repositories.")

    def done(student: str, result: dict[str, Any], seconds: float) -> None:
        write_file(results / f"{student}.json", json.dumps(result, indent=2) + "\n", results)
        tally.add(student, result)
        elapsed = time.monotonic() - tally.started
        rate = tally.students / elapsed * 60 if elapsed > 0 else 0.0
        if result.get("status") == "error":
            state = "error"
        else:
            state = f"{result.get('complete', 0)}/{result.get('total', 0)} lessons complete"
        if terminal:
            line = f"{bar(tally.students, total, 24)} · {rate:.1f}/min · {clean(student)}: {state}"
            sys.stdout.write("\r" + line[:150] + "\033[K")
            sys.stdout.flush()
        else:
            took = f"({seconds:.1f} s)"
            print(f"{tally.students}/{total} {clean(student)}: {state} {took}", flush=True)

    try:
        grade_class(chosen, solutions, [lesson.name for lesson in lessons], timeout,
                    jobs or os.cpu_count() or 1, done)  # fmt: skip
    except SolutionsChanged as error:
        if terminal:
            print()
        loud(str(error))
        return EXIT_CANNOT_RUN
    if terminal:
        print()
    print("\n".join(tally.summary()))
    print(f"Results: {results}/ (python -m kata class-report {results}/)")
    return EXIT_OK
