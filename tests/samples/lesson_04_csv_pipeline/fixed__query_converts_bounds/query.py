"""Answer the bakery's question: how much did we take between two days?"""

import sqlite3
from datetime import date, datetime, timedelta, timezone

TOTAL_BETWEEN = """
    SELECT COALESCE(SUM(qty * price), 0.0)
    FROM sales
    WHERE sold_on >= :start AND sold_on < :stop
"""


def total_between(con: sqlite3.Connection, start: str, end: str) -> float:
    """Takings (``qty * price``) from ``start`` to ``end``, ISO dates, both days included.

    Returns ``0.0`` when nothing was sold in the range, rounded to cents otherwise.
    Raises ``ValueError`` for a bound that is not an ISO date. ``clean()`` stores
    ``sold_on`` as a UTC Unix timestamp, so the bounds are converted the same way.
    """
    first_day = date.fromisoformat(start)
    day_after = date.fromisoformat(end) + timedelta(days=1)
    bounds = {"start": _utc_timestamp(first_day), "stop": _utc_timestamp(day_after)}
    (total,) = con.execute(TOTAL_BETWEEN, bounds).fetchone()
    return round(float(total), 2)


def _utc_timestamp(day: date) -> int:
    """Seconds since 1970 at midnight UTC of ``day``, as ``clean()`` computes them."""
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())
