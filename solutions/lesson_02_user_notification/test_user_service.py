"""Unit tests for the user directory alone: ids in, user dicts out."""

import pytest
from user_service import UnknownUser, UserService


def test_default_directory_knows_alice():
    assert UserService().get_user(1) == {
        "user_id": 1,
        "name": "Alice",
        "email": "alice@example.com",
    }


def test_looks_users_up_in_the_directory_it_is_given():
    users = UserService({7: {"name": "Bala", "email": "bala@example.com"}})
    assert users.get_user(7) == {"user_id": 7, "name": "Bala", "email": "bala@example.com"}


def test_unknown_id_is_a_clear_lookup_error():
    with pytest.raises(UnknownUser, match="no user with id 99"):
        UserService().get_user(99)
    assert issubclass(UnknownUser, LookupError)


def test_callers_get_a_copy_not_the_directory():
    users = UserService()
    users.get_user(1)["name"] = "Mallory"
    assert users.get_user(1)["name"] == "Alice"
