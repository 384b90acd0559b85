"""Signatures for session tokens: HMAC-SHA256 under the app's ``TOKEN_SECRET``.

Shared by the side that issues tokens and the side that checks them, so both use
the same key and the same algorithm.
"""

import hashlib
import hmac

from flask import current_app


def sign(payload: str) -> str:
    """The signature of ``payload``: 64 hex digits."""
    key = current_app.config["TOKEN_SECRET"].encode()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def signature_matches(payload: str, signature: str) -> bool:
    """Whether ``signature`` is the signature of ``payload``.

    ``hmac.compare_digest`` takes as long for a near miss as for a wild guess, so the
    answer's timing does not tell an attacker how many leading digits were right.
    """
    return hmac.compare_digest(sign(payload).encode(), signature.encode())
