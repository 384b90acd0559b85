"""Checkout: pay for an order with the customer's card, through the payment provider."""

from decimal import Decimal

from orders import Order
from payments import PaymentClient


def pay_order(order: Order, client: PaymentClient, source: str) -> Order:
    """Charge ``order``'s total to the card token ``source``; return the order, now paid.

    The provider's documentation is clear that amounts travel in the smallest
    currency unit, so the total goes out in cents: S$54.96 is ``5496``. A declined
    card raises ``payments.PaymentDeclined`` and leaves the order pending; an order
    that is not pending is never charged (no second charge for a double click).
    """
    if order.status != "pending":
        raise ValueError(f"order {order.id} is {order.status}, not pending")
    charge = client.charge(to_cents(order.total), order.currency, source)
    order.status = "paid"
    order.charge_id = charge["id"]
    return order


def to_cents(amount: Decimal) -> int:
    """``Decimal("54.96")`` as ``5496``, exactly.

    A fraction of a cent is refused rather than rounded: a total like that is a
    bug upstream, and no customer should pay for it.
    """
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of cents")
    return int(cents)
