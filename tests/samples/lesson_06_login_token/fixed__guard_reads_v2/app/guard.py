"""Guarding routes: who does this request's session cookie say it is, if anyone?"""

import functools
import time

from flask import g, jsonify, request

from .auth import SESSION_COOKIE
from .db import get_session
from .models import User
from .signing import signature_matches


def user_id_from_token(token: str, *, now: float | None = None) -> int | None:
    """The user id a session token vouches for, or ``None``.

    A token is ``v2.<user_id>.<expires>.<signature>``, as ``auth.issue_token`` writes
    it; the signature covers ``v2.<user_id>.<expires>``. ``None`` when it is
    malformed, the signature does not match, or it has expired.
    """
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != "v2":
        return None
    _, user_id, expires, signature = parts
    if not (_is_number(user_id) and _is_number(expires)):
        return None
    if not signature_matches(f"v2.{user_id}.{expires}", signature):
        return None
    if int(expires) <= (time.time() if now is None else now):
        return None
    return int(user_id)


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18


def login_required(view):
    """Let the request through only with a valid session; the user is then ``g.user``."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        token = request.cookies.get(SESSION_COOKIE)
        user_id = None if token is None else user_id_from_token(token)
        user = None if user_id is None else get_session().get(User, user_id)
        if user is None:  # no cookie, a bad token, or an account since deleted
            return jsonify(error="log in first"), 401
        g.user = user
        return view(*args, **kwargs)

    return guarded
