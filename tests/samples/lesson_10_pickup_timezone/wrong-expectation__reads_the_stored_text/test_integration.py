"""Reads the raw column: pins how one fix stores a time, not what the repository returns."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

SGT = timezone(timedelta(hours=8))


@pytest.mark.integration
def test_pickup_is_stored_in_utc(db_session, repo):
    repo.add("Mei Ling", datetime(2024, 6, 1, 10, 30, tzinfo=SGT))
    stored = db_session.execute(text("SELECT ready_at FROM pickups")).scalar_one()
    assert stored == "2024-06-01 02:30:00.000000"
