"""Unit tests for the query alone.

The rows are inserted by hand, in the query's own idea of a row: ``sold_on`` is ISO
text. That is why these tests stay green whatever ``clean()`` really writes.
"""

import pytest
from query import total_between


@pytest.fixture
def sales(con):
    """The ``sales`` table as ``store()`` creates it, with four sales inserted by hand."""
    con.execute("CREATE TABLE sales (sold_on DATE, item TEXT, qty INTEGER, price REAL)")
    con.executemany(
        "INSERT INTO sales VALUES (?, ?, ?, ?)",
        [
            ("2024-02-29", "roti", 1, 1.50),
            ("2024-03-01", "roti", 2, 1.50),
            ("2024-03-15", "kaya toast", 1, 2.20),
            ("2024-03-31", "teh tarik", 3, 1.80),
        ],
    )
    return con


def test_sums_quantity_times_price_with_both_days_included(sales):
    assert total_between(sales, "2024-03-01", "2024-03-31") == pytest.approx(3.00 + 2.20 + 5.40)


def test_a_single_day(sales):
    assert total_between(sales, "2024-03-15", "2024-03-15") == pytest.approx(2.20)


def test_nothing_sold_in_the_range_is_zero(sales):
    assert total_between(sales, "2024-04-01", "2024-04-30") == 0.0


def test_rejects_a_bound_that_is_not_an_iso_date(sales):
    with pytest.raises(ValueError):
        total_between(sales, "01/03/2024", "31/03/2024")
