"""Search on PostgreSQL, typing names the way they are stored."""

import pytest
from customers import search
from models import Customer

pytestmark = pytest.mark.integration


@pytest.fixture
def session(pg_session):
    pg_session.add_all(
        [
            Customer(name="Alice Tan", email="alice.tan@example.com"),
            Customer(name="Siti Rahman", email="siti@example.com"),
            Customer(name="Mei Ling", email="kaya_lover@example.com"),
        ]
    )
    pg_session.commit()
    return pg_session


def test_finds_by_name_and_email(session):
    assert search(session, "Alice") == ["alice.tan@example.com"]
    assert search(session, "Rahman") == ["siti@example.com"]
    assert search(session, "kaya") == ["kaya_lover@example.com"]


def test_wildcards_are_literal(session):
    assert search(session, "_") == ["kaya_lover@example.com"]
    assert search(session, "%") == []
