"""Reference integration tests: two customers reserve the same jar at the same moment.

Two sessions on a real PostgreSQL, each with its own connection and transaction, as
two requests to the shop's server would have. The order of events is fixed, not
left to timing:

1. ``first`` reserves and keeps its transaction open;
2. ``second`` reserves in a thread;
3. we wait until PostgreSQL reports ``second`` waiting for a lock, or ``second`` has
   finished: a bounded poll of a condition, never a sleep;
4. ``first`` commits; ``second`` finishes; we look at the shelf.

Whatever reserve() does, the outcome is the same on every run.
"""

import threading
import time
from concurrent.futures import Future, wait

import pytest
from inventory import OutOfStock, reserve
from models import Product, Reservation
from sqlalchemy import select, text
from sqlalchemy.orm import Session

pytestmark = pytest.mark.integration

DEADLINE = 5.0  # seconds; the whole choreography takes a few milliseconds
WAIT_EVENT = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")


def stock_up(engine, stock):
    with Session(engine) as session:
        session.add_all(Product(sku=sku, name=sku.lower(), stock=n) for sku, n in stock.items())
        session.commit()


def stock_of(engine, sku):
    with Session(engine) as session:
        return session.scalar(select(Product.stock).where(Product.sku == sku))


def reserved(engine, sku):
    """The quantities of the committed reservations of ``sku``."""
    with Session(engine) as session:
        return sorted(session.scalars(select(Reservation.qty).where(Reservation.sku == sku)))


def reserve_and_commit(session, sku, qty):
    """What one request does: reserve and commit, or roll back and raise."""
    try:
        reserve(session, sku, qty)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def in_thread(function, *args):
    """Run ``function(*args)`` in a daemon thread; the Future gets its result or error."""
    outcome = Future()

    def run():
        try:
            outcome.set_result(function(*args))
        except BaseException as error:  # handed over to the test by the Future
            outcome.set_exception(error)

    threading.Thread(target=run, daemon=True).start()
    return outcome


def wait_until_waiting_or_done(engine, pid, outcome):
    """Return "waiting" once backend ``pid`` waits for a lock, "done" once ``outcome`` is."""
    deadline = time.monotonic() + DEADLINE
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        while not outcome.done():
            # AUTOCOMMIT: each query is its own transaction, so pg_stat_activity is
            # read afresh (within one transaction it would be a frozen snapshot).
            if watcher.execute(WAIT_EVENT, {"pid": pid}).scalar() == "Lock":
                return "waiting"
            if time.monotonic() > deadline:
                pytest.fail(f"the second reservation neither waited nor finished in {DEADLINE} s")
            wait([outcome], timeout=0.002)  # returns at once when the thread finishes
    return "done"


def reserve_at_once(engine, sku, first_qty, second_qty):
    """Two reservations of ``sku`` at the same moment; returns the second's outcome.

    The returned Future is done: ``.result()`` returns, or raises what the second
    reservation raised.
    """
    first, second = Session(engine), Session(engine)
    outcome = None
    try:
        reserve(first, sku, first_qty)  # first now holds its transaction open
        pid = second.execute(text("SELECT pg_backend_pid()")).scalar_one()
        outcome = in_thread(reserve_and_commit, second, sku, second_qty)
        wait_until_waiting_or_done(engine, pid, outcome)
        first.commit()
        finished, _ = wait([outcome], timeout=DEADLINE)
        assert finished, f"the second reservation still waits {DEADLINE} s after the first"
        return outcome
    finally:
        first.close()  # after a failure: rolls back, releasing what second waits for
        if outcome is None or wait([outcome], timeout=DEADLINE).done:
            second.close()


def test_two_reservations_at_once_both_lower_the_stock(pg_engine):
    stock_up(pg_engine, {"KAYA-JAR": 5})
    second = reserve_at_once(pg_engine, "KAYA-JAR", 1, 1)
    second.result()  # the second reservation went through too
    assert stock_of(pg_engine, "KAYA-JAR") == 3
    assert reserved(pg_engine, "KAYA-JAR") == [1, 1]


def test_the_last_jar_is_reserved_only_once(pg_engine):
    stock_up(pg_engine, {"KAYA-JAR": 1})
    second = reserve_at_once(pg_engine, "KAYA-JAR", 1, 1)
    assert stock_of(pg_engine, "KAYA-JAR") == 0
    assert reserved(pg_engine, "KAYA-JAR") == [1]  # one jar, one reservation
    with pytest.raises(OutOfStock):
        second.result()


def test_a_reservation_lowers_only_its_own_product(pg_engine):
    stock_up(pg_engine, {"KAYA-JAR": 5, "ROTI": 12})
    with Session(pg_engine) as session:
        reserve_and_commit(session, "KAYA-JAR", 2)
    assert stock_of(pg_engine, "KAYA-JAR") == 3
    assert stock_of(pg_engine, "ROTI") == 12


def test_no_reservation_beyond_the_stock(pg_engine):
    stock_up(pg_engine, {"KAYA-JAR": 2})
    with Session(pg_engine) as session, pytest.raises(OutOfStock):
        reserve_and_commit(session, "KAYA-JAR", 3)
    assert stock_of(pg_engine, "KAYA-JAR") == 2
    assert reserved(pg_engine, "KAYA-JAR") == []
