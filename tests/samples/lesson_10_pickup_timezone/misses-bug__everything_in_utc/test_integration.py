"""Real database, real reminders, but every time in UTC: an offset of zero loses nothing."""

from datetime import datetime, timezone

import pytest
from reminders import due_reminders


@pytest.mark.integration
def test_reminder_half_an_hour_before_pickup(repo):
    repo.add("Ahmad", datetime(2024, 6, 1, 2, 30, tzinfo=timezone.utc))
    assert due_reminders(repo, datetime(2024, 6, 1, 2, 0, tzinfo=timezone.utc)) == ["Ahmad"]
    [pickup] = repo.between(
        datetime(2024, 6, 1, 0, 0, tzinfo=timezone.utc),
        datetime(2024, 6, 2, 0, 0, tzinfo=timezone.utc),
    )
    assert pickup.ready_at == datetime(2024, 6, 1, 2, 30, tzinfo=timezone.utc)
