"""A contract-faithful fake of the payment provider: a small Flask app, for tests only.

It keeps the provider's documented rules, the inconvenient ones included, so a
client that breaks them fails here as it would in production:

- ``POST /v1/charges`` takes form fields ``amount`` (a whole number in the smallest
  currency unit, from 50 to 99,999,999), ``currency`` (three lower-case letters)
  and ``source`` (a card token), and answers 200 with the charge;
- the test card ``tok_visa`` is charged; ``tok_chargeDeclined`` is declined (402,
  and the failed charge is recorded, as the provider does); any other token is 400;
- ``GET /v1/charges/<id>`` is one charge, ``GET /v1/charges`` all of them, newest
  first: what the provider charged, for anyone holding the key to ask;
- every request needs the secret key as the HTTP basic-auth user name, else 401.

Charges live in memory, one sandbox per ``create_sandbox()``; ``reset()`` forgets
them. ``test_sandbox.py`` holds the contract tests that keep this fake honest.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

#: The only key the sandbox accepts. A test key: it moves no money anywhere.
TEST_KEY = "sk_test_bakery"
MIN_AMOUNT = 50
MAX_AMOUNT = 99_999_999
#: The provider's test card tokens, and whether the card pays.
TEST_CARDS = {"tok_visa": True, "tok_chargeDeclined": False}


def create_sandbox(api_key: str = TEST_KEY) -> Flask:
    """A new sandbox with no charges, accepting only ``api_key``."""
    app = Flask(__name__, static_folder=None)
    charges: dict[str, dict[str, Any]] = {}  # by id, oldest first
    app.extensions["sandbox_charges"] = charges

    @app.before_request
    def authenticate() -> tuple[Response, int] | None:
        auth = request.authorization
        given = auth.username if auth is not None and auth.type == "basic" else None
        if given is None or not secrets.compare_digest(given.encode(), api_key.encode()):
            return _error(401, "invalid_request_error", "Invalid API Key provided.")
        return None

    @app.post("/v1/charges")
    def create_charge() -> tuple[Response, int]:
        form = request.form  # the provider reads form fields, never a JSON body
        for param in ("amount", "currency", "source"):
            if not form.get(param):
                message = f"Missing required param: {param}."
                return _error(400, "invalid_request_error", message, param)
        amount_text, currency, source = form["amount"], form["currency"], form["source"]
        if not re.fullmatch(r"[0-9]+", amount_text):
            return _error(400, "invalid_request_error", f"Invalid integer: {amount_text}", "amount")
        amount = int(amount_text)
        if amount < MIN_AMOUNT:
            message = f"Amount must be at least {MIN_AMOUNT} in the smallest currency unit."
            return _error(400, "invalid_request_error", message, "amount")
        if amount > MAX_AMOUNT:
            message = f"Amount must be no more than {MAX_AMOUNT:,} in the smallest currency unit."
            return _error(400, "invalid_request_error", message, "amount")
        if not re.fullmatch(r"[a-z]{3}", currency):
            message = f"Invalid currency: {currency}. Currencies are three lower-case letters."
            return _error(400, "invalid_request_error", message, "currency")
        if source not in TEST_CARDS:
            return _error(400, "invalid_request_error", f"No such token: '{source}'", "source")
        paid = TEST_CARDS[source]
        charge_id = "ch_" + secrets.token_hex(12)
        charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "amount": amount,
            "currency": currency,
            "paid": paid,
            "status": "succeeded" if paid else "failed",
        }
        if not paid:  # the provider records the failed charge and names it in the error
            message = "Your card was declined."
            return _error(402, "card_error", message, code="card_declined", charge=charge_id)
        return jsonify(charges[charge_id]), 200

    @app.get("/v1/charges/<charge_id>")
    def get_charge(charge_id: str) -> tuple[Response, int]:
        if charge_id not in charges:
            return _error(404, "invalid_request_error", f"No such charge: '{charge_id}'", "id")
        return jsonify(charges[charge_id]), 200

    @app.get("/v1/charges")
    def list_charges() -> tuple[Response, int]:
        newest_first = list(reversed(charges.values()))
        return jsonify(object="list", data=newest_first, has_more=False, url="/v1/charges"), 200

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        """Unknown URLs and methods answer in the provider's JSON, not Flask's HTML."""
        return _error(error.code or 500, "invalid_request_error", error.description or "")

    return app


def reset(sandbox: Flask) -> None:
    """Forget every charge, as if the sandbox had just been created."""
    sandbox.extensions["sandbox_charges"].clear()


def _error(
    status: int, kind: str, message: str, param: str | None = None, **extra: str
) -> tuple[Response, int]:
    """An error in the provider's shape: ``{"error": {"type", "message", ...}}``."""
    error = {"type": kind, "message": message, **extra}
    if param is not None:
        error["param"] = param
    return jsonify(error=error), status
