"""What goes into the database must come back as the same moment."""

from datetime import datetime, timedelta, timezone

import pytest

SGT = timezone(timedelta(hours=8))


@pytest.mark.integration
def test_pickup_time_survives_the_database(repo):
    ready = datetime(2024, 6, 1, 10, 30, tzinfo=SGT)
    repo.add("Mei Ling", ready)
    found = repo.between(
        datetime(2024, 6, 1, 0, 0, tzinfo=SGT), datetime(2024, 6, 2, 0, 0, tzinfo=SGT)
    )
    assert [(p.customer, p.ready_at) for p in found] == [("Mei Ling", ready)]
