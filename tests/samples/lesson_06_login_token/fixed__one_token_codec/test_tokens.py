"""Unit tests for the token codec: what ``encode`` writes, ``decode`` reads back."""

import pytest
from app import tokens

NOW = 1_700_000_000


@pytest.fixture(autouse=True)
def app_context(app):
    with app.app_context():
        yield


def test_round_trip():
    assert tokens.decode(tokens.encode(7, NOW + 60), now=NOW) == 7


def test_expired_token_is_refused():
    assert tokens.decode(tokens.encode(7, NOW), now=NOW) is None


def test_every_field_is_signed():
    token = tokens.encode(7, NOW + 60)
    assert tokens.decode(token.replace("v2.7.", "v2.8.", 1), now=NOW) is None
    assert tokens.decode(token.replace(f".{NOW + 60}.", f".{NOW + 3600}.", 1), now=NOW) is None


@pytest.mark.parametrize("token", ["", "7", "v2.7", "v2.7.1700003600.zz", "ä.ö"])
def test_malformed_tokens_are_refused(token):
    assert tokens.decode(token, now=NOW) is None
