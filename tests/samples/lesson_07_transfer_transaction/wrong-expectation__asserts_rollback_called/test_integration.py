"""Checks the balance, and also pins HOW the service undoes a refused transfer."""

from unittest.mock import patch

import pytest
from models import Account
from sqlalchemy.orm import Session
from transfers import TransferFailed, transfer


@pytest.mark.integration
def test_refused_transfer_is_rolled_back(engine, db_session):
    card = Account(owner="Mei Ling", balance=1000)
    db_session.add(card)
    db_session.commit()
    card_id = card.id

    with (
        patch.object(db_session, "rollback", wraps=db_session.rollback) as rollback,
        pytest.raises(TransferFailed),
    ):
        transfer(db_session, card_id, 404, 300)

    rollback.assert_called_once_with()
    with Session(engine) as other:
        assert other.get(Account, card_id).balance == 1000
