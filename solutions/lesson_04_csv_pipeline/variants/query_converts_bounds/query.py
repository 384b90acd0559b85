"""Answer the bakery's question: how much did we take between two days?"""

import sqlite3
from datetime import date, datetime, time, timezone

SECONDS_PER_DAY = 24 * 60 * 60

TOTAL_BETWEEN = """
    SELECT COALESCE(SUM(qty * price), 0.0)
    FROM sales
    WHERE sold_on >= :start AND sold_on < :end
"""


def total_between(con: sqlite3.Connection, start: str, end: str) -> float:
    """Takings (``qty * price``) from ``start`` to ``end``, ISO dates, both days included.

    ``sold_on`` is stored as a Unix timestamp (see ``clean()``), so the ISO bounds are
    converted to timestamps here, at the query's edge: from midnight UTC of ``start``
    up to, not including, midnight UTC of the day after ``end``.
    Returns ``0.0`` when nothing was sold in the range, rounded to cents otherwise.
    Raises ``ValueError`` for a bound that is not an ISO date.
    """
    bounds = {"start": _midnight_utc(start), "end": _midnight_utc(end) + SECONDS_PER_DAY}
    (total,) = con.execute(TOTAL_BETWEEN, bounds).fetchone()
    return round(float(total), 2)


def _midnight_utc(text: str) -> int:
    """Midnight UTC of an ISO date, in seconds since 1970: the scale ``clean()`` stores."""
    day = date.fromisoformat(text)
    return int(datetime.combine(day, time(), tzinfo=timezone.utc).timestamp())
