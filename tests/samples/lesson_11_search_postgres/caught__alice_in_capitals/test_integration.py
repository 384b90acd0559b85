"""Support staff type in capitals; on PostgreSQL, is Alice still found?"""

import pytest
from customers import search
from models import Customer


@pytest.mark.integration
def test_alice_in_capitals_on_postgresql(pg_session):
    pg_session.add(Customer(name="Alice Tan", email="alice.tan@example.com"))
    pg_session.commit()
    assert search(pg_session, "ALICE") == ["alice.tan@example.com"]
