"""Unit tests for the transfer rules, with a ``Mock`` standing in for the repository.

``transfers.AccountRepo`` is replaced by a Mock, and the session by another. The
tests check the service's side of the bargain: which repository calls it makes, and
that it commits once on success and rolls back on failure. A Mock repository never
touches the session, so these tests cannot see what the real repository does to
the transaction the service believes it owns.
"""

from unittest.mock import Mock, call

import pytest
import transfers
from accounts import InsufficientFunds, UnknownAccount
from transfers import TransferFailed, transfer


@pytest.fixture
def repo(monkeypatch):
    repo = Mock(name="AccountRepo()")
    monkeypatch.setattr(transfers, "AccountRepo", Mock(return_value=repo))
    return repo


def test_transfer_withdraws_deposits_and_commits_once(repo):
    session = Mock(name="session")
    transfer(session, 1, 2, 300)
    assert repo.mock_calls == [call.withdraw(1, 300), call.deposit(2, 300)]
    session.commit.assert_called_once_with()
    session.rollback.assert_not_called()


def test_refused_withdrawal_rolls_back_and_raises(repo):
    session = Mock(name="session")
    repo.withdraw.side_effect = InsufficientFunds("account 1 holds 100 cents, 300 asked")
    with pytest.raises(TransferFailed):
        transfer(session, 1, 2, 300)
    repo.deposit.assert_not_called()
    session.rollback.assert_called_once_with()
    session.commit.assert_not_called()


def test_refused_deposit_rolls_back_and_raises(repo):
    session = Mock(name="session")
    repo.deposit.side_effect = UnknownAccount("no account 99")
    with pytest.raises(TransferFailed) as failure:
        transfer(session, 1, 99, 300)
    assert isinstance(failure.value.__cause__, UnknownAccount)
    session.rollback.assert_called_once_with()
    session.commit.assert_not_called()
