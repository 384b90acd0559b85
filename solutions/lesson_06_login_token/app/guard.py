"""Guarding routes: who does this request's session cookie say it is, if anyone?"""

import functools
import re
import time

from flask import g, jsonify, request

from .auth import SESSION_COOKIE
from .db import get_session
from .models import User
from .signing import signature_matches

_TOKEN = re.compile(
    r"v2\.(?P<user_id>[0-9]{1,18})\.(?P<expires>[0-9]{1,12})\.(?P<signature>[0-9a-f]{64})"
)


def user_id_from_token(token: str, *, now: float | None = None) -> int | None:
    """The user id a session token vouches for, or ``None``.

    A token is ``v2.<user_id>.<expires>.<signature>`` (see ``auth``). ``None`` when it
    is malformed, its signature does not match every other field, or it has expired.
    """
    match = _TOKEN.fullmatch(token)
    if match is None:
        return None
    payload = token.rpartition(".")[0]
    if not signature_matches(payload, match["signature"]):
        return None
    if int(match["expires"]) <= (time.time() if now is None else now):
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
