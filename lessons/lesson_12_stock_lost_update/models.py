"""The bakery's stock and the reservations made against it, mapped with SQLAlchemy."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """One metadata for the lesson's tables: the fixtures create them from it."""


class Product(Base):
    """Something on the shelf, by SKU, with how many are left to reserve."""

    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    stock: Mapped[int]


class Reservation(Base):
    """A customer's claim on ``qty`` items of a product, to be picked up later."""

    __tablename__ = "reservations"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    qty: Mapped[int]
