"""The bakery's loyalty club members, kept in SQLite.

The repository is the only code that speaks SQL. It works on any connection
whose ``users`` table has a ``name`` and an ``email`` column.
"""

import sqlite3


def create_schema(con: sqlite3.Connection) -> None:
    """Create the ``users`` table if it is missing.

    ``email`` is UNIQUE: the database, not Python code, guarantees one member per
    address, even when two sign-ups arrive at the same moment.
    """
    with con:
        con.execute(
            """
            CREATE TABLE IF NOT EXISTS users (
                name  TEXT NOT NULL,
                email TEXT NOT NULL UNIQUE
            )
            """
        )


class UserRepo:
    """Stores and looks up members by email address."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def add(self, name: str, email: str) -> None:
        """Store one member and commit.

        Raises ``sqlite3.IntegrityError`` when the email is already stored (UNIQUE).
        """
        with self.con:  # commits on success, rolls back on error
            self.con.execute(
                "INSERT INTO users (name, email) VALUES (?, ?)",
                (name, email),
            )

    def find(self, email: str) -> str | None:
        """The name of the member with this email, or ``None`` if there is none."""
        row = self.con.execute(
            "SELECT name FROM users WHERE email = ?",
            (email,),
        ).fetchone()
        return None if row is None else row[0]
