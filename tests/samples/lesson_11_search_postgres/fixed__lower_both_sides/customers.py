"""Customer search for the support staff: part of a name or an email, as they type it."""

from models import Customer
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session


def search(session: Session, text: str) -> list[str]:
    """The emails of the customers whose name or email contains ``text``, ignoring case.

    Lowering both sides (the column in SQL, the text in Python) makes LIKE ignore
    case on SQLite and PostgreSQL alike. ``autoescape`` keeps % and _ literal.
    """
    needle = text.lower()
    statement = (
        select(Customer.email)
        .where(
            or_(
                func.lower(Customer.name).contains(needle, autoescape=True),
                func.lower(Customer.email).contains(needle, autoescape=True),
            )
        )
        .order_by(Customer.email)
    )
    return list(session.scalars(statement))
