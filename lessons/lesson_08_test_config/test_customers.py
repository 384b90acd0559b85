"""Unit tests for the customer SQL alone: a real in-memory database, no Flask, no config."""

import pytest
from app.customers import EmailTaken, InvalidCustomer, add_customer, list_customers


def test_new_customer_gets_an_id(con):
    customer = add_customer(con, " Mei Ling ", "mei@example.com")
    assert customer == {"id": customer["id"], "name": "Mei Ling", "email": "mei@example.com"}
    assert isinstance(customer["id"], int)


def test_customers_are_listed_in_the_order_they_joined(con):
    add_customer(con, "Mei Ling", "mei@example.com")
    add_customer(con, "Ahmad", "ahmad@example.com")
    assert [c["email"] for c in list_customers(con)] == ["mei@example.com", "ahmad@example.com"]


def test_no_customers_yet(con):
    assert list_customers(con) == []


def test_taken_email_is_refused_and_the_connection_goes_on(con):
    add_customer(con, "Mei Ling", "mei@example.com")
    with pytest.raises(EmailTaken):
        add_customer(con, "Another Mei", "mei@example.com")
    assert add_customer(con, "Ahmad", "ahmad@example.com")["name"] == "Ahmad"
    assert len(list_customers(con)) == 2


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("", "mei@example.com"),
        ("   ", "mei@example.com"),
        (None, "mei@example.com"),
        ("M" * 101, "mei@example.com"),
        ("Mei Ling", "mei"),
        ("Mei Ling", "mei@example"),
        ("Mei Ling", 42),
    ],
)
def test_invalid_customer_is_refused_and_nothing_is_stored(con, name, email):
    with pytest.raises(InvalidCustomer):
        add_customer(con, name, email)
    assert list_customers(con) == []
