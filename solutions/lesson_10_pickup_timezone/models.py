"""The pickups table, as a plain SQLAlchemy 2.x declarative model."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import DateTime, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: The bakery's time zone. Singapore keeps no daylight saving time, so a fixed
#: offset is the whole truth about it: no time-zone database needed.
SGT = timezone(timedelta(hours=8))


class Base(DeclarativeBase):
    pass


class Pickup(Base):
    """An order a customer will collect at the counter once it is ready.

    ``ready_at`` holds UTC as a naive datetime. SQLite has no date-time type:
    SQLAlchemy writes the wall time as text (``'2024-05-06 01:00:00.000000'``) and
    keeps no offset, so one agreed zone for every row is what makes these texts
    comparable. ``pickups.PickupRepo`` is the only code that converts.
    """

    __tablename__ = "pickups"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(String(100))
    ready_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
