"""The customer API: JSON in, JSON out, one database connection per request."""

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException

from . import customers
from .customers import EmailTaken, InvalidCustomer
from .db import get_db

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.post("/customers")
def create_customer():
    # silent=True: no body, a wrong Content-Type or malformed JSON give None, not HTML.
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _error(
            "the request body must be a JSON object (Content-Type: application/json)", 400
        )
    customer = customers.add_customer(get_db(), data.get("name"), data.get("email"))
    return jsonify(customer), 201


@bp.get("/customers")
def list_customers():
    return jsonify(customers.list_customers(get_db()))


def _error(message: str, status: int):
    return jsonify(error=message), status


@bp.errorhandler(InvalidCustomer)
def _invalid_customer(error: InvalidCustomer):
    return _error(str(error), 400)


@bp.errorhandler(EmailTaken)
def _email_taken(error: EmailTaken):
    return _error(str(error), 409)


@bp.app_errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Unknown URLs, wrong methods and the like answer in JSON too."""
    return _error(error.description or error.name, error.code or 500)
