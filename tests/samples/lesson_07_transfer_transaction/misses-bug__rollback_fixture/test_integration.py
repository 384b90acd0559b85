"""One shared, seeded test database, and every test wrapped in a rolled-back transaction."""

import pytest
from models import Account, Base
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from transfers import TransferFailed, transfer


@pytest.fixture(scope="module")
def shared_engine(tmp_path_factory):
    """The test database, created and seeded once for the whole module."""
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('shared') / 'test.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all(
            [
                Account(id=1, owner="Mei Ling", balance=1000),
                Account(id=2, owner="Ahmad", balance=500),
            ]
        )
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def session(shared_engine):
    """A session inside a transaction that is rolled back after the test."""
    connection = shared_engine.connect()
    outer = connection.begin()
    session = Session(bind=connection)
    yield session
    session.close()
    outer.rollback()
    connection.close()


@pytest.mark.integration
def test_transfer_moves_the_money(session):
    transfer(session, 1, 2, 300)
    assert session.get(Account, 1).balance == 700
    assert session.get(Account, 2).balance == 800


@pytest.mark.integration
def test_transfer_to_an_unknown_card_changes_nothing(session):
    with pytest.raises(TransferFailed):
        transfer(session, 1, 404, 300)
    assert session.get(Account, 1).balance == 1000
