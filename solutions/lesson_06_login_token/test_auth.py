"""Unit tests for the issuing side: the token ``issue_token`` writes, and ``POST /login``.

They check what login hands out (a version 2 token, signed over all its fields) by
recomputing the signature here with ``hmac``. No request here ever sends the
cookie back: what the guard makes of it is ``test_guard.py``'s business.
"""

import hashlib
import hmac

import pytest
from app import TEST_TOKEN_SECRET
from app.auth import issue_token
from app.models import User

EIGHT_HOURS = 8 * 60 * 60


def expected_signature(payload: str) -> str:
    return hmac.new(TEST_TOKEN_SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
def mei(db_session):
    user = User(email="mei@example.com")
    user.set_password("kaya toast")
    db_session.add(user)
    db_session.commit()
    return user


def test_token_is_version_2_and_signed_over_every_field(app):
    with app.app_context():
        token = issue_token(7, now=1_700_000_000)
    payload = f"v2.7.{1_700_000_000 + EIGHT_HOURS}"  # version, user id, expiry
    assert token == f"{payload}.{expected_signature(payload)}"


def test_token_expiry_is_a_whole_unix_second(app):
    with app.app_context():
        token = issue_token(7, now=1_700_000_000.75)
    assert token.split(".")[2] == str(1_700_000_000 + EIGHT_HOURS)


def test_login_answers_with_the_user_and_sets_the_session_cookie(client, mei):
    response = client.post("/login", data={"email": "mei@example.com", "password": "kaya toast"})

    assert response.status_code == 200
    assert response.get_json() == {"id": mei.id, "email": "mei@example.com"}
    cookie = client.get_cookie("session_token")
    assert cookie is not None
    assert cookie.value.startswith(f"v2.{mei.id}.")
    assert cookie.http_only and cookie.secure and cookie.same_site == "Lax"


@pytest.mark.parametrize(
    "form",
    [
        {"email": "mei@example.com", "password": "roti"},
        {"email": "nobody@example.com", "password": "kaya toast"},
        {"email": "mei@example.com"},
        {},
    ],
)
def test_bad_credentials_are_401_without_a_cookie(client, mei, form):
    response = client.post("/login", data=form)
    assert response.status_code == 401
    assert response.get_json() == {"error": "wrong email or password"}
    assert client.get_cookie("session_token") is None
