"""Fixtures shared by every test here: ``app``, ``client`` and ``db_session``.

Each test builds its own app with the factory, and with it a fresh in-memory SQLite
database: no row leaks from one test into the next, and no file is left behind.
``db_session`` is a session on that very database, so rows you commit through it
are what the app's requests see.
"""

import pytest
from app import create_app, models
from app.db import close_database, new_session


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Still a real salted scrypt hash, with a smaller work factor: ~2 ms, not ~100 ms.

    The app's strong default is there to slow down attackers, not tests. Login checks
    a password against the hash it finds, whatever work factor made it.
    """
    monkeypatch.setattr(models, "PASSWORD_HASH_METHOD", "scrypt:1024:8:1")


@pytest.fixture
def app():
    app = create_app(testing=True)
    yield app
    close_database(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_session(app):
    """A SQLAlchemy session on the same database as ``app`` (and so ``client``)."""
    with new_session(app) as session:
        yield session
