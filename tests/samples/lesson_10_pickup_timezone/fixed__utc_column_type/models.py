"""The pickups table, as a plain SQLAlchemy 2.x declarative model."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: The bakery's time zone. Singapore keeps no daylight saving time, so a fixed
#: offset is the whole truth about it: no time-zone database needed.
SGT = timezone(timedelta(hours=8))


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored as naive UTC and handed back aware, in UTC.

    SQLite has no date-time type: SQLAlchemy writes the wall time as text and keeps
    no offset. Converting here, in the column type, means no query or repository
    can forget to: bound parameters in comparisons go through it too.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a naive datetime has no time zone, pass an aware one: {value!r}")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Pickup(Base):
    """An order a customer will collect at the counter once it is ready.

    ``ready_at`` is aware in Python and UTC text in SQLite (see ``UTCDateTime``).
    """

    __tablename__ = "pickups"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(String(100))
    ready_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
