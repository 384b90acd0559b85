"""Reference integration tests: search() on a real PostgreSQL, the shop's database.

The same kind of test as the one in test_customers.py, on the database production
runs. ``pg_session`` (conftest.py) is a session on a fresh PostgreSQL database per
test, with the tables created.
"""

import pytest
from customers import search
from models import Customer

pytestmark = pytest.mark.integration


@pytest.fixture
def session(pg_session):
    """Four customers of the loyalty club, committed to PostgreSQL."""
    pg_session.add_all(
        [
            Customer(name="Alice Tan", email="alice.tan@example.com"),
            Customer(name="Siti Rahman", email="siti@example.com"),
            Customer(name="Ahmad bin Ali", email="ahmad@example.com"),
            Customer(name="Mei Ling", email="kaya_lover@example.com"),
        ]
    )
    pg_session.commit()
    return pg_session


def test_search_ignores_case_on_postgresql(session):
    assert search(session, "ALICE") == ["alice.tan@example.com"]
    # "Rahman" is only in the name, stored with a capital R.
    assert search(session, "rahman") == ["siti@example.com"]
    assert search(session, "Ahmad BIN ali") == ["ahmad@example.com"]


def test_search_finds_part_of_a_name_or_an_email(session):
    assert search(session, "bin") == ["ahmad@example.com"]
    assert search(session, "kaya") == ["kaya_lover@example.com"]
    assert sorted(search(session, "EXAMPLE.com")) == [
        "ahmad@example.com",
        "alice.tan@example.com",
        "kaya_lover@example.com",
        "siti@example.com",
    ]


def test_percent_and_underscore_typed_by_staff_are_plain_text(session):
    assert search(session, "_") == ["kaya_lover@example.com"]
    assert search(session, "%") == []
    assert search(session, "100%") == []
