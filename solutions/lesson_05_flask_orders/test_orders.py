"""Unit tests for the order service alone: a real session on a fresh database, no HTTP.

They call the service directly and look at the dict it returns: what Flask will
do with that dict on the way out is not their business.
"""

import pytest
from app.errors import InvalidInput, UnknownUser
from app.models import OrderItem
from app.orders import get_order, place_order
from app.users import create_user
from sqlalchemy import select

KAYA_ORDER = [
    {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
    {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
]


@pytest.fixture
def user_id(session):
    return create_user(session, "Mei Ling", "mei@example.com")["id"]


def test_total_is_rounded_to_cents_as_a_number(session, user_id):
    order = place_order(session, user_id, KAYA_ORDER)
    # Computed in Decimal, handed out as the float 54.96 (float arithmetic: 54.959999999999994).
    assert order["total"] == 54.96
    assert isinstance(order["total"], float)


def test_new_order_is_pending_and_lists_its_items(session, user_id):
    order = place_order(session, user_id, KAYA_ORDER)
    assert order["user_id"] == user_id
    assert order["status"] == "pending"
    assert order["items"] == KAYA_ORDER


def test_prices_are_stored_in_whole_cents(session, user_id):
    place_order(session, user_id, KAYA_ORDER)
    stored = session.scalars(select(OrderItem.price_cents).order_by(OrderItem.id)).all()
    assert stored == [999, 2499]


def test_get_order_shows_the_stored_order(session, user_id):
    placed = place_order(session, user_id, KAYA_ORDER)
    assert get_order(session, placed["id"]) == placed


def test_get_missing_order_is_none(session):
    assert get_order(session, 42) is None


def test_order_for_an_unknown_user_is_refused(session):
    with pytest.raises(UnknownUser):
        place_order(session, 42, KAYA_ORDER)


@pytest.mark.parametrize(
    "items",
    [
        None,
        [],
        ["roti"],
        [{"product_id": "KAYA-JAR", "quantity": 0, "price": 9.99}],
        [{"product_id": "KAYA-JAR", "quantity": True, "price": 9.99}],
        [{"product_id": "KAYA-JAR", "quantity": 1, "price": -1}],
        [{"product_id": "KAYA-JAR", "quantity": 1, "price": 9.999}],
        [{"product_id": "KAYA-JAR", "quantity": 1, "price": "9.99"}],
        [{"product_id": "KAYA-JAR", "quantity": 1}],
        [{"quantity": 1, "price": 9.99}],
        [{"product_id": 1, "quantity": 1, "price": 9.99}],
        [{"product_id": "", "quantity": 1, "price": 9.99}],
        [{"product_id": "   ", "quantity": 1, "price": 9.99}],
        [{"product_id": "K" * 41, "quantity": 1, "price": 9.99}],
    ],
)
def test_malformed_items_are_refused(session, user_id, items):
    with pytest.raises(InvalidInput):
        place_order(session, user_id, items)


def test_sku_is_kept_as_sent_up_to_its_column_length(session, user_id):
    sku = "KAYA-JAR-" + "X" * 31  # 40 characters: the column's length
    order = place_order(session, user_id, [{"product_id": sku, "quantity": 1, "price": 9.99}])
    assert get_order(session, order["id"])["items"][0]["product_id"] == sku


def test_user_id_must_be_a_whole_number(session):
    with pytest.raises(InvalidInput):
        place_order(session, "1", KAYA_ORDER)
