"""A small pytest plugin that records what happened, for the grader to read.

Verdicts come from this structured record (node id, phase, outcome, exception
type), never from scraping pytest's text output.

It is imported before any of the run's code, and binds then what writes the record
(``json.dumps``, ``open``): a test that later patches those modules for everyone
(``json.dumps = ...``, ``builtins.open = ...``) changes nothing here. Code in the
run can still lie: change this plugin itself, unregister it, patch deeper inside
the standard library, end the process first. That cannot be prevented, only
flagged: kata/verdict/integrity.py names it for a reviewer.
"""

from __future__ import annotations

import os
import random
import re
import sys
import threading
import time
from json import dumps as _dumps
from pathlib import Path
from typing import Any

import pytest

_open = open  # the builtin as it is now, whatever builtins.open becomes later

_MAX_DETAIL_LINES = 40
#: pytest's line width in a run: 80 columns less the gutter the kata frames a run's
#: output with (kata/views/report.py), so pytest's lines still fit an 80-column terminal.
WIDTH = 78
_ERROR_LINE = re.compile(r"^E\s+([A-Za-z_][\w.]*)(?::|$)", re.MULTILINE)
_ERROR_PREFIX = re.compile(r"^E\s+")


def _trim(text: str, lines: int = _MAX_DETAIL_LINES) -> str:
    kept = text.rstrip().splitlines()
    if len(kept) > lines:
        kept = ["...", *kept[-lines:]]
    return "\n".join(kept)


def _crash_message(report: Any) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message).strip().splitlines()[0] if crash.message else ""
    text = str(report.longreprtext).strip()
    return _ERROR_PREFIX.sub("", text.splitlines()[-1]) if text else ""


def _type_from_text(text: str) -> str:
    """Best effort for collection errors, where pytest keeps only the text."""
    if "ImportError while importing test module" in text:
        found = _ERROR_LINE.findall(text)
        return found[-1].rsplit(".", 1)[-1] if found else "ImportError"
    found = _ERROR_LINE.findall(text)
    return found[-1].rsplit(".", 1)[-1] if found else "CollectionError"


