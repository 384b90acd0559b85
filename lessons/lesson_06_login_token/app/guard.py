"""Guarding routes: who does this request's session cookie say it is, if anyone?"""

import functools
import re

from flask import g, jsonify, request

from .auth import SESSION_COOKIE
from .db import get_session
from .models import User
from .signing import signature_matches

_TOKEN = re.compile(r"(?P<user_id>[0-9]{1,18})\.(?P<signature>[0-9a-f]{64})")


def user_id_from_token(token: str) -> int | None:
    """The user id a session token vouches for, or ``None``.

    A token is ``<user_id>.<signature>``, the signature made with ``signing.sign``
    over the user id. ``None`` when it is malformed or the signature does not match.
    """
    match = _TOKEN.fullmatch(token)
    if match is None:
        return None
    if not signature_matches(match["user_id"], match["signature"]):
        return None
    return int(match["user_id"])


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
