"""The bakery's SQLite database: tables made at start-up, one connection per request."""

import os
import sqlite3
from contextlib import closing

from flask import Flask, current_app, g

SQLITE_URL = "sqlite:///"

SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE
)
"""


def database_path(app: Flask) -> str:
    """The SQLite file of ``app``.

    ``DATABASE_URL`` (``sqlite:///<path>``) names it, as SQLAlchemy and most hosting
    platforms spell a database, so moving to PostgreSQL later changes a URL, not this
    module. Without one: the developer's ``bakery.sqlite3`` in the instance folder.
    """
    url = app.config.get("DATABASE_URL")
    if url is None:
        return os.path.join(app.instance_path, "bakery.sqlite3")
    if not url.startswith(SQLITE_URL):
        raise ValueError(f"DATABASE_URL must start with {SQLITE_URL!r}, not {url!r}")
    return url[len(SQLITE_URL) :]


def connect(path: str) -> sqlite3.Connection:
    """A connection to the file at ``path`` whose rows also read by name (``row["email"]``)."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    return con


def create_tables(con: sqlite3.Connection) -> None:
    """Create the bakery's tables if they are missing; existing data is kept."""
    with con:
        con.execute(SCHEMA)


def init_app(app: Flask) -> None:
    """Create the tables when the app starts, and close each request's connection after it."""
    path = database_path(app)
    # On a fresh checkout the folder of the database (the instance folder) is missing.
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with closing(connect(path)) as con:
        create_tables(con)
    app.teardown_appcontext(close_db)


def get_db() -> sqlite3.Connection:
    """The current request's connection, opened on first use and kept on ``g``."""
    if "db" not in g:
        g.db = connect(database_path(current_app))
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """Close the request's connection when its app context ends, even after an error."""
    con = g.pop("db", None)
    if con is not None:
        con.close()
