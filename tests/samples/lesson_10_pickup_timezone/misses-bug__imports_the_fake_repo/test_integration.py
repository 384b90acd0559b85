"""The unit tests' fake repository keeps aware datetimes in a list: SQLite never sees one."""

from datetime import datetime, timedelta, timezone

import pytest
from pickups import ScheduledPickup
from reminders import due_reminders
from test_reminders import FakePickupRepo

SGT = timezone(timedelta(hours=8))


@pytest.mark.integration
def test_siti_is_reminded_half_an_hour_before_her_pickup():
    repo = FakePickupRepo([ScheduledPickup("Siti", datetime(2024, 5, 6, 9, 0, tzinfo=SGT))])
    assert due_reminders(repo, datetime(2024, 5, 6, 8, 30, tzinfo=SGT)) == ["Siti"]
