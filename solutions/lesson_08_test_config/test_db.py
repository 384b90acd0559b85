"""Unit tests for the database module alone, on a bare Flask app (no factory).

Each test configures the app by hand with a database file in ``tmp_path``, then asks
the module what it opened.
"""

import sqlite3
from contextlib import closing

import pytest
from app import db
from flask import Flask


@pytest.fixture
def database(tmp_path):
    return tmp_path / "bakery.sqlite3"


@pytest.fixture
def bare_app(database):
    app = Flask(__name__)
    app.config["DATABASE"] = str(database)
    db.init_app(app)
    return app


def test_start_up_creates_the_tables_in_the_named_file(bare_app, database):
    with closing(sqlite3.connect(database)) as con:
        tables = [
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
    assert tables == ["customers"]


def test_a_request_opens_the_named_file(bare_app, database):
    with bare_app.app_context():
        files = [row["file"] for row in db.get_db().execute("PRAGMA database_list")]
    assert files == [str(database)]


def test_one_connection_per_request_closed_at_teardown(bare_app):
    with bare_app.app_context():
        con = db.get_db()
        assert db.get_db() is con
    with pytest.raises(sqlite3.ProgrammingError):
        con.execute("SELECT 1")


def test_starting_again_keeps_existing_customers(bare_app, database):
    with bare_app.app_context(), db.get_db() as con:
        con.execute("INSERT INTO customers (name, email) VALUES (?, ?)", ("Mei", "mei@example.com"))
    restarted = Flask(__name__)
    restarted.config.update(bare_app.config)
    db.init_app(restarted)
    with restarted.app_context():
        rows = db.get_db().execute("SELECT email FROM customers").fetchall()
    assert [tuple(row) for row in rows] == [("mei@example.com",)]
