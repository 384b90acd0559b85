import pytest
from app.orders import place_order
from app.users import create_user


@pytest.mark.integration
def test_service_total_is_a_float(session):
    user = create_user(session, "Ahmad", "ahmad@example.com")
    items = [
        {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
        {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
    ]
    order = place_order(session, user["id"], items)
    assert isinstance(order["total"], float)
    assert order["total"] == 54.96
