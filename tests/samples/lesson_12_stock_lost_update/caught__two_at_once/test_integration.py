"""Two customers reserve a kaya jar at the same moment."""

import threading
import time

import pytest
from inventory import reserve
from models import Product
from sqlalchemy import select, text
from sqlalchemy.orm import Session


@pytest.mark.integration
def test_two_reservations_at_once(pg_engine):
    with Session(pg_engine) as setup:
        setup.add(Product(sku="KAYA-JAR", name="kaya jar", stock=5))
        setup.commit()

    a, b = Session(pg_engine), Session(pg_engine)
    b_pid = b.execute(text("select pg_backend_pid()")).scalar()
    errors = []

    def b_reserves():
        try:
            reserve(b, "KAYA-JAR", 1)
            b.commit()
        except Exception as error:
            errors.append(error)
            b.rollback()

    reserve(a, "KAYA-JAR", 1)  # a keeps its transaction open
    thread = threading.Thread(target=b_reserves)
    thread.start()
    with pg_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watch:
        deadline = time.monotonic() + 5
        while thread.is_alive():
            state = watch.execute(
                text("select wait_event_type from pg_stat_activity where pid = :pid"),
                {"pid": b_pid},
            ).scalar()
            if state == "Lock":
                break
            assert time.monotonic() < deadline, "b neither blocked nor finished"
            thread.join(0.001)
    a.commit()
    thread.join(5)
    assert not thread.is_alive()
    a.close()
    b.close()
    assert errors == []
    with Session(pg_engine) as check:
        assert check.scalar(select(Product.stock).where(Product.sku == "KAYA-JAR")) == 3
