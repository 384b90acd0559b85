from unittest.mock import Mock

import pytest
from app import orders

ITEMS = [
    {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
    {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
]


@pytest.mark.integration
def test_order_total_with_a_mocked_service(client, monkeypatch):
    order = {"id": 1, "user_id": 1, "status": "pending", "total": 54.96, "items": ITEMS}
    monkeypatch.setattr(orders, "place_order", Mock(return_value=order))
    response = client.post("/api/orders", json={"user_id": 1, "items": ITEMS})
    assert response.status_code == 201
    assert response.get_json()["total"] == 54.96
