"""Moving credit from one bakery card to another: all or nothing."""

from accounts import AccountError, AccountRepo
from sqlalchemy.orm import Session


class TransferFailed(Exception):
    """The transfer was refused; neither balance changed."""


def transfer(session: Session, from_id: int, to_id: int, amount: int) -> None:
    """Move ``amount`` cents from card ``from_id`` to card ``to_id``.

    The transfer is one unit of work and this function owns its transaction: it
    commits once when both sides succeeded, and rolls back when either side is
    refused (an unknown card, too little credit), then raises ``TransferFailed``.
    """
    repo = AccountRepo(session)
    try:
        repo.withdraw(from_id, amount)
        repo.deposit(to_id, amount)
    except AccountError as exc:
        session.rollback()
        raise TransferFailed(str(exc)) from exc
    session.commit()
