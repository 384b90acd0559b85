"""Reserving stock: many customers, one shelf, all at once."""

from models import Product, Reservation
from sqlalchemy.orm import Session


class OutOfStock(Exception):
    """Not enough left to reserve (or no such product)."""


def reserve(session: Session, sku: str, qty: int) -> Reservation:
    """Lower the stock of ``sku`` by ``qty`` and record the reservation.

    The caller owns the transaction and commits. Raises ``OutOfStock`` when fewer
    than ``qty`` are left.
    """
    if qty < 1:
        raise ValueError(f"qty must be at least 1, not {qty}")
    product = session.get(Product, sku)
    if product is None or product.stock < qty:
        raise OutOfStock(f"cannot reserve {qty} of {sku}")
    product.stock = product.stock - qty
    reservation = Reservation(sku=sku, qty=qty)
    session.add(reservation)
    session.flush()
    return reservation
