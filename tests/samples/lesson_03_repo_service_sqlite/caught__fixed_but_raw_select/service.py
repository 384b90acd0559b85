"""Sign-up rules for the loyalty club: check the input, store the member."""

import sqlite3

from repo import UserRepo


class EmailTaken(Exception):
    """Someone already registered with this email address."""


def register_user(repo: UserRepo, name: str, email: str) -> None:
    """Register a new member through ``repo``.

    Raises ``ValueError`` for a blank name or an address without ``@``, and
    ``EmailTaken`` when the address is already registered. The database's UNIQUE
    constraint decides that, so a check-then-insert race cannot let a twin in.
    """
    if not name.strip():
        raise ValueError("a member needs a name")
    if "@" not in email:
        raise ValueError(f"not an email address: {email!r}")
    try:
        repo.add(name, email)
    except sqlite3.IntegrityError as exc:
        raise EmailTaken(email) from exc
