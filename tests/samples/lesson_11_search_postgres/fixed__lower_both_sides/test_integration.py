"""search() against PostgreSQL, where the shop runs."""

import pytest
from customers import search
from models import Customer


@pytest.fixture
def session(pg_session):
    pg_session.add_all(
        [
            Customer(name="Alice Tan", email="alice.tan@example.com"),
            Customer(name="Ahmad bin Ali", email="ahmad@example.com"),
            Customer(name="Mei Ling", email="kaya_lover@example.com"),
        ]
    )
    pg_session.commit()
    return pg_session


@pytest.mark.integration
def test_case_does_not_matter_on_postgresql(session):
    assert search(session, "alice TAN") == ["alice.tan@example.com"]
    assert search(session, "Ali") == ["ahmad@example.com", "alice.tan@example.com"]
    assert search(session, "MEI") == ["kaya_lover@example.com"]


@pytest.mark.integration
def test_wildcards_are_taken_literally(session):
    assert search(session, "a_l") == ["kaya_lover@example.com"]
    assert search(session, "%") == []
