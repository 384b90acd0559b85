"""The bakery's customers: plain functions on an open sqlite3 connection, no Flask."""

import re
import sqlite3

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidCustomer(ValueError):
    """A blank name or a malformed email address: 400."""


class EmailTaken(Exception):
    """Another customer already registered this email address: 409."""


def add_customer(con: sqlite3.Connection, name: object, email: object) -> dict:
    """Store a new customer and return ``{"id", "name", "email"}``.

    The UNIQUE constraint on ``customers.email`` decides whether an address is taken,
    so two requests racing for one address cannot both win.
    """
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 100:
        raise InvalidCustomer("name must be a non-empty string of at most 100 characters")
    if not isinstance(email, str) or len(email) > 254 or not _EMAIL.match(email.strip()):
        raise InvalidCustomer("email must be an address like mei@example.com")
    name, email = name.strip(), email.strip()
    try:
        with con:  # commits, or rolls back on an error
            cursor = con.execute("INSERT INTO customers (name, email) VALUES (?, ?)", (name, email))
    except sqlite3.IntegrityError as error:
        raise EmailTaken(f"{email} is already registered") from error
    return {"id": cursor.lastrowid, "name": name, "email": email}


def list_customers(con: sqlite3.Connection) -> list[dict]:
    """Every customer, in the order they joined."""
    rows = con.execute("SELECT id, name, email FROM customers ORDER BY id").fetchall()
    return [{"id": id_, "name": name, "email": email} for id_, name, email in rows]
