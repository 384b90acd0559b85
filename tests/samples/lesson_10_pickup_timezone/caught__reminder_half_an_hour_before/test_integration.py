"""A pickup booked at the counter, in the bakery's zone, through the real database."""

from datetime import datetime, timedelta, timezone

import pytest
from pickups import PickupRepo
from reminders import due_reminders

SGT = timezone(timedelta(hours=8))


@pytest.mark.integration
def test_customer_is_reminded_half_an_hour_before_pickup(db_session):
    repo = PickupRepo(db_session)
    repo.add("Ahmad", datetime(2024, 6, 1, 10, 30, tzinfo=SGT))
    assert due_reminders(repo, datetime(2024, 6, 1, 10, 0, tzinfo=SGT)) == ["Ahmad"]
