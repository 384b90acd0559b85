"""Reservations at the same moment, on the real PostgreSQL, in a fixed order."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from inventory import OutOfStock, reserve
from models import Product, Reservation
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

pytestmark = pytest.mark.integration


def shelf(engine, **stock):
    with Session(engine) as session:
        for sku, n in stock.items():
            session.add(Product(sku=sku, name=sku, stock=n))
        session.commit()


def stock(engine, sku):
    with Session(engine) as session:
        return session.scalar(select(Product.stock).where(Product.sku == sku))


def reservation_count(engine):
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Reservation))


def race(engine, sku):
    """A reserves 1 and holds; B reserves 1 meanwhile; A commits. B's future is returned."""

    def b_reserves(session):
        with session:
            reserve(session, sku, 1)
            session.commit()

    with ThreadPoolExecutor(1) as pool, Session(engine) as a:
        b = Session(engine)
        b_pid = b.scalar(text("select pg_backend_pid()"))
        reserve(a, sku, 1)
        future = pool.submit(b_reserves, b)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watch:
            deadline = time.monotonic() + 5
            while not future.done():
                # B waits for a lock held by A's backend
                if watch.scalar(text("select cardinality(pg_blocking_pids(:p)) > 0"), {"p": b_pid}):
                    break
                if time.monotonic() > deadline:
                    a.rollback()
                    pytest.fail("B neither blocked nor finished")
        a.commit()
        future.exception(timeout=5)  # waits for B, at most 5 s
    return future


def test_two_at_once_lower_the_stock_twice(pg_engine):
    shelf(pg_engine, ROTI=10)
    race(pg_engine, "ROTI").result()
    assert stock(pg_engine, "ROTI") == 8
    assert reservation_count(pg_engine) == 2


def test_last_jar_goes_to_one_customer(pg_engine):
    shelf(pg_engine, KAYA=1)
    b = race(pg_engine, "KAYA")
    assert stock(pg_engine, "KAYA") == 0
    assert reservation_count(pg_engine) == 1
    assert isinstance(b.exception(), OutOfStock)


def test_other_products_keep_their_stock(pg_engine):
    shelf(pg_engine, KAYA=4, ROTI=10)
    with Session(pg_engine) as session:
        reserve(session, "KAYA", 2)
        session.commit()
    assert (stock(pg_engine, "KAYA"), stock(pg_engine, "ROTI")) == (2, 10)


def test_more_than_the_stock_is_refused(pg_engine):
    shelf(pg_engine, KAYA=1)
    with Session(pg_engine) as session:
        with pytest.raises(OutOfStock):
            reserve(session, "KAYA", 2)
    assert stock(pg_engine, "KAYA") == 1
