"""Logging in: check the password, issue a signed session token, set it as a cookie.

A session token says "this browser is user N until time T" in a form nobody can
forge without the app's secret. Its format lives in ``tokens``, the one module both
this side and the guard import. A session lasts eight hours.
"""

import time
from datetime import timedelta

from flask import Blueprint, jsonify, request
from sqlalchemy import select

from . import tokens
from .db import get_session
from .models import User

SESSION_COOKIE = "session_token"
SESSION_LIFETIME = timedelta(hours=8)

bp = Blueprint("auth", __name__)


def issue_token(user_id: int, *, now: float | None = None) -> str:
    """A session token for ``user_id``, valid for ``SESSION_LIFETIME`` from ``now``."""
    issued_at = time.time() if now is None else now
    expires = int(issued_at + SESSION_LIFETIME.total_seconds())
    return tokens.encode(user_id, expires)


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
