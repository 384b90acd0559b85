"""What a test run is and what it returns: plain data, shared by everything that reads runs.

The machinery that makes runs happen (forking, sandboxing, bounds) is in ``run.py``;
a module that only reads results imports this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

#: How a run ended: ran to its end, over its bound, without a report, or stopped
#: because the verdict was already decided.
Status = Literal["done", "timeout", "crashed", "cancelled"]
STATUSES: tuple[Status, ...] = get_args(Status)

#: What became of one test: pytest's outcomes, an expected failure's two (xfailed, or
#: xpassed when it passed), and ``not-run`` for a test collected but never reported.
Outcome = Literal["passed", "failed", "error", "skipped", "xfailed", "xpassed", "not-run"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


@dataclass(frozen=True)
class Run:
    """One pytest process: ``targets`` (paths relative to ``tree``) collected in ``tree``.

    ``tree`` is the import root and pytest's rootdir. ``label`` is for people.
    """

    label: str
    tree: Path
    targets: tuple[str, ...]
    options: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()  # e.g. the address of the verdict's PostgreSQL
    shown_as: str = ""  # how people read ``tree`` in its output: the lesson it copies
    #: Perturbs the run's thread scheduling (``plugin.Perturbation``); None: as it comes.
    seed: int | None = None


@dataclass
class TestRecord:
    __test__ = False  # not a test class, whatever its name
    nodeid: str
    file: str
    outcome: Outcome
    when: str = ""
    exc_type: str = ""
    message: str = ""
    details: str = ""
    integration_marker: bool = False
    duration: float = 0.0

    @property
    def failed(self) -> bool:
        return self.outcome in ("failed", "error")

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> TestRecord:
        """A record from a report or the cache, each field of its own type: a run could
        forge its report, and an outcome the kata does not know counts as ``not-run``."""
        record = cls(**data)
        for name, value in vars(record).items():
            if name == "integration_marker":
                record.integration_marker = value is True
            elif name == "duration":
                record.duration = float(value) if isinstance(value, (int, float)) else 0.0
            elif not isinstance(value, str):
                setattr(record, name, str(value))
        record.outcome = outcome_named(record.outcome)
        return record


def status_named(value: object) -> Status | None:
    """``value`` as a run's status (None: not one)."""
    return next((status for status in STATUSES if value == status), None)


def outcome_named(value: object) -> Outcome:
    """``value`` as an outcome: one the kata knows, else ``not-run`` (neither passed nor
    failed, as an outcome that is not ``passed`` or a failure always counted)."""
    return next((outcome for outcome in OUTCOMES if value == outcome), "not-run")


@dataclass
class Result:
    """What one run produced: ``status`` is ``done``, ``timeout``, ``crashed`` or ``cancelled``."""

    run: Run
    status: Status
    exit_code: int | None
    duration: float
    output: str
    collected: int = 0
    tests: list[TestRecord] = field(default_factory=list)
    collect_errors: list[TestRecord] = field(default_factory=list)
    deselected: int = 0
    cached: bool = False

    @property
    def failures(self) -> list[TestRecord]:
        return [test for test in self.tests if test.failed]

    @property
    def all_passed(self) -> bool:
        """Passed, and every test really ran and passed: none skipped, xfailed or deselected."""
        return (
            self.passed
            and self.deselected == 0
            and all(test.outcome == "passed" for test in self.tests)
        )

    @property
    def passed(self) -> bool:
        """Ran to the end, collected tests, and none of them failed."""
        return (
            self.status == "done"
            and not self.collect_errors
            and self.collected > 0
            and not self.failures
        )
