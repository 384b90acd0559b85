"""Reference integration tests: the real repository on real SQLite, the real reminders.

Nothing is mocked. The ``repo`` fixture (conftest.py) is a ``PickupRepo`` on a fresh
in-memory database, so a pickup makes the whole trip: an aware datetime in, text in
SQLite, a datetime out. Times are booked in the bakery's zone, as the counter staff
book them, because a zone with offset zero would hide what a round trip loses.
Datetimes are compared with ``==``, which for aware datetimes compares instants: a
correct repository may hand back 01:00 UTC or 09:00 SGT for the same moment.
"""

from datetime import datetime, timedelta, timezone

import pytest
from reminders import due_reminders

pytestmark = pytest.mark.integration

SGT = timezone(timedelta(hours=8))
NINE_SGT = datetime(2024, 5, 6, 9, 0, tzinfo=SGT)


def test_a_pickup_comes_back_at_the_instant_it_was_booked(repo):
    repo.add("Siti", NINE_SGT)
    day = datetime(2024, 5, 6, tzinfo=SGT)
    found = [(p.customer, p.ready_at) for p in repo.between(day, day + timedelta(days=1))]
    assert found == [("Siti", NINE_SGT)]
    assert found[0][1].utcoffset() is not None  # aware, as promised


def test_reminder_goes_out_in_the_hour_before_pickup(repo):
    repo.add("Siti", NINE_SGT)
    repo.add("Ahmad", NINE_SGT + timedelta(hours=2))
    assert due_reminders(repo, NINE_SGT - timedelta(minutes=30)) == ["Siti"]
    assert due_reminders(repo, NINE_SGT + timedelta(hours=1, minutes=30)) == ["Ahmad"]
    assert due_reminders(repo, NINE_SGT + timedelta(hours=7, minutes=30)) == []


def test_a_scheduler_clock_in_utc_finds_the_same_pickups(repo):
    repo.add("Siti", NINE_SGT)
    half_past_midnight_utc = datetime(2024, 5, 6, 0, 30, tzinfo=timezone.utc)  # 08:30 SGT
    assert due_reminders(repo, half_past_midnight_utc) == ["Siti"]


def test_both_ends_of_the_hour_are_included(repo):
    repo.add("Siti", NINE_SGT)
    repo.add("Ahmad", NINE_SGT + timedelta(hours=1))
    repo.add("Mei Ling", NINE_SGT + timedelta(hours=1, seconds=1))
    assert due_reminders(repo, NINE_SGT) == ["Siti", "Ahmad"]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Singapore"])
def test_the_machines_time_zone_changes_nothing(repo, machine_time_zone, zone):
    machine_time_zone(zone)
    repo.add("Siti", NINE_SGT)
    assert due_reminders(repo, NINE_SGT - timedelta(minutes=30)) == ["Siti"]
    day = datetime(2024, 5, 6, tzinfo=SGT)
    assert [p.ready_at for p in repo.between(day, day + timedelta(days=1))] == [NINE_SGT]
