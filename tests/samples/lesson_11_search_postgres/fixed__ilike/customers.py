"""Customer search for the support staff: part of a name or an email, as they type it."""

from models import Customer
from sqlalchemy import or_, select
from sqlalchemy.orm import Session


def search(session: Session, text: str) -> list[str]:
    """The emails of the customers whose name or email contains ``text``, ignoring case.

    ILIKE is case-insensitive on PostgreSQL (SQLAlchemy emulates it with lower() on
    SQLite). The text is plain text, so LIKE's wildcards in it are escaped.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    statement = (
        select(Customer.email)
        .where(
            or_(
                Customer.name.ilike(pattern, escape="\\"),
                Customer.email.ilike(pattern, escape="\\"),
            )
        )
        .order_by(Customer.email)
    )
    return list(session.scalars(statement))
