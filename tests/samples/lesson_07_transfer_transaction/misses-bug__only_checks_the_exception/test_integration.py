"""A refused transfer raises TransferFailed, but nobody looks at the balances."""

import pytest
from models import Account
from transfers import TransferFailed, transfer


@pytest.mark.integration
def test_transfer_to_an_unknown_card_is_refused(db_session):
    card = Account(owner="Mei Ling", balance=1000)
    db_session.add(card)
    db_session.commit()

    with pytest.raises(TransferFailed):
        transfer(db_session, card.id, 404, 300)
