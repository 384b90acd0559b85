"""The repository is replaced by a list, so no datetime ever goes near SQLite."""

from datetime import datetime, timedelta, timezone

import pytest
from pickups import ScheduledPickup
from reminders import due_reminders

SGT = timezone(timedelta(hours=8))


class ListRepo:
    def __init__(self, pickups):
        self.pickups = pickups

    def between(self, start, end):
        return sorted(
            (p for p in self.pickups if start <= p.ready_at <= end), key=lambda p: p.ready_at
        )


@pytest.mark.integration
def test_customer_is_reminded_half_an_hour_before_pickup():
    repo = ListRepo([ScheduledPickup("Ahmad", datetime(2024, 6, 1, 10, 30, tzinfo=SGT))])
    assert due_reminders(repo, datetime(2024, 6, 1, 10, 0, tzinfo=SGT)) == ["Ahmad"]
