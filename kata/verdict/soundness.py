"""A lesson's soundness as data: the checklist ``kata verify`` fills and the views print."""

from __future__ import annotations

from dataclasses import dataclass, field

from kata.course.discover import Lesson
from kata.runs.model import Result


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""


@dataclass
class LessonReport:
    lesson: Lesson
    checks: list[Check] = field(default_factory=list)
    runs: dict[str, Result] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)
