"""Unit tests for the user model: passwords are kept only as salted hashes."""

from app import models
from app.models import User


def test_password_is_stored_as_a_salted_hash():
    first, second = User(email="mei@example.com"), User(email="siti@example.com")
    first.set_password("kaya toast")
    second.set_password("kaya toast")
    assert "kaya toast" not in first.password_hash
    assert first.password_hash.startswith("scrypt:")
    assert first.password_hash != second.password_hash  # another salt, another hash


def test_check_password_knows_the_right_one():
    user = User(email="mei@example.com")
    user.set_password("kaya toast")
    assert user.check_password("kaya toast")
    assert not user.check_password("Kaya toast")
    assert not user.check_password("")


def test_the_app_itself_uses_werkzeugs_strong_default(monkeypatch):
    monkeypatch.undo()  # without conftest.py's quicker work factor
    assert models.PASSWORD_HASH_METHOD == "scrypt"
