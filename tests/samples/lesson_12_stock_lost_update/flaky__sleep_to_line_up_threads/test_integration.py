"""Two customers reserve at once: a thread, and a sleep to give it time."""

import threading
import time

import pytest
from inventory import reserve
from models import Product
from sqlalchemy import select
from sqlalchemy.orm import Session


@pytest.mark.integration
def test_two_reservations_at_once(pg_engine):
    with Session(pg_engine) as setup:
        setup.add(Product(sku="KAYA-JAR", name="kaya jar", stock=5))
        setup.commit()

    a, b = Session(pg_engine), Session(pg_engine)

    def b_reserves():
        reserve(b, "KAYA-JAR", 1)
        b.commit()

    reserve(a, "KAYA-JAR", 1)  # a keeps its transaction open
    thread = threading.Thread(target=b_reserves, daemon=True)
    thread.start()
    time.sleep(0.1)  # give b time to read the stock while a is still open
    a.commit()
    thread.join(5)
    a.close()
    b.close()

    with Session(pg_engine) as check:
        assert check.scalar(select(Product.stock).where(Product.sku == "KAYA-JAR")) == 3
