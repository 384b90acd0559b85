"""Turn raw CSV rows into typed sales rows that the rest of the pipeline can trust."""

from collections.abc import Iterable, Mapping
from datetime import datetime

FIELDS = ("sold_on", "item", "qty", "price")


def clean(rows: Iterable[Mapping[str, str | None]]) -> list[dict]:
    """Return ``{"sold_on": str, "item": str, "qty": int, "price": float}`` per usable row.

    - Whitespace around every field is stripped.
    - A row with an empty field (a voided line at the till) is dropped.
    - ``sold_on`` must be an ISO date and stays one (``"2024-03-05"``): the query
      compares it with ISO text, and ISO text sorts like the dates it names.
    - A field that is present but malformed (``"05/03/2024"``, ``"two"``) raises
      ``ValueError`` naming the row: guessing would put a wrong number in a report.
    """
    cleaned = []
    for number, row in enumerate(rows, start=1):
        values = {field: (row.get(field) or "").strip() for field in FIELDS}
        if not all(values.values()):
            continue
        try:
            cleaned.append(
                {
                    "sold_on": _checked_iso_date(values["sold_on"]),
                    "item": values["item"],
                    "qty": int(values["qty"]),
                    "price": float(values["price"]),
                }
            )
        except ValueError as error:
            raise ValueError(f"row {number}: {error}") from error
    return cleaned


def _checked_iso_date(text: str) -> str:
    """The day as zero-padded ``YYYY-MM-DD`` text, the format the query compares with."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise ValueError(f"sold_on {text!r} is not an ISO date (YYYY-MM-DD)") from None
