"""Tests of reserve(), one reservation at a time, on a real PostgreSQL.

Each test calls reserve() in one session and then looks at the database: nobody
else is reserving meanwhile. They are green.
"""

import pytest
from inventory import OutOfStock, reserve
from models import Product, Reservation
from sqlalchemy import func, select


@pytest.fixture
def session(pg_session):
    """A shelf with five jars of kaya and twelve roti, committed."""
    pg_session.add_all(
        [
            Product(sku="KAYA-JAR", name="kaya jar", stock=5),
            Product(sku="ROTI", name="roti", stock=12),
        ]
    )
    pg_session.commit()
    return pg_session


def stock_of(session, sku):
    return session.scalar(select(Product.stock).where(Product.sku == sku))


def test_reserve_lowers_the_stock_and_records_the_reservation(session):
    reservation = reserve(session, "KAYA-JAR", 2)
    session.commit()
    assert stock_of(session, "KAYA-JAR") == 3
    assert (reservation.sku, reservation.qty) == ("KAYA-JAR", 2)
    assert session.scalar(select(func.count()).select_from(Reservation)) == 1


def test_two_reservations_one_after_the_other(session):
    reserve(session, "KAYA-JAR", 1)
    session.commit()
    reserve(session, "KAYA-JAR", 1)
    session.commit()
    assert stock_of(session, "KAYA-JAR") == 3


def test_the_whole_stock_can_be_reserved(session):
    reserve(session, "KAYA-JAR", 5)
    session.commit()
    assert stock_of(session, "KAYA-JAR") == 0


def test_more_than_the_stock_raises_out_of_stock(session):
    with pytest.raises(OutOfStock):
        reserve(session, "KAYA-JAR", 6)
    session.rollback()
    assert stock_of(session, "KAYA-JAR") == 5


def test_unknown_product_raises_out_of_stock(session):
    with pytest.raises(OutOfStock):
        reserve(session, "CROISSANT", 1)


def test_quantity_must_be_positive(session):
    with pytest.raises(ValueError):
        reserve(session, "KAYA-JAR", 0)


def test_the_caller_owns_the_transaction(session):
    reserve(session, "KAYA-JAR", 2)
    session.rollback()  # the caller changes its mind: nothing was reserved
    assert stock_of(session, "KAYA-JAR") == 5
    assert session.scalar(select(func.count()).select_from(Reservation)) == 0
