"""A customer's order at the counter: parsed lines go in, a total comes out."""


class Cart:
    """Collects order lines and keeps a running amount in dollars (a float)."""

    def __init__(self) -> None:
        self.lines: list[dict] = []
        self.amount = 0.0

    def total(self) -> float:
        """The amount due, rounded to cents."""
        return round(self.amount, 2)


def add_line(cart: Cart, parsed: dict) -> None:
    """Add one parsed order line: ``qty * price`` joins the cart's amount.

    ``parsed`` is a dict with ``item``, ``qty`` (int) and ``price``, a number or
    its text (``"1.50"``): the cart converts at its own edge.
    """
    cart.lines.append(parsed)
    cart.amount += parsed["qty"] * float(parsed["price"])
