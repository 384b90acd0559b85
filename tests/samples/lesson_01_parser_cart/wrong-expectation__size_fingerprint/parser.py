"""Read one order line as the bakery's till prints it, e.g. ``"2x roti @1.50"``."""

import re

_ORDER_LINE = re.compile(
    r"""^\s*
    (?:(?P<qty>\d+)\s*x\s+)?     # optional quantity: "2x "
    (?P<item>\S.*?)\s*           # item name, may contain spaces: "teh tarik"
    @\s*(?P<price>\d+(?:\.\d+)?) # unit price: "@1.50"
    \s*$""",
    re.VERBOSE,
)


def parse(line: str) -> dict:
    """Turn an order line into ``{"item": str, "qty": int, "price": float}``.

    A line without a quantity (``"roti @1.50"``) means one of the item.
    Raises ``ValueError`` for anything that is not an order line.
    """
    match = _ORDER_LINE.match(line)
    if match is None:
        raise ValueError(f"not an order line: {line!r}")
    return {
        "item": match["item"],
        "qty": int(match["qty"] or 1),
        "price": float(match["price"]),
    }
