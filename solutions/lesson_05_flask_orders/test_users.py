"""Unit tests for the user service alone: a real session on a fresh database, no HTTP."""

import pytest
from app.errors import EmailTaken, InvalidInput
from app.users import create_user


def test_new_user_gets_an_id(session):
    user = create_user(session, "Mei Ling", "mei@example.com")
    assert user == {"id": user["id"], "name": "Mei Ling", "email": "mei@example.com"}
    assert isinstance(user["id"], int)


def test_taken_email_is_refused_and_the_session_goes_on(session):
    create_user(session, "Mei Ling", "mei@example.com")
    with pytest.raises(EmailTaken):
        create_user(session, "Another Mei", "mei@example.com")
    assert create_user(session, "Ahmad", "ahmad@example.com")["name"] == "Ahmad"


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("", "mei@example.com"),
        ("   ", "mei@example.com"),
        (None, "mei@example.com"),
        ("Mei Ling", "mei"),
        ("Mei Ling", "mei@example"),
        ("Mei Ling", 42),
        ("M" * 101, "mei@example.com"),
    ],
)
def test_invalid_user_is_refused(session, name, email):
    with pytest.raises(InvalidInput):
        create_user(session, name, email)
