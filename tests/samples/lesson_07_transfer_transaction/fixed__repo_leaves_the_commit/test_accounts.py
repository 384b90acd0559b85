"""Unit tests for the repository, on a real SQLite database (the ``db_session`` fixture).

They are honest and they pass: each method does what its docstring says. They call
the repository alone, one method at a time, so they cannot say how its writes
combine with anyone else's into one transaction.
"""

import pytest
from accounts import AccountRepo, InsufficientFunds, UnknownAccount
from models import Account
from sqlalchemy.orm import Session


@pytest.fixture
def card(db_session):
    """Mei Ling's card with 20.00 on it, committed."""
    account = Account(owner="Mei Ling", balance=2000)
    db_session.add(account)
    db_session.commit()
    return account


def test_get_returns_the_card(db_session, card):
    assert AccountRepo(db_session).get(card.id).owner == "Mei Ling"


def test_get_unknown_card_raises(db_session):
    with pytest.raises(UnknownAccount):
        AccountRepo(db_session).get(404)


def test_withdraw_lowers_the_balance(db_session, card):
    assert AccountRepo(db_session).withdraw(card.id, 500) == 1500
    assert card.balance == 1500


def test_withdraw_may_empty_the_card(db_session, card):
    assert AccountRepo(db_session).withdraw(card.id, 2000) == 0


def test_withdraw_more_than_the_balance_is_refused(db_session, card):
    with pytest.raises(InsufficientFunds):
        AccountRepo(db_session).withdraw(card.id, 2001)
    assert card.balance == 2000


def test_deposit_raises_the_balance(db_session, card):
    assert AccountRepo(db_session).deposit(card.id, 250) == 2250


def test_deposit_to_an_unknown_card_raises(db_session):
    with pytest.raises(UnknownAccount):
        AccountRepo(db_session).deposit(404, 250)


@pytest.mark.parametrize("amount", [0, -100])
def test_amount_must_be_positive(db_session, card, amount):
    repo = AccountRepo(db_session)
    with pytest.raises(ValueError):
        repo.withdraw(card.id, amount)
    with pytest.raises(ValueError):
        repo.deposit(card.id, amount)


def test_changes_are_the_callers_to_commit(engine, db_session, card):
    """Another session sees a change only once the caller commits it."""
    AccountRepo(db_session).withdraw(card.id, 500)
    with Session(engine) as other:
        assert other.get(Account, card.id).balance == 2000
    db_session.commit()
    with Session(engine) as other:
        assert other.get(Account, card.id).balance == 1500
