"""Fixtures shared by every test here, as in the Flask tutorial: ``app`` and ``client``.

Each test builds its own app with the factory, and with it a fresh in-memory SQLite
database: no row leaks from one test into the next, and no file is left behind.
"""

from decimal import Decimal

import pytest
from flask.json.provider import DefaultJSONProvider
from app import create_app
from app.db import close_database, make_engine
from app.models import Base
from sqlalchemy.orm import Session


class MoneyAsNumber(DefaultJSONProvider):
    """Writes Decimal as a JSON number: the fix, but only inside the tests."""

    @staticmethod
    def default(o):
        if isinstance(o, Decimal):
            return float(o)
        return DefaultJSONProvider.default(o)


@pytest.fixture
def app():
    app = create_app(testing=True)
    app.json = MoneyAsNumber(app)
    yield app
    close_database(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session():
    """A session on a fresh in-memory database, for the services alone: no Flask needed."""
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()
