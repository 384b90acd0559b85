"""Unit tests for the app factory alone: the database module is replaced by a Mock.

They check what ``create_app()`` stores in ``app.config`` and that it hands the app to
the database module, without opening a database: so no test here writes a file.
"""

import os
from unittest.mock import Mock

import pytest
from app import create_app, db


@pytest.fixture
def init_app(monkeypatch):
    fake = Mock()
    monkeypatch.setattr(db, "init_app", fake)
    return fake


def test_test_config_wins_over_the_defaults(init_app, tmp_path):
    database = str(tmp_path / "test.sqlite3")
    app = create_app({"TESTING": True, "DATABASE": database})
    assert app.testing
    assert app.config["DATABASE"] == database
    init_app.assert_called_once_with(app)


def test_without_a_test_config_the_database_is_in_the_instance_folder(init_app):
    app = create_app()
    assert not app.testing
    assert app.config["DATABASE"] == os.path.join(app.instance_path, "bakery.sqlite3")
    init_app.assert_called_once_with(app)


def test_every_call_builds_a_new_app(init_app, tmp_path):
    first = create_app({"DATABASE": str(tmp_path / "first.sqlite3")})
    second = create_app({"DATABASE": str(tmp_path / "second.sqlite3")})
    assert first is not second
    assert first.config["DATABASE"] != second.config["DATABASE"]


def test_the_customer_routes_are_registered(init_app):
    rules = {
        (rule.rule, method)
        for rule in create_app({}).url_map.iter_rules()
        for method in rule.methods
    }
    assert {("/api/customers", "POST"), ("/api/customers", "GET")} <= rules
