"""Fixtures: a real PostgreSQL for every test, and SQLite to compare it with.

``pg_engine`` (an engine on a fresh PostgreSQL database, tables created) and
``pg_session`` (a session on it) talk to a real server. ``postgres_server.py``, the
same in every lesson on PostgreSQL, says which server (``KATA_POSTGRES_URL``, else an
embedded one) and how each test gets a database of its own.

``sqlite_session`` is the same tables on SQLite in memory: fast, and not PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from models import Base
from postgres_server import fresh_databases
from sqlalchemy import URL, Engine, create_engine
from sqlalchemy.orm import Session


@pytest.fixture
def pg_engine(_pg_databases: Callable[[], URL]) -> Iterator[Engine]:
    """An engine on a new PostgreSQL database with the lesson's tables."""
    engine = create_engine(_pg_databases())
    yield engine
    engine.dispose()


@pytest.fixture
def pg_session(pg_engine: Engine) -> Iterator[Session]:
    """A session on that database, closed after the test (anything uncommitted is dropped)."""
    with Session(pg_engine) as session:
        yield session


@pytest.fixture
def sqlite_session() -> Iterator[Session]:
    """A session on a new SQLite database in memory with the same tables."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def _pg_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], URL]]:
    """Makes a new database with the lesson's tables, on one server for the whole session."""
    with fresh_databases(Base.metadata, tmp_path_factory, setup="make lesson-11") as new_database:
        yield new_database
