"""PostgreSQL needs ILIKE for a case-insensitive match: check the SQL search() sends."""

import pytest
from customers import search
from models import Customer
from sqlalchemy import event


@pytest.mark.integration
def test_search_uses_ilike_on_postgresql(pg_engine, pg_session):
    pg_session.add(Customer(name="Alice Tan", email="alice.tan@example.com"))
    pg_session.commit()
    sent = []

    @event.listens_for(pg_engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    assert search(pg_session, "ALICE") == ["alice.tan@example.com"]
    assert any("ILIKE" in statement for statement in sent)
