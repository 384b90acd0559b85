"""Unit tests for the app factory: which database each app gets."""

import pytest
from app import create_app
from app.db import close_database


@pytest.fixture
def environment_database(tmp_path, monkeypatch):
    """ORDERS_DATABASE_URL names a file, as it would on a developer's machine."""
    database = tmp_path / "orders.sqlite3"
    monkeypatch.setenv("ORDERS_DATABASE_URL", f"sqlite:///{database}")
    return database


def _register(app):
    return app.test_client().post("/api/users", json={"name": "Mei", "email": "mei@example.com"})


def test_every_testing_app_has_a_fresh_private_database(environment_database):
    first, second = create_app(testing=True), create_app(testing=True)
    try:
        assert _register(first).status_code == 201
        assert _register(second).status_code == 201  # the same email: another database
    finally:
        close_database(first)
        close_database(second)
    assert not environment_database.exists()  # testing never touches the real one


def test_without_testing_the_environment_names_the_database(monkeypatch):
    monkeypatch.setenv("ORDERS_DATABASE_URL", "sqlite:///:memory:")
    app = create_app()
    close_database(app)
    assert app.config["DATABASE_URL"] == "sqlite:///:memory:"
    assert not app.testing


def test_database_url_wins(environment_database):
    app = create_app(testing=True, database_url="sqlite:///:memory:")
    close_database(app)
    assert app.config["DATABASE_URL"] == "sqlite:///:memory:"
    assert not environment_database.exists()
