"""The customer's own data under ``/api``: JSON in, JSON out, behind the guard."""

from flask import Blueprint, g, jsonify
from werkzeug.exceptions import HTTPException

from .guard import login_required

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/me")
@login_required
def me():
    """Who the session cookie belongs to."""
    return jsonify(id=g.user.id, email=g.user.email)


@bp.app_errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Unknown URLs, wrong methods and the like answer in JSON too."""
    return jsonify(error=error.description or error.name), error.code or 500
