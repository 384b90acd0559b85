"""The bakery's pickup book: when each order will be ready, kept in the database.

Everything that goes in or comes out is an *aware* datetime, in whatever zone the
caller likes; a naive one is refused, because nobody can tell which zone it meant.
The column type (``models.UTCDateTime``) does the converting.
"""

from datetime import datetime
from typing import NamedTuple

from models import Pickup
from sqlalchemy import select
from sqlalchemy.orm import Session


class ScheduledPickup(NamedTuple):
    customer: str
    ready_at: datetime  # aware


class PickupRepo:
    """Stores pickups and finds the ones ready in a time window."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, customer: str, ready_at: datetime) -> int:
        """Book a pickup and return its id.

        Flushes, so the row is visible to this session's queries; the caller owns
        the transaction and commits.
        """
        pickup = Pickup(customer=customer, ready_at=_aware(ready_at))
        self.session.add(pickup)
        self.session.flush()
        return pickup.id

    def between(self, start: datetime, end: datetime) -> list[ScheduledPickup]:
        """The pickups ready from ``start`` to ``end``, both included, earliest first."""
        rows = self.session.execute(
            select(Pickup.customer, Pickup.ready_at)
            .where(Pickup.ready_at >= _aware(start), Pickup.ready_at <= _aware(end))
            .order_by(Pickup.ready_at, Pickup.id)
        )
        return [ScheduledPickup(customer, ready_at) for customer, ready_at in rows]


def _aware(moment: datetime) -> datetime:
    """``moment``, checked here so a naive datetime fails with a plain ``ValueError``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime has no time zone, pass an aware one: {moment!r}")
    return moment
