"""Fixtures shared by every test here: ``engine`` and ``db_session``.

Isolation strategy: a fresh database per test. Each test gets a new SQLite file in
its own ``tmp_path``, with the tables created, and nothing else. Nothing has to be
rolled back or truncated afterwards, so code that commits cannot leak rows into the
next test, and no file is left in the lesson folder.

A file, not ``sqlite://`` in memory: an in-memory database lives in ONE connection,
so every session would share it, and its transaction. With a file, each
``Session(engine)`` gets a connection of its own and sees exactly what has been
committed, the way the next customer at the till would.
"""

from collections.abc import Iterator

import pytest
from models import Base
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session


@pytest.fixture
def engine(tmp_path) -> Iterator[Engine]:
    """An engine on a new, empty SQLite database file with the tables created."""
    engine = create_engine(f"sqlite:///{tmp_path / 'bakery.sqlite3'}")
    event.listen(engine, "connect", _skip_fsync)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session on that database, closed after the test (anything uncommitted is dropped)."""
    with Session(engine) as session:
        yield session


def _skip_fsync(dbapi_connection, _connection_record) -> None:
    """Commit without waiting for the disk: a test database needs no power-cut safety.

    Commit, rollback and isolation work exactly as before; the suite runs several
    times faster.
    """
    dbapi_connection.execute("PRAGMA synchronous = OFF")
