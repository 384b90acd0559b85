"""Logging in: check the password, issue a signed session token, set it as a cookie.

A session token says "this browser is user N until time T" in a form nobody can
forge without the app's secret:

    v2.<user_id>.<expires>.<signature>

``expires`` is a Unix time in whole seconds (no time zone involved) and the
signature is ``signing.sign("v2.<user_id>.<expires>")``: it covers every field, so
changing the user or stretching the expiry breaks it. Version 2 added the expiry:
a session now lasts eight hours.
"""

import time
from datetime import timedelta

from flask import Blueprint, jsonify, request
from sqlalchemy import select

from .db import get_session
from .models import User
from .signing import sign

SESSION_COOKIE = "session_token"
SESSION_LIFETIME = timedelta(hours=8)
TOKEN_VERSION = "v2"

bp = Blueprint("auth", __name__)


def issue_token(user_id: int, *, now: float | None = None) -> str:
    """A session token for ``user_id``, valid for ``SESSION_LIFETIME`` from ``now``."""
    issued_at = time.time() if now is None else now
    expires = int(issued_at + SESSION_LIFETIME.total_seconds())
    payload = f"{TOKEN_VERSION}.{user_id}.{expires}"
    return f"{payload}.{sign(payload)}"


@bp.post("/login")
def login():
    """Form fields ``email`` and ``password``: 200 and a session cookie, or 401."""
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    user = get_session().scalar(select(User).where(User.email == email))
    if user is None or not user.check_password(password):
        return jsonify(error="wrong email or password"), 401
    response = jsonify(id=user.id, email=user.email)
    response.set_cookie(
        SESSION_COOKIE,
        issue_token(user.id),
        max_age=int(SESSION_LIFETIME.total_seconds()),
        secure=True,  # only over HTTPS (browsers make an exception for localhost)
        httponly=True,  # out of reach of JavaScript, so of injected scripts too
        samesite="Lax",  # not sent with another site's cross-site POST
    )
    return response
