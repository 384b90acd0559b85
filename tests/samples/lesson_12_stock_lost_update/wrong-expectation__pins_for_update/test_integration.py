"""A reservation must lock the product row: check that reserve() says FOR UPDATE."""

import pytest
from inventory import reserve
from models import Product
from sqlalchemy import event


@pytest.mark.integration
def test_reserve_locks_the_product_row(pg_engine, pg_session):
    pg_session.add(Product(sku="KAYA-JAR", name="kaya jar", stock=5))
    pg_session.commit()
    sent = []
    event.listen(pg_engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    reserve(pg_session, "KAYA-JAR", 1)
    pg_session.commit()
    assert any("FOR UPDATE" in statement for statement in sent)
