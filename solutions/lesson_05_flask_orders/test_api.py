"""Unit tests for the routes alone: the services are replaced by fakes.

The fakes return what the route's author believes a service returns: plain JSON
values, the total already a float (54.96). So these tests check what the routes do
(status codes, the Location header, JSON errors) and stay green whatever the real
service returns: the real service's output never reaches Flask's JSON provider here.
"""

from unittest.mock import ANY, Mock

from app import orders, users
from app.errors import EmailTaken, InvalidInput, UnknownUser

ITEMS = [
    {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
    {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
]
ORDER = {"id": 7, "user_id": 1, "status": "pending", "total": 54.96, "items": ITEMS}


def test_post_order_hands_the_request_to_the_service(client, monkeypatch):
    place_order = Mock(return_value=ORDER)
    monkeypatch.setattr(orders, "place_order", place_order)

    response = client.post("/api/orders", json={"user_id": 1, "items": ITEMS})

    place_order.assert_called_once_with(ANY, 1, ITEMS)
    assert response.status_code == 201
    assert response.get_json() == ORDER


def test_post_order_points_at_the_new_order(client, monkeypatch):
    monkeypatch.setattr(orders, "place_order", Mock(return_value=ORDER))
    response = client.post("/api/orders", json={"user_id": 1, "items": ITEMS})
    assert response.headers["Location"] == "/api/orders/7"


def test_order_for_an_unknown_user_is_404(client, monkeypatch):
    monkeypatch.setattr(orders, "place_order", Mock(side_effect=UnknownUser("no user 9")))
    response = client.post("/api/orders", json={"user_id": 9, "items": ITEMS})
    assert response.status_code == 404
    assert response.get_json() == {"error": "no user 9"}


def test_invalid_order_is_400(client, monkeypatch):
    monkeypatch.setattr(orders, "place_order", Mock(side_effect=InvalidInput("bad items")))
    response = client.post("/api/orders", json={"user_id": 1, "items": []})
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad items"}


def test_get_order_returns_what_the_service_found(client, monkeypatch):
    get_order = Mock(return_value=ORDER)
    monkeypatch.setattr(orders, "get_order", get_order)

    response = client.get("/api/orders/7")

    get_order.assert_called_once_with(ANY, 7)
    assert response.status_code == 200
    assert response.get_json() == ORDER


def test_get_missing_order_is_404(client, monkeypatch):
    monkeypatch.setattr(orders, "get_order", Mock(return_value=None))
    response = client.get("/api/orders/7")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_post_user_is_201(client, monkeypatch):
    user = {"id": 1, "name": "Mei Ling", "email": "mei@example.com"}
    monkeypatch.setattr(users, "create_user", Mock(return_value=user))
    response = client.post("/api/users", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 201
    assert response.get_json() == user


def test_taken_email_is_409(client, monkeypatch):
    monkeypatch.setattr(users, "create_user", Mock(side_effect=EmailTaken("taken")))
    response = client.post("/api/users", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 409
    assert response.get_json() == {"error": "taken"}


def test_body_that_is_not_a_json_object_is_400(client):
    for body in ({"data": "user_id=1"}, {"json": [1, 2]}, {}):
        response = client.post("/api/orders", **body)
        assert response.status_code == 400
        assert "JSON object" in response.get_json()["error"]


def test_unknown_url_answers_in_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()
