"""Unit tests for the sign-up rules, with a ``Mock`` standing in for the repository.

A ``Mock`` accepts any call with any arguments and remembers it. The assertion on
``repo.add`` therefore checks the call the service author *believes* is right; the
Mock never says whether the real ``UserRepo.add`` agrees. That is why these stay
green whatever order the arguments travel in.
"""

import sqlite3
from unittest.mock import Mock

import pytest
from service import EmailTaken, register_user


def test_valid_sign_up_stores_the_member():
    repo = Mock()
    register_user(repo, "Siti", "siti@example.com")
    repo.add.assert_called_once_with("Siti", "siti@example.com")


@pytest.mark.parametrize("name", ["", "   "])
def test_blank_name_is_rejected(name):
    repo = Mock()
    with pytest.raises(ValueError):
        register_user(repo, name, "siti@example.com")
    repo.add.assert_not_called()


def test_address_without_at_is_rejected():
    repo = Mock()
    with pytest.raises(ValueError):
        register_user(repo, "Siti", "siti.example.com")
    repo.add.assert_not_called()


def test_integrity_error_becomes_email_taken():
    """The Mock plays the database: it raises what SQLite raises on a UNIQUE clash."""
    repo = Mock()
    repo.add.side_effect = sqlite3.IntegrityError("UNIQUE constraint failed: users.email")
    with pytest.raises(EmailTaken):
        register_user(repo, "Siti", "siti@example.com")
