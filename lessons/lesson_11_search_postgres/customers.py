"""Customer search for the support staff: part of a name or an email, as they type it."""

from models import Customer
from sqlalchemy import or_, select
from sqlalchemy.orm import Session


def search(session: Session, text: str) -> list[str]:
    """The emails of the customers whose name or email contains ``text``, ignoring case.

    Staff type what they hear on the phone ("ALICE", "tan"), so case must not matter.
    What they type is plain text, not a pattern: ``autoescape`` makes a ``%`` or ``_``
    in it match itself instead of "anything".
    """
    statement = (
        select(Customer.email)
        .where(
            or_(
                Customer.name.contains(text, autoescape=True),
                Customer.email.contains(text, autoescape=True),
            )
        )
        .order_by(Customer.email)
    )
    return list(session.scalars(statement))
