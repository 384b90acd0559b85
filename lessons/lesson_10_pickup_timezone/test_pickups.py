"""Unit tests for the repository, against real SQLite (the ``repo`` fixture).

Every datetime here is in UTC, the zone the table keeps: what goes in is what the
table holds, and what comes back is marked UTC again.
"""

from datetime import datetime, timezone

import pytest
from pickups import ScheduledPickup
from sqlalchemy import text

UTC = timezone.utc
ONE_AM_UTC = datetime(2024, 5, 6, 1, 0, tzinfo=UTC)


def test_round_trips_an_aware_utc_datetime(repo):
    repo.add("Siti", ONE_AM_UTC)
    found = repo.between(
        datetime(2024, 5, 6, 0, 0, tzinfo=UTC), datetime(2024, 5, 6, 2, 0, tzinfo=UTC)
    )
    assert found == [ScheduledPickup("Siti", ONE_AM_UTC)]
    assert found[0].ready_at.utcoffset() is not None


def test_between_includes_both_ends_earliest_first(repo):
    repo.add("Mei Ling", datetime(2024, 5, 6, 2, 0, tzinfo=UTC))
    repo.add("Ahmad", datetime(2024, 5, 6, 1, 0, tzinfo=UTC))
    repo.add("Siti", datetime(2024, 5, 6, 2, 1, tzinfo=UTC))
    found = repo.between(ONE_AM_UTC, datetime(2024, 5, 6, 2, 0, tzinfo=UTC))
    assert [pickup.customer for pickup in found] == ["Ahmad", "Mei Ling"]


def test_naive_bounds_are_refused(repo):
    with pytest.raises(ValueError):
        repo.between(datetime(2024, 5, 6, 0, 0), ONE_AM_UTC)


def test_stores_utc_text_that_sqlite_can_compare(db_session, repo):
    """What SQLite really holds: text, in one zone for every row, so it sorts by time."""
    repo.add("Siti", ONE_AM_UTC)
    stored = db_session.execute(text("SELECT ready_at, typeof(ready_at) FROM pickups")).one()
    assert tuple(stored) == ("2024-05-06 01:00:00.000000", "text")
