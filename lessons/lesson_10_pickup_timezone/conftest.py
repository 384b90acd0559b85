"""Fixtures shared by every test in this lesson.

Isolation strategy: a fresh in-memory database per test. Nothing to roll back,
nothing to truncate, and no file left behind.
"""

import os
import time
from collections.abc import Callable, Iterator

import pytest
from models import Base
from pickups import PickupRepo
from sqlalchemy import create_engine
from sqlalchemy.orm import Session


@pytest.fixture
def db_session() -> Iterator[Session]:
    """A SQLAlchemy session on a new in-memory SQLite database with the tables."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def repo(db_session: Session) -> PickupRepo:
    """The real repository on that fresh database."""
    return PickupRepo(db_session)


@pytest.fixture
def machine_time_zone() -> Iterator[Callable[[str], None]]:
    """Change this process's local time zone for one test: ``machine_time_zone("UTC")``.

    Code that quietly uses the machine's zone (``datetime.now()``, ``.astimezone()``
    with no argument, ``.timestamp()`` of a naive datetime) answers differently
    after the change; code that does not, answers the same. The old zone is put
    back after the test. ``time.tzset()`` exists on Unix only: elsewhere only the
    ``TZ`` variable changes.
    """
    saved = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        _apply_tz()

    yield set_zone
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    _apply_tz()


def _apply_tz() -> None:
    if hasattr(time, "tzset"):
        time.tzset()
