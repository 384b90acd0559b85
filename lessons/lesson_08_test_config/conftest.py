"""Fixtures shared by every test here, as in the Flask tutorial: ``app`` and ``client``.

Each test builds its own app with the factory and names its own database file in
pytest's ``tmp_path``, so no customer is shared between tests and none is left behind.
"""

import pytest
from app import create_app, db


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.sqlite3")})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def con():
    """A fresh in-memory database with the bakery's tables, for the SQL alone: no Flask."""
    con = db.connect(":memory:")
    db.create_tables(con)
    yield con
    con.close()
