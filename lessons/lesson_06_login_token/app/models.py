"""The tables, as plain SQLAlchemy 2.x declarative models."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

#: Werkzeug's strong default (scrypt, about 100 ms a hash: slow on purpose, to make
#: guessing expensive). The tests lower its work factor in conftest.py.
PASSWORD_HASH_METHOD = "scrypt"


class Base(DeclarativeBase):
    pass


class User(Base):
    """A customer account. The password itself is never stored, only its salted hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` is this user's; the hash names its own method and salt."""
        return check_password_hash(self.password_hash, password)
