"""Checkout: pay for an order with the customer's card, through the payment provider."""

from orders import Order
from payments import PaymentClient


def pay_order(order: Order, client: PaymentClient, source: str) -> Order:
    """Charge ``order``'s total to the card token ``source``; return the order, now paid.

    The client takes dollars and speaks cents to the provider itself, so the
    total goes out as it is: ``Decimal("54.96")``. A declined card raises
    ``payments.PaymentDeclined`` and leaves the order pending; an order that is not
    pending is never charged (no second charge for a double click).
    """
    if order.status != "pending":
        raise ValueError(f"order {order.id} is {order.status}, not pending")
    charge = client.charge(order.total, order.currency, source)
    order.status = "paid"
    order.charge_id = charge["id"]
    return order
