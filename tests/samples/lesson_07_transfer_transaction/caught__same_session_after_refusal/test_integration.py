"""Refused transfers, checked in the test's own session once the transfer is over."""

import pytest
from models import Account
from transfers import TransferFailed, transfer


@pytest.fixture
def two_cards(db_session):
    sender = Account(owner="Siti", balance=2000)
    receiver = Account(owner="Ahmad", balance=0)
    db_session.add_all([sender, receiver])
    db_session.commit()
    return sender, receiver


@pytest.mark.integration
def test_refused_transfer_to_an_unknown_card(db_session, two_cards):
    sender, receiver = two_cards
    with pytest.raises(TransferFailed):
        transfer(db_session, sender.id, 999, 500)
    assert db_session.get(Account, sender.id).balance == 2000


@pytest.mark.integration
def test_refused_transfer_of_too_much(db_session, two_cards):
    sender, receiver = two_cards
    with pytest.raises(TransferFailed):
        transfer(db_session, sender.id, receiver.id, 2500)
    assert db_session.get(Account, sender.id).balance == 2000
    assert db_session.get(Account, receiver.id).balance == 0
