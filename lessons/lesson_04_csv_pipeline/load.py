"""Read the till's sales export: a CSV file with the header ``sold_on,item,qty,price``."""

import csv
from pathlib import Path


def load_csv(path: str | Path) -> list[dict[str, str]]:
    """Return every data row as a dict of raw text, keyed by the header.

    Nothing is converted or checked here: that is ``clean()``'s job, so loading
    never fails on a badly typed row. ``newline=""`` lets the csv module handle
    line endings and quoted fields itself, as its documentation asks.
    """
    with open(path, encoding="utf-8", newline="") as export:
        return list(csv.DictReader(export))
