"""Customer search on the shop's real database: PostgreSQL, not SQLite."""

import pytest
from customers import search
from models import Customer

pytestmark = pytest.mark.integration


@pytest.fixture
def staff(pg_session):
    pg_session.add_all(
        [
            Customer(name="Alice Tan", email="alice.tan@example.com"),
            Customer(name="Siti Rahman", email="siti@example.com"),
            Customer(name="Mei Ling", email="kaya_lover@example.com"),
        ]
    )
    pg_session.commit()
    return pg_session


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("ALICE", ["alice.tan@example.com"]),
        ("rahman", ["siti@example.com"]),  # only in the name, stored as "Rahman"
        ("SITI@EXAMPLE.COM", ["siti@example.com"]),
        ("ling", ["kaya_lover@example.com"]),  # part of the name
        ("_", ["kaya_lover@example.com"]),  # a literal underscore, not "any character"
        ("%", []),
    ],
)
def test_staff_search_on_postgresql(staff, typed, found):
    assert search(staff, typed) == found