class ReportPlugin:
    """Collects one record per test and writes them as JSON when the session ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._where = os.fspath(path)  # a string: no method of Path runs when it is written
        self.collected = 0
        self.deselected = 0
        self.tests: dict[str, dict[str, Any]] = {}
        self.collect_errors: list[dict[str, Any]] = []

    @pytest.hookimpl(trylast=True)  # after pytest's terminal reporter is made
    def pytest_configure(self, config: pytest.Config) -> None:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter._tw.fullwidth = WIDTH

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            text = str(report.longreprtext)
            self.collect_errors.append(
                {
                    "nodeid": report.nodeid,
                    "when": "collect",
                    "outcome": "error",
                    "exc_type": _type_from_text(text),
                    "message": _crash_message(report),
                    "details": _trim(text),
                }
            )

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected = len(session.items)
        for item in session.items:
            self.tests[item.nodeid] = {
                "nodeid": item.nodeid,
                "file": item.nodeid.split("::", 1)[0],
                "outcome": "not-run",
                "when": "",
                "exc_type": "",
                "message": "",
                "details": "",
                "integration_marker": item.get_closest_marker("integration") is not None,
                "duration": 0.0,
            }

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is not None:
            report.kata_exc_type = call.excinfo.typename

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.tests.setdefault(
            report.nodeid,
            {"nodeid": report.nodeid, "file": report.nodeid.split("::", 1)[0], "outcome": ""},
        )
        record["duration"] = record.get("duration", 0.0) + report.duration
        if report.when == "call" or (report.when == "setup" and not report.passed):
            record["outcome"] = "passed" if report.passed else report.outcome
            if hasattr(report, "wasxfail"):  # expected to fail: not a pass a grader may count
                record["outcome"] = "xfailed" if report.skipped else "xpassed"
            if report.when == "setup" and report.failed:
                record["outcome"] = "error"
        if report.failed and report.when == "teardown" and record["outcome"] == "passed":
            record["outcome"] = "error"
        if report.failed or (report.skipped and report.when != "teardown"):
            record["when"] = report.when
            record["exc_type"] = getattr(report, "kata_exc_type", "")
            record["message"] = _crash_message(report)
            record["details"] = _trim(str(report.longreprtext))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        record = {
            "exitstatus": int(exitstatus),
            "collected": self.collected,
            "deselected": self.deselected,
            "tests": list(self.tests.values()),
            "collect_errors": self.collect_errors,
        }
        with _open(self._where, "w", encoding="utf-8") as report:
            report.write(_dumps(record))


#: Switch intervals a perturbed run may get (CPython's default is 0.005 s).
SWITCH_INTERVALS = (0.0001, 0.0005, 0.002, 0.005, 0.02)
#: How long a held thread waits at most before it starts (seconds, drawn per thread).
HELD = (0.15, 0.35)
#: How long, at most, the starter of a thread pauses after starting it when not held.
HEAD_START = 0.002


class Perturbation:
    """The scheduling of one repeated run, drawn from its seed: same seed, same choices.

    A lesson that declares ``repeat`` runs the student's test several times on the
    same code, each run with its own seed; a test whose outcome then changes depends
    on timing. Each run gets a random switch interval, and its threads start one of
    two ways, by the seed's parity:

    - *eager* (even seeds): a new thread starts at once, and the thread that started
      it pauses for up to 2 ms, so the new one gets ahead;
    - *held* (odd seeds): a new thread's body waits until someone waits for it: a
      ``join`` of that thread, or any thread blocking on a condition, event, future or
      queue (the oldest held thread goes first), or 0.15-0.35 s at most. A
      ``time.sleep`` lets nothing go: the other thread is not where a sleep-based
      test assumes it is.

    A test that orders its threads by waiting for a condition (a join, an event, a
    database poll with a deadline) passes or fails alike either way; one that orders
    them with ``time.sleep`` does not. Only runs of a repeating lesson are perturbed.
    """

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.held = seed % 2 == 1
        self.switch_interval = self.random.choice(SWITCH_INTERVALS)
        self.gates: dict[threading.Thread, threading.Lock] = {}  # held threads, oldest first
        self.guard = threading.Lock()
        self.local = threading.local()

    def install(self) -> None:
        """Patch ``threading`` in this process (a run's own, which ends with it)."""
        sys.setswitchinterval(self.switch_interval)
        start, join, wait = threading.Thread.start, threading.Thread.join, threading.Condition.wait
        pause = time.sleep  # the real one, whatever a test does to time.sleep
        perturbation = self

        def perturbed_start(thread: threading.Thread) -> None:
            if perturbation.held:
                perturbation.hold(thread)
            perturbation.local.starting = True  # start() waits for the thread: no release
            try:
                start(thread)
            finally:
                perturbation.local.starting = False
            if not perturbation.held:
                with perturbation.guard:
                    head_start = perturbation.random.uniform(0.0, HEAD_START)
                pause(head_start)

        def perturbed_join(thread: threading.Thread, timeout: float | None = None) -> None:
            perturbation.release(thread)
            join(thread, timeout)

        def perturbed_wait(condition: threading.Condition, timeout: float | None = None) -> bool:
            if not getattr(perturbation.local, "starting", False):
                perturbation.release(None)
            return wait(condition, timeout)

        threading.Thread.start = perturbed_start  # type: ignore[method-assign, assignment]
        threading.Thread.join = perturbed_join  # type: ignore[method-assign, assignment]
        threading.Condition.wait = perturbed_wait  # type: ignore[method-assign, assignment]

    def hold(self, thread: threading.Thread) -> None:
        """Make ``thread``'s body wait for its gate (or its longest wait) before it runs."""
        gate = threading.Lock()
        gate.acquire()
        with self.guard:
            longest = self.random.uniform(*HELD)
            self.gates[thread] = gate
        body = thread.run

        def held_run() -> None:
            gate.acquire(timeout=longest)
            with self.guard:
                self.gates.pop(thread, None)
            body()

        thread.run = held_run  # type: ignore[method-assign]

    def release(self, thread: threading.Thread | None) -> None:
        """Let ``thread`` start if it is held, else (None, or not held) the oldest held one."""
        with self.guard:
            if thread not in self.gates:
                thread = next(iter(self.gates), None)
            gate = self.gates.pop(thread, None) if thread is not None else None
        if gate is not None:
            gate.release()
