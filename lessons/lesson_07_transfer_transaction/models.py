"""The bakery card accounts, as a plain SQLAlchemy 2.x declarative model."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    """One prepaid bakery card.

    The balance is kept in whole cents in an INTEGER column: exact on every
    database, where a float or SQLite's NUMERIC would round.
    """

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(100), default="")  # gift cards have no owner
    balance: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"Account(id={self.id!r}, owner={self.owner!r}, balance={self.balance!r})"
