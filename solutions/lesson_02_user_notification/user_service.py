"""The bakery's user directory: who our customers are and how to reach them."""

from collections.abc import Mapping

DEFAULT_USERS: dict[int, dict[str, str]] = {
    1: {"name": "Alice", "email": "alice@example.com"},
}


class UnknownUser(LookupError):
    """No user in the directory has this id."""


class UserService:
    """Looks users up by id in a directory of ``{user_id: {"name": ..., "email": ...}}``."""

    def __init__(self, users: Mapping[int, Mapping[str, str]] | None = None) -> None:
        source = DEFAULT_USERS if users is None else users
        self._users = {user_id: dict(record) for user_id, record in source.items()}

    def get_user(self, user_id: int) -> dict:
        """Return ``{"user_id": int, "name": str, "email": str}`` for one user.

        The dict is a fresh copy, so callers may change it without touching the
        directory. Raises ``UnknownUser`` (a ``LookupError``) for an unknown id.
        """
        try:
            record = self._users[user_id]
        except KeyError:
            raise UnknownUser(f"no user with id {user_id!r}") from None
        return {"user_id": user_id, "name": record["name"], "email": record["email"]}
