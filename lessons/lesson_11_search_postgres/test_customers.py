"""Tests of search(), on SQLite in memory: real SQL, a fresh database per test, ~1 ms each.

They are green, and SQLite is not the database the shop runs on.
"""

import pytest
from customers import search
from models import Customer


@pytest.fixture
def session(sqlite_session):
    """Four customers of the loyalty club, committed."""
    sqlite_session.add_all(
        [
            Customer(name="Alice Tan", email="alice.tan@example.com"),
            Customer(name="Siti Rahman", email="siti@example.com"),
            Customer(name="Ahmad bin Ali", email="ahmad@example.com"),
            Customer(name="Mei Ling", email="kaya_lover@example.com"),
        ]
    )
    sqlite_session.commit()
    return sqlite_session


def test_finds_a_customer_by_part_of_the_name(session):
    assert search(session, "bin") == ["ahmad@example.com"]


def test_finds_a_customer_by_part_of_the_email(session):
    assert search(session, "kaya") == ["kaya_lover@example.com"]


def test_finds_everyone_who_matches_ordered_by_email(session):
    assert search(session, "example.com") == [
        "ahmad@example.com",
        "alice.tan@example.com",
        "kaya_lover@example.com",
        "siti@example.com",
    ]


def test_unknown_text_finds_nobody(session):
    assert search(session, "Tan Ah Kow") == []


def test_percent_and_underscore_are_plain_text(session):
    assert search(session, "_") == ["kaya_lover@example.com"]
    assert search(session, "%") == []


@pytest.mark.integration
def test_support_staff_find_a_customer_whatever_the_case(session):
    """The team's integration test: search() on a real database, as staff type."""
    assert search(session, "ALICE") == ["alice.tan@example.com"]
    assert search(session, "rahman") == ["siti@example.com"]
    assert search(session, "Ahmad BIN ali") == ["ahmad@example.com"]
