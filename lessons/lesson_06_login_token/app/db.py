"""One engine per app, one session per request."""

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from .models import Base


def make_engine(url: str) -> Engine:
    """An engine for ``url``, with SQLite's foreign keys switched on.

    An in-memory SQLite database lives exactly as long as its connection, so it gets a
    ``StaticPool``: every session of one app shares that single connection (and sees
    the same tables), while another app, in another test, gets a database of its own.
    """
    parsed = make_url(url)
    in_memory = parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")
    if in_memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_foreign_keys)
    return engine


def _enable_foreign_keys(dbapi_connection, _connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores REFERENCES unless asked
    cursor.close()


def init_app(app: Flask, url: str) -> None:
    """Connect ``app`` to the database at ``url``, creating the tables if missing."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    app.extensions["bakery_engine"] = engine
    app.extensions["bakery_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def new_session(app: Flask) -> Session:
    """A session on ``app``'s database outside any request: for scripts and tests.

    On an in-memory database it shares the app's one connection, so it sees what the
    requests see. Commit before you send a request: the request's session ends by
    rolling back whatever that shared connection still holds uncommitted.
    """
    return app.extensions["bakery_sessions"]()


def get_session() -> Session:
    """The session of the current request, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["bakery_sessions"]()
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session when its app context ends, even after an error."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def close_database(app: Flask) -> None:
    """Close the app's connections. An in-memory database is gone after this."""
    app.extensions["bakery_engine"].dispose()
