"""Right instant, but it also insists on getting UTC back: pins one way to store."""

from datetime import datetime, timedelta, timezone

import pytest

SGT = timezone(timedelta(hours=8))


@pytest.mark.integration
def test_pickup_comes_back_in_utc(repo):
    repo.add("Mei Ling", datetime(2024, 6, 1, 10, 30, tzinfo=SGT))
    found = repo.between(
        datetime(2024, 6, 1, 0, 0, tzinfo=SGT), datetime(2024, 6, 2, 0, 0, tzinfo=SGT)
    )
    assert [p.ready_at for p in found] == [datetime(2024, 6, 1, 10, 30, tzinfo=SGT)]
    assert found[0].ready_at.tzinfo == timezone.utc
