"""Unit tests for the transfer rules, with a ``Mock`` standing in for the repository.

``transfers.AccountRepo`` is replaced by a Mock, and the session by a MagicMock
(it can stand in for the ``with session.begin():`` block). The tests check the
service's side of the bargain: which repository calls it makes, that both run
inside one ``begin()`` block, and that a refusal leaves the block with the error,
which rolls it back. A Mock repository never touches the session, so these tests
cannot see what the real repository does to the transaction.
"""

from unittest.mock import MagicMock, Mock, call

import pytest
import transfers
from accounts import InsufficientFunds, UnknownAccount
from transfers import TransferFailed, transfer


@pytest.fixture
def repo(monkeypatch):
    repo = Mock(name="AccountRepo()")
    monkeypatch.setattr(transfers, "AccountRepo", Mock(return_value=repo))
    return repo


@pytest.fixture
def session():
    session = MagicMock(name="session")
    session.in_transaction.return_value = False
    session.begin.return_value.__exit__.return_value = False  # never swallow an error
    return session


def test_transfer_runs_both_sides_in_one_begin_block(repo, session):
    transfer(session, 1, 2, 300)
    assert repo.mock_calls == [call.withdraw(1, 300), call.deposit(2, 300)]
    session.begin.assert_called_once_with()
    # Left without an error: the block commits.
    session.begin.return_value.__exit__.assert_called_once_with(None, None, None)


def test_refused_withdrawal_leaves_the_block_with_the_error_and_raises(repo, session):
    repo.withdraw.side_effect = InsufficientFunds("account 1 holds 100 cents, 300 asked")
    with pytest.raises(TransferFailed):
        transfer(session, 1, 2, 300)
    repo.deposit.assert_not_called()
    error_type = session.begin.return_value.__exit__.call_args.args[0]
    assert error_type is InsufficientFunds  # the block rolls back


def test_refused_deposit_leaves_the_block_with_the_error_and_raises(repo, session):
    repo.deposit.side_effect = UnknownAccount("no account 99")
    with pytest.raises(TransferFailed) as failure:
        transfer(session, 1, 99, 300)
    assert isinstance(failure.value.__cause__, UnknownAccount)
    error_type = session.begin.return_value.__exit__.call_args.args[0]
    assert error_type is UnknownAccount  # the block rolls back


def test_a_transaction_the_caller_left_open_is_ended_first(repo, session):
    session.in_transaction.return_value = True
    transfer(session, 1, 2, 300)
    assert session.mock_calls[:3] == [call.in_transaction(), call.commit(), call.begin()]
