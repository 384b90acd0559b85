"""The counter books in SGT; the reminder and the round trip go through real SQLite."""

from datetime import datetime, timedelta, timezone

import pytest
from reminders import due_reminders

SGT = timezone(timedelta(hours=8))
READY = datetime(2024, 6, 1, 10, 30, tzinfo=SGT)


@pytest.mark.integration
def test_pickup_time_survives_the_database(repo):
    repo.add("Mei Ling", READY)
    found = repo.between(
        datetime(2024, 6, 1, 0, 0, tzinfo=SGT), datetime(2024, 6, 2, 0, 0, tzinfo=SGT)
    )
    assert [(p.customer, p.ready_at) for p in found] == [("Mei Ling", READY)]


@pytest.mark.integration
def test_reminder_goes_out_half_an_hour_before_not_hours_later(repo):
    repo.add("Ahmad", READY)
    assert due_reminders(repo, READY - timedelta(minutes=30)) == ["Ahmad"]
    assert due_reminders(repo, READY + timedelta(hours=7, minutes=30)) == []


@pytest.mark.integration
def test_a_pickup_exactly_one_hour_ahead_is_due(repo):
    repo.add("Siti", READY)
    assert due_reminders(repo, READY - timedelta(hours=1)) == ["Siti"]
