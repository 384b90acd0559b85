"""Unit tests for the routes alone: the customer SQL is replaced by fakes.

The fakes answer as the real functions would, so these tests check what the routes
do (status codes, JSON bodies, JSON errors) without a single row written anywhere.
"""

from unittest.mock import ANY, Mock

from app import customers
from app.customers import EmailTaken, InvalidCustomer

MEI = {"id": 1, "name": "Mei Ling", "email": "mei@example.com"}


def test_post_customer_is_201_with_the_new_customer(client, monkeypatch):
    add_customer = Mock(return_value=MEI)
    monkeypatch.setattr(customers, "add_customer", add_customer)

    response = client.post("/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"})

    add_customer.assert_called_once_with(ANY, "Mei Ling", "mei@example.com")
    assert response.status_code == 201
    assert response.get_json() == MEI


def test_taken_email_is_409(client, monkeypatch):
    monkeypatch.setattr(customers, "add_customer", Mock(side_effect=EmailTaken("taken")))
    response = client.post("/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 409
    assert response.get_json() == {"error": "taken"}


def test_invalid_customer_is_400(client, monkeypatch):
    monkeypatch.setattr(customers, "add_customer", Mock(side_effect=InvalidCustomer("no name")))
    response = client.post("/api/customers", json={"name": "", "email": "mei@example.com"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "no name"}


def test_body_that_is_not_a_json_object_is_400(client, monkeypatch):
    add_customer = Mock()
    monkeypatch.setattr(customers, "add_customer", add_customer)
    for body in ({"data": "name=Mei"}, {"json": ["Mei"]}, {}):
        response = client.post("/api/customers", **body)
        assert response.status_code == 400
        assert "JSON object" in response.get_json()["error"]
    add_customer.assert_not_called()


def test_get_customers_lists_what_the_database_holds(client, monkeypatch):
    list_customers = Mock(return_value=[MEI])
    monkeypatch.setattr(customers, "list_customers", list_customers)
    response = client.get("/api/customers")
    assert response.status_code == 200
    assert response.get_json() == [MEI]


def test_unknown_url_answers_in_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()
