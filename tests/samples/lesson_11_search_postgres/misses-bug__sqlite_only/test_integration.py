"""The course material's kind of test: a real database, in memory. But which one?"""

import pytest
from customers import search
from models import Customer

pytestmark = pytest.mark.integration


@pytest.fixture
def session(sqlite_session):
    sqlite_session.add_all(
        [
            Customer(name="Alice Tan", email="alice.tan@example.com"),
            Customer(name="Siti Rahman", email="siti@example.com"),
            Customer(name="Mei Ling", email="kaya_lover@example.com"),
        ]
    )
    sqlite_session.commit()
    return sqlite_session


def test_search_ignores_case(session):
    assert search(session, "ALICE") == ["alice.tan@example.com"]
    assert search(session, "rahman") == ["siti@example.com"]


def test_search_wildcards_are_literal(session):
    assert search(session, "_") == ["kaya_lover@example.com"]
    assert search(session, "%") == []
