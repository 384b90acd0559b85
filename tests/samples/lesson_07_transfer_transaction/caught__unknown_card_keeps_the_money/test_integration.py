"""A transfer to a card that does not exist must not cost the sender anything."""

import pytest
from models import Account
from sqlalchemy.orm import Session
from transfers import TransferFailed, transfer


@pytest.mark.integration
def test_transfer_to_an_unknown_card_keeps_the_money(engine, db_session):
    card = Account(owner="Mei Ling", balance=1000)
    db_session.add(card)
    db_session.commit()
    card_id = card.id

    with pytest.raises(TransferFailed):
        transfer(db_session, card_id, 404, 300)

    with Session(engine) as next_customer:
        assert next_customer.get(Account, card_id).balance == 1000
