"""The bakery's customer accounts: log in, then see your own details.

Built by a factory, so every test can have an app (and a database) of its own.
"""

import os

from flask import Flask

from . import db
from .api import bp as api_bp
from .auth import bp as auth_bp

#: The signing key of every testing app. Known to everyone, so it signs nothing real.
TEST_TOKEN_SECRET = "test-only-secret, never used outside tests"


def create_app(testing: bool = False, database_url: str | None = None) -> Flask:
    """Build and configure the app.

    The key that signs session tokens is ``TEST_TOKEN_SECRET`` when ``testing``, else
    the ``BAKERY_TOKEN_SECRET`` environment variable (the app refuses to start without
    it). The database is, in this order: ``database_url`` when given; a fresh in-memory
    SQLite database private to this app when ``testing``; the ``BAKERY_DATABASE_URL``
    environment variable; else ``bakery.sqlite3`` in the Flask instance folder.
    No secret, address or password lives in the code.
    """
    app = Flask(__name__, instance_relative_config=True, static_folder=None)  # JSON only
    app.config["TESTING"] = testing
    app.config["TOKEN_SECRET"] = _token_secret(testing)
    app.config["DATABASE_URL"] = database_url or _default_database_url(app, testing)
    db.init_app(app, app.config["DATABASE_URL"])
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp)
    return app


def _token_secret(testing: bool) -> str:
    if testing:
        return TEST_TOKEN_SECRET
    secret = os.environ.get("BAKERY_TOKEN_SECRET", "")
    if not secret:
        raise RuntimeError(
            "set BAKERY_TOKEN_SECRET to a long random string, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return secret


def _default_database_url(app: Flask, testing: bool) -> str:
    if testing:
        return "sqlite://"  # in memory: gone with the app, shared with nobody
    from_environment = os.environ.get("BAKERY_DATABASE_URL")
    if from_environment:
        return from_environment
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "bakery.sqlite3")
