"""The bakery's orders, as checkout sees them."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Order:
    """An order waiting to be paid.

    ``total`` is in dollars, exact: ``Decimal("54.96")`` is S$54.96. ``currency`` is
    written the way the payment provider writes it (``"sgd"``). Checkout sets
    ``status`` to ``"paid"`` and keeps the provider's ``charge_id``, so a refund or a
    question from the customer can be traced to the charge.
    """

    id: int
    total: Decimal
    currency: str = "sgd"
    status: str = "pending"
    charge_id: str | None = None
