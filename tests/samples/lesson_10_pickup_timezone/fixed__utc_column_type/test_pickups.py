"""Unit tests for the repository, against real SQLite (the ``repo`` fixture).

Most datetimes here are in UTC, the zone the table keeps. The last test books in
the bakery's zone: with an offset of zero, a lost offset goes unnoticed.
"""

from datetime import datetime, timedelta, timezone

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


def test_round_trips_a_time_booked_in_singapore(repo):
    sgt = timezone(timedelta(hours=8))
    ready = datetime(2024, 5, 6, 9, 0, tzinfo=sgt)
    repo.add("Siti", ready)
    found = repo.between(
        datetime(2024, 5, 6, 0, 0, tzinfo=sgt), datetime(2024, 5, 7, 0, 0, tzinfo=sgt)
    )
    assert found == [ScheduledPickup("Siti", ready)]
