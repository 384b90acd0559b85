"""Reading and changing card balances: the only code that touches ``Account`` rows.

The repository works inside its caller's unit of work. It changes balances in the
session it was given and leaves ``commit()`` and ``rollback()`` to whoever owns
the transaction, so several changes can succeed or fail together.
"""

from models import Account
from sqlalchemy.orm import Session


class AccountError(Exception):
    """A change to a balance was refused."""


class UnknownAccount(AccountError):
    """No card has this account id."""


class InsufficientFunds(AccountError):
    """The card holds less than the amount asked for."""


class AccountRepo:
    """Looks up cards and moves money on and off them, in whole cents."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, account_id: int) -> Account:
        """The card with this id; ``UnknownAccount`` if there is none."""
        account = self.session.get(Account, account_id)
        if account is None:
            raise UnknownAccount(f"no account {account_id}")
        return account

    def withdraw(self, account_id: int, amount: int) -> int:
        """Take ``amount`` cents off the card and return its new balance.

        A card never goes below zero: ``InsufficientFunds`` if it holds too little.
        """
        _check_amount(amount)
        account = self.get(account_id)
        if account.balance < amount:
            raise InsufficientFunds(
                f"account {account_id} holds {account.balance} cents, {amount} asked"
            )
        account.balance -= amount
        return account.balance

    def deposit(self, account_id: int, amount: int) -> int:
        """Put ``amount`` cents on the card and return its new balance."""
        _check_amount(amount)
        account = self.get(account_id)
        account.balance += amount
        return account.balance


def _check_amount(amount: int) -> None:
    if amount <= 0:
        raise ValueError(f"an amount must be a positive number of cents, not {amount!r}")
