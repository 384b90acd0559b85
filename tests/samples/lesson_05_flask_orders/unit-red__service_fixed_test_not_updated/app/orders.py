"""Placing and reading orders. Money is computed with Decimal and stored in whole cents."""

import math
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .errors import InvalidInput, UnknownUser
from .models import SKU_LENGTH, Order, OrderItem, User

CENT = Decimal("0.01")
MAX_PRICE = Decimal(10_000)  # nothing at the bakery costs more
MAX_QUANTITY = 1_000
MAX_ID = 2**63 - 1  # the largest integer SQLite stores


def place_order(session: Session, user_id: object, items: object) -> dict:
    """Store a pending order for ``user_id`` and return it as ``order_view`` shows it.

    ``items`` is a non-empty list of ``{"product_id", "quantity", "price"}``: the
    product's SKU (``"KAYA-JAR"``), a whole quantity and the price in dollars (``9.99``).
    Raises ``InvalidInput`` for a malformed order and ``UnknownUser`` when there is no
    such user.
    """
    user_id = _whole_number(user_id, "user_id", MAX_ID)
    lines = _order_items(items)
    if session.get(User, user_id) is None:
        raise UnknownUser(f"there is no user {user_id}")
    order = Order(user_id=user_id, status="pending", items=lines)
    session.add(order)
    session.commit()
    return order_view(order)


def get_order(session: Session, order_id: int) -> dict | None:
    """The order ``order_id`` as ``order_view`` shows it, or ``None`` when missing."""
    query = select(Order).where(Order.id == order_id).options(selectinload(Order.items))
    order = session.execute(query).scalar_one_or_none()
    return None if order is None else order_view(order)


def order_view(order: Order) -> dict:
    """The order as the API shows it, ready for JSON.

    Money is added up as exact ``Decimal`` values, then rounded to cents and handed
    out as floats, which Flask writes as JSON numbers (``54.96``).
    """
    total = sum((_price(item) * item.quantity for item in order.items), Decimal(0))
    return {
        "id": order.id,
        "user_id": order.user_id,
        "status": order.status,
        "total": _money(total),
        "items": [
            {
                "product_id": item.product_id,
                "quantity": item.quantity,
                "price": _money(_price(item)),
            }
            for item in order.items
        ],
    }


def _price(item: OrderItem) -> Decimal:
    return Decimal(item.price_cents) / 100


def _money(amount: Decimal) -> float:
    """``amount`` rounded to cents, as a float: JSON has numbers, not Decimals."""
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _order_items(items: object) -> list[OrderItem]:
    if not isinstance(items, list) or not items:
        raise InvalidInput("items must be a non-empty list")
    return [_order_item(item) for item in items]


def _order_item(item: object) -> OrderItem:
    if not isinstance(item, dict):
        raise InvalidInput("each item must be an object with product_id, quantity and price")
    return OrderItem(
        product_id=_sku(item.get("product_id")),
        quantity=_whole_number(item.get("quantity"), "quantity", MAX_QUANTITY),
        price_cents=_cents(item.get("price")),
    )


def _sku(value: object) -> str:
    """A product's SKU, kept exactly as sent: a string, not blank, that fits its column.

    The length is checked here because SQLite does not enforce ``VARCHAR`` lengths.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > SKU_LENGTH:
        raise InvalidInput(
            f'product_id must be a SKU such as "KAYA-JAR", of at most {SKU_LENGTH} characters'
        )
    return value


def _whole_number(value: object, field: str, largest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= largest:
        raise InvalidInput(f"{field} must be a whole number from 1 to {largest}")
    return value


def _cents(price: object) -> int:
    """A price in dollars as sent in JSON (``9.99``) as whole cents (``999``), exactly."""
    if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price):
        raise InvalidInput("price must be a number, e.g. 9.99")
    amount = Decimal(str(price))  # str() gives the shortest text of a float: "9.99"
    if not 0 <= amount <= MAX_PRICE or amount != amount.quantize(CENT):
        raise InvalidInput(f"price must be from 0 to {MAX_PRICE}, in whole cents")
    return int(amount * 100)
