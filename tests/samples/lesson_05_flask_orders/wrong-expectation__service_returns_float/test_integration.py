import pytest
from app.orders import place_order
from app.users import create_user


@pytest.mark.integration
def test_service_total_is_a_float(session):
    user = create_user(session, "Ahmad", "ahmad@example.com")
    items = [
        {"product_id": 1, "quantity": 3, "price": 9.99},
        {"product_id": 2, "quantity": 1, "price": 24.99},
    ]
    order = place_order(session, user["id"], items)
    assert isinstance(order["total"], float)
    assert order["total"] == 54.96
