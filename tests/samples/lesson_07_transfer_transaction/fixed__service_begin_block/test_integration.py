"""Transfers between real cards in a real database, checked from a second session."""

import pytest
from models import Account
from sqlalchemy.orm import Session
from transfers import TransferFailed, transfer


def open_cards(db_session, *balances):
    cards = [Account(owner=f"customer {n}", balance=cents) for n, cents in enumerate(balances)]
    db_session.add_all(cards)
    db_session.commit()
    return [card.id for card in cards]


def seen_by_the_next_customer(engine, card_ids):
    with Session(engine) as other:
        return [other.get(Account, card_id).balance for card_id in card_ids]


@pytest.mark.integration
def test_transfer_moves_credit_between_cards(engine, db_session):
    ids = open_cards(db_session, 1500, 200)
    transfer(db_session, ids[0], ids[1], 450)
    assert seen_by_the_next_customer(engine, ids) == [1050, 650]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("receiver", "amount"),
    [("unknown", 450), ("known", 1501)],
    ids=["unknown-receiver", "too-little-credit"],
)
def test_refused_transfer_leaves_every_balance_as_it_was(engine, db_session, receiver, amount):
    ids = open_cards(db_session, 1500, 200)
    to_id = ids[1] if receiver == "known" else 12345
    with pytest.raises(TransferFailed):
        transfer(db_session, ids[0], to_id, amount)
    db_session.commit()  # whatever the session still holds would be published now
    assert seen_by_the_next_customer(engine, ids) == [1500, 200]
