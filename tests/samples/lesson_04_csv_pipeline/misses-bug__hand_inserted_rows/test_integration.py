"""Store → query with rows written by hand: the rows are in the query's own format."""

import pytest
from query import total_between
from store import store


@pytest.mark.integration
def test_stored_sales_add_up(con):
    store(
        con,
        [
            {"sold_on": "2024-05-06", "item": "roti", "qty": 3, "price": 1.50},
            {"sold_on": "2024-05-08", "item": "kaya toast", "qty": 2, "price": 2.20},
        ],
    )
    assert total_between(con, "2024-05-06", "2024-05-12") == pytest.approx(8.90)
