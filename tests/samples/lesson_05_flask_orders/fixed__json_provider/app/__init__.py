"""The bakery's order API, built by a factory so every test can have an app of its own."""

import os
from decimal import Decimal

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from . import db
from .api import bp


class MoneyJSONProvider(DefaultJSONProvider):
    """Writes Decimal money as a JSON number instead of a string."""

    @staticmethod
    def default(o):
        if isinstance(o, Decimal):
            return float(o)
        return DefaultJSONProvider.default(o)


def create_app(testing: bool = False, database_url: str | None = None) -> Flask:
    """Build and configure the app.

    The database is, in this order: ``database_url`` when given; a fresh in-memory
    SQLite database private to this app when ``testing``; the ``ORDERS_DATABASE_URL``
    environment variable; else ``orders.sqlite3`` in the Flask instance folder.
    No address or password lives in the code.
    """
    app = Flask(__name__, instance_relative_config=True, static_folder=None)  # JSON only
    app.json = MoneyJSONProvider(app)
    app.config["TESTING"] = testing
    app.config["DATABASE_URL"] = database_url or _default_database_url(app, testing)
    db.init_app(app, app.config["DATABASE_URL"])
    app.register_blueprint(bp)
    return app


def _default_database_url(app: Flask, testing: bool) -> str:
    if testing:
        return "sqlite://"  # in memory: gone with the app, shared with nobody
    from_environment = os.environ.get("ORDERS_DATABASE_URL")
    if from_environment:
        return from_environment
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "orders.sqlite3")
