"""Keep cleaned sales rows in SQLite, in the one table the reports read."""

import sqlite3

# SQLite has no date type: a DATE column stores whatever it is given, text or number.
CREATE_SALES = """
    CREATE TABLE IF NOT EXISTS sales (
        sold_on DATE    NOT NULL,
        item    TEXT    NOT NULL,
        qty     INTEGER NOT NULL,
        price   REAL    NOT NULL
    )
"""

INSERT_SALE = "INSERT INTO sales (sold_on, item, qty, price) VALUES (:sold_on, :item, :qty, :price)"


def store(con: sqlite3.Connection, rows: list[dict]) -> int:
    """Insert cleaned rows into ``sales`` (created if missing); return how many were stored.

    Values are stored exactly as ``clean()`` shaped them. All rows go in one
    transaction: a failing row leaves none of the batch behind.
    """
    with con:
        con.execute(CREATE_SALES)
        con.executemany(INSERT_SALE, rows)
    return len(rows)
