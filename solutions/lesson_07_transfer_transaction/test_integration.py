"""Reference integration tests: the real service, the real repository, real SQLite.

Nothing is mocked. ``db_session`` and ``engine`` (conftest.py) give every test a
fresh database file. The test sets up its cards and commits them, runs
``transfer`` on ``db_session``, and then reads the balances through a NEW session:
only what was really committed is there, as the next customer at the till sees it.
"""

import pytest
from models import Account
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from transfers import TransferFailed, transfer

pytestmark = pytest.mark.integration


def committed_balances(engine, *account_ids):
    """The balances as committed, read through a session of their own."""
    with Session(engine) as fresh:
        return [fresh.get(Account, account_id).balance for account_id in account_ids]


def money_in_the_bakery(engine):
    """The sum of every committed balance: a transfer never changes it."""
    with Session(engine) as fresh:
        return fresh.scalar(select(func.sum(Account.balance)))


@pytest.fixture
def cards(db_session):
    """Mei Ling's card with 10.00 and Ahmad's with 5.00, committed; their ids."""
    mei_ling = Account(owner="Mei Ling", balance=1000)
    ahmad = Account(owner="Ahmad", balance=500)
    db_session.add_all([mei_ling, ahmad])
    db_session.commit()
    return mei_ling.id, ahmad.id


def test_transfer_moves_the_money_and_commits_it(engine, db_session, cards):
    mei_ling, ahmad = cards
    transfer(db_session, mei_ling, ahmad, 300)
    assert committed_balances(engine, mei_ling, ahmad) == [700, 800]


def test_transfer_to_an_unknown_card_changes_nothing(engine, db_session, cards):
    mei_ling, ahmad = cards
    with pytest.raises(TransferFailed):
        transfer(db_session, mei_ling, 404, 300)
    assert committed_balances(engine, mei_ling, ahmad) == [1000, 500]
    assert money_in_the_bakery(engine) == 1500


def test_transfer_beyond_the_balance_changes_nothing(engine, db_session, cards):
    mei_ling, ahmad = cards
    with pytest.raises(TransferFailed):
        transfer(db_session, mei_ling, ahmad, 1500)
    assert committed_balances(engine, mei_ling, ahmad) == [1000, 500]
    # The session is still fine to use, and the next transfer commits only itself.
    transfer(db_session, mei_ling, ahmad, 100)
    assert committed_balances(engine, mei_ling, ahmad) == [900, 600]
    assert money_in_the_bakery(engine) == 1500
