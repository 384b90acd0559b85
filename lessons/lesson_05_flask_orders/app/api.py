"""The HTTP face of the bakery: one blueprint under ``/api``, JSON in and JSON out."""

from flask import Blueprint, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from . import orders, users
from .db import get_session
from .errors import EmailTaken, InvalidInput, UnknownUser

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.post("/users")
def create_user():
    data = _json_object()
    user = users.create_user(get_session(), data.get("name"), data.get("email"))
    return jsonify(user), 201


@bp.post("/orders")
def create_order():
    data = _json_object()
    order = orders.place_order(get_session(), data.get("user_id"), data.get("items"))
    location = url_for("api.get_order", order_id=order["id"])
    return jsonify(order), 201, {"Location": location}


@bp.get("/orders/<int:order_id>")
def get_order(order_id: int):
    order = orders.get_order(get_session(), order_id)
    if order is None:
        return _error(f"there is no order {order_id}", 404)
    return jsonify(order)


def _json_object() -> dict:
    """The request's JSON object.

    ``silent=True`` turns a missing body, a wrong Content-Type and malformed JSON into
    ``None``, so every one of them gets the same JSON 400 instead of an HTML page.
    """
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(
            "the request body must be a JSON object (Content-Type: application/json)"
        )
    return data


def _error(message: str, status: int):
    return jsonify(error=message), status


@bp.errorhandler(InvalidInput)
def _invalid_input(error: InvalidInput):
    return _error(str(error), 400)


@bp.errorhandler(UnknownUser)
def _unknown_user(error: UnknownUser):
    return _error(str(error), 404)


@bp.errorhandler(EmailTaken)
def _email_taken(error: EmailTaken):
    return _error(str(error), 409)


@bp.app_errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Unknown URLs, wrong methods and the like answer in JSON too."""
    return _error(error.description or error.name, error.code or 500)
