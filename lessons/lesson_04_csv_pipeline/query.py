"""Answer the bakery's question: how much did we take between two days?"""

import sqlite3
from datetime import date

TOTAL_BETWEEN = """
    SELECT COALESCE(SUM(qty * price), 0.0)
    FROM sales
    WHERE sold_on BETWEEN :start AND :end
"""


def total_between(con: sqlite3.Connection, start: str, end: str) -> float:
    """Takings (``qty * price``) from ``start`` to ``end``, ISO dates, both days included.

    Returns ``0.0`` when nothing was sold in the range, rounded to cents otherwise.
    Raises ``ValueError`` for a bound that is not an ISO date.
    """
    bounds = {"start": _iso_date(start), "end": _iso_date(end)}
    (total,) = con.execute(TOTAL_BETWEEN, bounds).fetchone()
    return round(float(total), 2)


def _iso_date(text: str) -> str:
    """The bound as ``YYYY-MM-DD`` text, the format ``sold_on`` is compared in."""
    return date.fromisoformat(text).isoformat()
