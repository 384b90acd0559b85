"""Unit tests for the app factory: which secret and which database each app gets."""

import pytest
from app import TEST_TOKEN_SECRET, create_app
from app.db import close_database, new_session
from app.models import User


@pytest.fixture
def production_environment(tmp_path, monkeypatch):
    """What a server would set: a secret and a database file."""
    database = tmp_path / "bakery.sqlite3"
    monkeypatch.setenv("BAKERY_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("BAKERY_TOKEN_SECRET", "0123456789abcdef" * 4)
    return database


def test_every_testing_app_has_a_fresh_private_database(production_environment):
    first, second = create_app(testing=True), create_app(testing=True)
    try:
        with new_session(first) as session:
            session.add(User(email="mei@example.com", password_hash="x"))
            session.commit()
        with new_session(second) as session:
            assert session.query(User).count() == 0
    finally:
        close_database(first)
        close_database(second)
    assert not production_environment.exists()  # testing never touches the real one


def test_testing_apps_sign_with_the_test_secret(production_environment):
    app = create_app(testing=True)
    close_database(app)
    assert app.config["TOKEN_SECRET"] == TEST_TOKEN_SECRET


def test_without_testing_the_environment_names_secret_and_database(production_environment):
    app = create_app()
    close_database(app)
    assert app.config["TOKEN_SECRET"] == "0123456789abcdef" * 4
    assert app.config["DATABASE_URL"] == f"sqlite:///{production_environment}"
    assert not app.testing


def test_without_a_secret_the_app_refuses_to_start(production_environment, monkeypatch):
    monkeypatch.delenv("BAKERY_TOKEN_SECRET")
    with pytest.raises(RuntimeError, match="BAKERY_TOKEN_SECRET"):
        create_app()


def test_database_url_wins(production_environment):
    app = create_app(testing=True, database_url="sqlite:///:memory:")
    close_database(app)
    assert app.config["DATABASE_URL"] == "sqlite:///:memory:"
    assert not production_environment.exists()
