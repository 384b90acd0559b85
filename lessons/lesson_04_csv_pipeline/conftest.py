"""Fixtures shared by this lesson's tests."""

import sqlite3

import pytest


@pytest.fixture
def con():
    """A fresh in-memory SQLite database for each test: nothing shared, nothing to clean up."""
    connection = sqlite3.connect(":memory:")
    yield connection
    connection.close()
