"""Unit tests for store alone: rows built by hand go in, the table is read back with SQL."""

import sqlite3

import pytest
from store import store

ROWS = [
    {"sold_on": "2024-03-01", "item": "roti", "qty": 2, "price": 1.50},
    {"sold_on": "2024-03-02", "item": "kaya toast", "qty": 1, "price": 2.20},
]


def test_creates_the_table_and_returns_the_count(con):
    assert store(con, ROWS) == 2
    assert con.execute("SELECT sold_on, item, qty, price FROM sales").fetchall() == [
        ("2024-03-01", "roti", 2, 1.50),
        ("2024-03-02", "kaya toast", 1, 2.20),
    ]


def test_appends_to_an_existing_table(con):
    store(con, ROWS)
    assert store(con, ROWS[:1]) == 1
    assert con.execute("SELECT COUNT(*) FROM sales").fetchone() == (3,)


def test_storing_nothing_still_creates_the_table(con):
    assert store(con, []) == 0
    assert con.execute("SELECT COUNT(*) FROM sales").fetchone() == (0,)


def test_a_bad_row_leaves_none_of_the_batch_behind(con):
    broken = {"sold_on": "2024-03-03", "item": None, "qty": 1, "price": 1.80}
    with pytest.raises(sqlite3.IntegrityError):
        store(con, [*ROWS, broken])
    assert con.execute("SELECT COUNT(*) FROM sales").fetchone() == (0,)
