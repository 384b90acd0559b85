"""The bakery's customer API, built by a factory in the shape of the Flask tutorial.

``create_app()`` with no argument is the developer's app: its database is
``bakery.sqlite3`` in the instance folder (``instance/`` next to this package, never
committed). A test passes its own settings instead:
``create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.sqlite3")})``.
"""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import db
from .api import bp


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build and configure a new app.

    The defaults come first; on top of them, the developer's ``instance/config.py`` (if
    there is one) or, in a test, ``test_config``: what the caller passes always wins.
    ``DATABASE`` is the path of the SQLite file.
    """
    app = Flask(__name__, instance_relative_config=True, static_folder=None)  # JSON only
    app.config.from_mapping(DATABASE=os.path.join(app.instance_path, "bakery.sqlite3"))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    db.init_app(app)
    app.register_blueprint(bp)
    return app
