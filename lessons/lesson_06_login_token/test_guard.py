"""Unit tests for the checking side: ``user_id_from_token`` and ``login_required``.

Tokens here are minted by hand, by ``mint_token`` below, in the format the guard
reads; nothing here logs in. So these tests say what the guard accepts, not whether
that is what login hands out: that is ``test_auth.py``'s half of the story.
"""

import hashlib
import hmac

import pytest
from app import TEST_TOKEN_SECRET
from app.guard import user_id_from_token
from app.models import User


def mint_token(user_id: int, secret: str = TEST_TOKEN_SECRET) -> str:
    """A session token as the guard reads it: ``<user_id>.<signature>``."""
    payload = str(user_id)
    signature = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{signature}"


@pytest.fixture
def check(app):
    """``user_id_from_token`` inside the app (for its secret)."""
    with app.app_context():
        yield user_id_from_token


def test_a_valid_token_names_its_user(check):
    assert check(mint_token(7)) == 7


def test_an_edited_user_id_breaks_the_signature(check):
    token = mint_token(7)
    assert check(token.replace("7.", "8.", 1)) is None


def test_a_token_signed_with_another_secret_is_refused(check):
    assert check(mint_token(7, secret="someone else's secret")) is None


@pytest.mark.parametrize(
    "token",
    ["", "7", "7.", "seven.abc", "7.zz", "ä.ö"],
)
def test_malformed_tokens_are_refused(check, token):
    assert check(token) is None


@pytest.fixture
def mei(db_session):
    user = User(email="mei@example.com")
    user.set_password("kaya toast")
    db_session.add(user)
    db_session.commit()
    return user


def test_me_answers_with_the_user_the_cookie_names(client, mei):
    client.set_cookie("session_token", mint_token(mei.id))
    response = client.get("/api/me")
    assert response.status_code == 200
    assert response.get_json() == {"id": mei.id, "email": "mei@example.com"}


def test_me_without_a_cookie_is_401(client, mei):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.get_json() == {"error": "log in first"}


def test_me_for_a_user_who_no_longer_exists_is_401(client, mei):
    client.set_cookie("session_token", mint_token(mei.id + 1))
    assert client.get("/api/me").status_code == 401
