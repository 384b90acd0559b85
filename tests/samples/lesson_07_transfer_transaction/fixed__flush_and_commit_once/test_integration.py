"""A day at the till: several transfers, some refused; no cent appears or vanishes."""

import pytest
from models import Account
from sqlalchemy.orm import Session
from transfers import TransferFailed, transfer


@pytest.mark.integration
def test_a_day_of_transfers_keeps_every_cent(engine, db_session):
    cards = [
        Account(owner="Mei Ling", balance=1000),
        Account(owner="Ahmad", balance=500),
        Account(owner="Siti", balance=0),
    ]
    db_session.add_all(cards)
    db_session.commit()
    mei_ling, ahmad, siti = (card.id for card in cards)

    transfer(db_session, mei_ling, ahmad, 200)
    for from_id, to_id, amount in [
        (mei_ling, 999, 100),  # no such card
        (siti, mei_ling, 100),  # an empty card
        (ahmad, siti, 800),  # more than Ahmad holds
    ]:
        with pytest.raises(TransferFailed):
            transfer(db_session, from_id, to_id, amount)
    transfer(db_session, ahmad, siti, 300)

    with Session(engine) as tomorrow:
        balances = [tomorrow.get(Account, card_id).balance for card_id in (mei_ling, ahmad, siti)]
    assert balances == [800, 400, 300]
