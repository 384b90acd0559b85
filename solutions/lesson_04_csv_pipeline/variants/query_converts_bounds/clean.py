"""Turn raw CSV rows into typed sales rows that the rest of the pipeline can trust."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timezone

FIELDS = ("sold_on", "item", "qty", "price")


def clean(rows: Iterable[Mapping[str, str | None]]) -> list[dict]:
    """Return ``{"sold_on": int, "item": str, "qty": int, "price": float}`` per usable row.

    - Whitespace around every field is stripped.
    - A row with an empty field (a voided line at the till) is dropped.
    - ``sold_on`` must be an ISO date; it becomes a Unix timestamp (seconds at
      midnight UTC, ``1709596800`` for 2024-03-05), so dates sort as numbers.
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
                    "sold_on": _timestamp(values["sold_on"]),
                    "item": values["item"],
                    "qty": int(values["qty"]),
                    "price": float(values["price"]),
                }
            )
        except ValueError as error:
            raise ValueError(f"row {number}: {error}") from error
    return cleaned


def _timestamp(text: str) -> int:
    """Midnight UTC of the ISO date, in seconds since 1970, or ``ValueError``.

    UTC, not the machine's local time zone: the same file gives the same numbers on
    every machine.
    """
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"sold_on {text!r} is not an ISO date (YYYY-MM-DD)") from None
    return int(datetime.combine(day, time(), tzinfo=timezone.utc).timestamp())
