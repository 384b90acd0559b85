"""The session token's one definition, imported by the side that issues tokens and
the side that checks them, so the two cannot drift apart again:

    v2.<user_id>.<expires>.<signature>

``expires`` is a Unix time in whole seconds (no time zone involved); the signature
is ``signing.sign("v2.<user_id>.<expires>")``, over every field.
"""

import re

from .signing import sign, signature_matches

VERSION = "v2"
_TOKEN = re.compile(
    r"v2\.(?P<user_id>[0-9]{1,18})\.(?P<expires>[0-9]{1,12})\.(?P<signature>[0-9a-f]{64})"
)


def encode(user_id: int, expires: int) -> str:
    """A signed token saying "user ``user_id`` until ``expires``"."""
    payload = f"{VERSION}.{user_id}.{expires}"
    return f"{payload}.{sign(payload)}"


def decode(token: str, *, now: float) -> int | None:
    """The user id in ``token``, or ``None`` if it is malformed, forged or expired."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        return None
    if not signature_matches(token.rpartition(".")[0], match["signature"]):
        return None
    if int(match["expires"]) <= now:
        return None
    return int(match["user_id"])
