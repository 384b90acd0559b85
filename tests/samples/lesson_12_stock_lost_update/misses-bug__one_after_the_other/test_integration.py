"""Two customers, two sessions: both reservations must count."""

import pytest
from inventory import OutOfStock, reserve
from models import Product
from sqlalchemy import select
from sqlalchemy.orm import Session

pytestmark = pytest.mark.integration


def test_two_customers_reserve_one_jar_each(pg_engine):
    with Session(pg_engine) as setup:
        setup.add(Product(sku="KAYA-JAR", name="kaya jar", stock=5))
        setup.commit()
    with Session(pg_engine) as alice, Session(pg_engine) as bob:
        reserve(alice, "KAYA-JAR", 1)
        alice.commit()
        reserve(bob, "KAYA-JAR", 1)
        bob.commit()
    with Session(pg_engine) as check:
        assert check.scalar(select(Product.stock)) == 3


def test_nobody_gets_the_jar_after_the_last(pg_engine):
    with Session(pg_engine) as setup:
        setup.add(Product(sku="KAYA-JAR", name="kaya jar", stock=1))
        setup.commit()
    with Session(pg_engine) as alice, Session(pg_engine) as bob:
        reserve(alice, "KAYA-JAR", 1)
        alice.commit()
        with pytest.raises(OutOfStock):
            reserve(bob, "KAYA-JAR", 1)
