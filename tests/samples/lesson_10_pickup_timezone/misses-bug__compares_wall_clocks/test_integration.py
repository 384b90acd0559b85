"""Compares what the clock face shows, so a wrong offset on the right digits passes."""

from datetime import datetime, timedelta, timezone

import pytest

SGT = timezone(timedelta(hours=8))


@pytest.mark.integration
def test_pickup_comes_back_at_half_past_ten(repo):
    repo.add("Mei Ling", datetime(2024, 6, 1, 10, 30, tzinfo=SGT))
    found = repo.between(
        datetime(2024, 6, 1, 0, 0, tzinfo=SGT), datetime(2024, 6, 2, 0, 0, tzinfo=SGT)
    )
    assert [p.customer for p in found] == ["Mei Ling"]
    assert found[0].ready_at.strftime("%H:%M") == "10:30"
