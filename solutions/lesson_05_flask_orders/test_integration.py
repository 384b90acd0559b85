"""Reference integration tests: the real app, the real services, a real database.

Every request goes through ``app.test_client()`` into the routes, the services,
SQLAlchemy and a fresh in-memory SQLite database, and back out through Flask's JSON
provider. Nothing is mocked, so the client reads exactly what a real client would.
"""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.integration

KAYA_ORDER = [
    {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
    {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
]


def is_json_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.fixture
def user_id(client):
    response = client.post("/api/users", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 201
    return response.get_json()["id"]


@pytest.fixture
def created(client, user_id):
    """The response to placing 3 x 9.99 + 1 x 24.99 for a real user."""
    return client.post("/api/orders", json={"user_id": user_id, "items": KAYA_ORDER})


def test_new_order_total_is_a_json_number_rounded_to_cents(created, user_id):
    assert created.status_code == 201
    order = created.get_json()
    assert is_json_number(order["total"]), f"total is {order['total']!r}, not a JSON number"
    assert order["total"] == 54.96  # exactly: rounded to cents, not 54.959999999999994
    assert (order["user_id"], order["status"]) == (user_id, "pending")


def test_new_order_lists_its_items_with_numeric_prices(created):
    items = created.get_json()["items"]
    assert all(is_json_number(item["price"]) for item in items), items
    assert items == KAYA_ORDER


def test_location_serves_the_same_order_with_a_numeric_total(client, created):
    location = created.headers["Location"]
    assert urlsplit(location).path == f"/api/orders/{created.get_json()['id']}"

    fetched = client.get(location)

    assert fetched.status_code == 200
    order = fetched.get_json()
    assert is_json_number(order["total"]), f"total is {order['total']!r}, not a JSON number"
    assert order["total"] == 54.96
    assert order == created.get_json()


def test_missing_order_is_404(client):
    response = client.get("/api/orders/999")
    assert response.status_code == 404
    assert isinstance(response.get_json()["error"], str)


def test_order_for_an_unknown_user_is_404(client):
    response = client.post("/api/orders", json={"user_id": 999, "items": KAYA_ORDER})
    assert response.status_code == 404
    assert isinstance(response.get_json()["error"], str)


@pytest.mark.parametrize(
    "items",
    [
        [],
        "3 kaya jars",
        [{"product_id": "KAYA-JAR", "quantity": 0, "price": 9.99}],
        [{"product_id": "KAYA-JAR", "quantity": 3, "price": -9.99}],
        [{"product_id": "KAYA-JAR", "quantity": 3}],
        [{"product_id": "", "quantity": 3, "price": 9.99}],
        [{"product_id": 1, "quantity": 3, "price": 9.99}],
    ],
)
def test_invalid_items_are_400_and_store_nothing(client, user_id, items):
    response = client.post("/api/orders", json={"user_id": user_id, "items": items})
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)
    assert client.get("/api/orders/1").status_code == 404


def test_taken_email_is_409(client, user_id):
    response = client.post("/api/users", json={"name": "Other Mei", "email": "mei@example.com"})
    assert response.status_code == 409
    assert isinstance(response.get_json()["error"], str)


def test_invalid_user_is_400(client):
    response = client.post("/api/users", json={"name": "", "email": "not-an-address"})
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)


@pytest.mark.parametrize("path", ["/api/users", "/api/orders"])
def test_request_without_a_json_body_is_400(client, path):
    response = client.post(path, data="name=Mei")
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)
