"""Guarding routes: who does this request's session cookie say it is, if anyone?"""

import functools
import time

from flask import g, jsonify, request

from . import tokens
from .auth import SESSION_COOKIE
from .db import get_session
from .models import User


def user_id_from_token(token: str, *, now: float | None = None) -> int | None:
    """The user id a session token vouches for, or ``None``.

    ``None`` when the token is malformed, forged or expired: ``tokens`` decides, the
    same module that wrote it.
    """
    return tokens.decode(token, now=time.time() if now is None else now)


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
