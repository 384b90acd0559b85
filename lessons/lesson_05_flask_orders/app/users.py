"""Registering the bakery's customers."""

import re

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import EmailTaken, InvalidInput
from .models import User

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_user(session: Session, name: object, email: object) -> dict:
    """Store a new user and return ``{"id", "name", "email"}``.

    Raises ``InvalidInput`` for a blank name or a malformed email, and ``EmailTaken``
    when the address is in use. The UNIQUE constraint on ``users.email`` decides, so
    two requests racing for one address cannot both win.
    """
    # The lengths are the columns'; checked here because SQLite does not enforce them.
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 100:
        raise InvalidInput("name must be a non-empty string of at most 100 characters")
    if not isinstance(email, str) or len(email) > 254 or not _EMAIL.match(email.strip()):
        raise InvalidInput("email must be an address like mei@example.com")
    user = User(name=name.strip(), email=email.strip())
    session.add(user)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise EmailTaken(f"{user.email} is already registered") from error
    return {"id": user.id, "name": user.name, "email": user.email}
