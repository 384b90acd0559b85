"""Sign-up rules for the loyalty club: check the input, store the member."""

import sqlite3

from repo import UserRepo


class EmailTaken(Exception):
    """Someone already registered with this email address."""


def register_user(repo: UserRepo, name: str, email: str) -> None:
    """Register a new member through ``repo``.

    Raises ``ValueError`` for a blank name or an address without ``@``. Signing
    up again with a registered address is harmless: the database's UNIQUE
    constraint keeps the first member, and nothing changes.
    """
    if not name.strip():
        raise ValueError("a member needs a name")
    if "@" not in email:
        raise ValueError(f"not an email address: {email!r}")
    try:
        repo.add(name=name, email=email)
    except sqlite3.IntegrityError:
        return  # already a member: signing up twice changes nothing
