"""The bakery's customers, mapped with SQLAlchemy: the same table on SQLite and PostgreSQL."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """One metadata for the lesson's tables: the fixtures create them from it."""


class Customer(Base):
    """A customer of the loyalty club, as the support staff look them up."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    stamps: Mapped[int] = mapped_column(default=0)  # every tenth teh tarik is free
