"""Unit tests for the reminder rule, with a fake repository in a Python list.

The fake keeps aware datetimes and compares them in Python, where an aware
comparison is always by instant, whatever the offsets. It is fast and honest
about the rule; it says nothing about what a real database keeps.
"""

from datetime import datetime, timedelta, timezone

import pytest
from models import SGT
from pickups import ScheduledPickup
from reminders import due_reminders


class FakePickupRepo:
    """Keeps pickups in memory; ``between`` answers as ``PickupRepo.between`` promises."""

    def __init__(self, pickups: list[ScheduledPickup]) -> None:
        self.pickups = pickups

    def between(self, start: datetime, end: datetime) -> list[ScheduledPickup]:
        due = [p for p in self.pickups if start <= p.ready_at <= end]
        return sorted(due, key=lambda pickup: pickup.ready_at)


NINE_SGT = datetime(2024, 5, 6, 9, 0, tzinfo=SGT)


def test_reminds_the_customers_ready_within_the_hour_earliest_first():
    repo = FakePickupRepo(
        [
            ScheduledPickup("Ahmad", NINE_SGT + timedelta(minutes=45)),
            ScheduledPickup("Siti", NINE_SGT),
            ScheduledPickup("Mei Ling", NINE_SGT + timedelta(hours=3)),
        ]
    )
    assert due_reminders(repo, NINE_SGT - timedelta(minutes=10)) == ["Siti", "Ahmad"]


def test_both_ends_of_the_hour_are_included():
    repo = FakePickupRepo(
        [
            ScheduledPickup("Siti", NINE_SGT),
            ScheduledPickup("Ahmad", NINE_SGT + timedelta(hours=1)),
            ScheduledPickup("Mei Ling", NINE_SGT + timedelta(hours=1, minutes=1)),
        ]
    )
    assert due_reminders(repo, NINE_SGT) == ["Siti", "Ahmad"]


def test_now_may_be_in_any_zone():
    repo = FakePickupRepo([ScheduledPickup("Siti", NINE_SGT)])
    assert due_reminders(repo, datetime(2024, 5, 6, 0, 30, tzinfo=timezone.utc)) == ["Siti"]


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError):
        due_reminders(FakePickupRepo([]), datetime(2024, 5, 6, 8, 30))
