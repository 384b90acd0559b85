"""Reserving stock: many customers, one shelf, all at once."""

from models import Product, Reservation
from sqlalchemy import update
from sqlalchemy.orm import Session


class OutOfStock(Exception):
    """Not enough left to reserve (or no such product)."""


def reserve(session: Session, sku: str, qty: int) -> Reservation:
    """Lower the stock of ``sku`` by ``qty`` and record the reservation.

    The caller owns the transaction and commits. The check and the decrement are
    one conditional UPDATE, so the database does both under the row's lock: two
    customers reserving at once queue up, and the second sees what the first left.
    Raises ``OutOfStock`` when fewer than ``qty`` are left.
    """
    if qty < 1:
        raise ValueError(f"qty must be at least 1, not {qty}")
    lowered = session.execute(
        update(Product)
        .where(Product.sku == sku, Product.stock >= qty)
        .values(stock=Product.stock - qty)
    )
    if lowered.rowcount == 0:
        raise OutOfStock(f"cannot reserve {qty} of {sku}")
    reservation = Reservation(sku=sku, qty=qty)
    session.add(reservation)
    session.flush()
    return reservation
