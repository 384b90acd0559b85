"""Fixtures shared by every test in this lesson.

Isolation strategy: a fresh in-memory database per test. Nothing to roll back and
nothing to truncate, so code that commits (``UserRepo.add`` does) cannot leak rows
into the next test. It costs a fraction of a millisecond here.
"""

import sqlite3
from collections.abc import Iterator

import pytest
from repo import UserRepo, create_schema


@pytest.fixture
def con() -> Iterator[sqlite3.Connection]:
    """A real SQLite database in memory with the ``users`` table, closed after the test."""
    con = sqlite3.connect(":memory:")
    create_schema(con)
    yield con
    con.close()


@pytest.fixture
def user_repo(con: sqlite3.Connection) -> UserRepo:
    """The real repository on that fresh database."""
    return UserRepo(con)
