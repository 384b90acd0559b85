"""Two sessions at once, without threads: A reserves, B reserves, A commits."""

import pytest
from inventory import reserve
from models import Product
from sqlalchemy import select
from sqlalchemy.orm import Session


@pytest.mark.integration
def test_two_sessions_interleaved(pg_engine):
    with Session(pg_engine) as setup:
        setup.add(Product(sku="KAYA-JAR", name="kaya jar", stock=5))
        setup.commit()
    with Session(pg_engine) as a, Session(pg_engine) as b:
        reserve(a, "KAYA-JAR", 1)
        reserve(b, "KAYA-JAR", 1)  # waits for A's lock, and A can only commit after this
        a.commit()
        b.commit()
    with Session(pg_engine) as check:
        assert check.scalar(select(Product.stock)) == 3
