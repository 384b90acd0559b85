"""Unit tests for the repository, against real SQLite (the ``con`` fixture).

These are honest and they pass: the repository keeps its promise. They call
``add(name, email)`` themselves, in the order the signature asks for, so they
say nothing about how anyone else calls it.
"""

import sqlite3
from contextlib import closing

import pytest
from repo import UserRepo


def test_find_returns_the_name_stored_for_an_email(user_repo):
    user_repo.add("Siti", "siti@example.com")
    assert user_repo.find("siti@example.com") == "Siti"


def test_find_unknown_email_returns_none(user_repo):
    assert user_repo.find("nobody@example.com") is None


def test_second_row_with_the_same_email_violates_unique(user_repo):
    user_repo.add("Siti", "siti@example.com")
    with pytest.raises(sqlite3.IntegrityError):
        user_repo.add("Siti Rahman", "siti@example.com")
    assert user_repo.find("siti@example.com") == "Siti"


def test_works_on_any_users_table_with_name_and_email():
    """Columns are named in the SQL, so their order in the table does not matter."""
    with closing(sqlite3.connect(":memory:")) as con:
        con.execute("CREATE TABLE users (email TEXT UNIQUE, name TEXT)")
        repo = UserRepo(con)
        repo.add("Ahmad", "ahmad@example.com")
        assert repo.find("ahmad@example.com") == "Ahmad"
