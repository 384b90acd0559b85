"""The course material's transfer test: the happy path only."""

import pytest
from models import Account
from transfers import transfer


@pytest.mark.integration
def test_transfer(db_session):
    account_a = Account(balance=1000)
    account_b = Account(balance=500)
    db_session.add_all([account_a, account_b])
    db_session.commit()

    transfer(db_session, account_a.id, account_b.id, 300)

    assert account_a.balance == 700
    assert account_b.balance == 800
