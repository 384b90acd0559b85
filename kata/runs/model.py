"""What a test run is and what it returns: plain data, shared by everything that reads runs.

The machinery that makes runs happen (forking, sandboxing, bounds) is in ``run.py``;
a module that only reads results imports this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    outcome: str
    when: str = ""
    exc_type: str = ""
    message: str = ""
    details: str = ""
    integration_marker: bool = False
    duration: float = 0.0

    @property
    def failed(self) -> bool:
        return self.outcome in ("failed", "error")


@dataclass
class Result:
    """What one run produced: ``status`` is ``done``, ``timeout``, ``crashed`` or ``cancelled``."""

    run: Run
    status: str
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
