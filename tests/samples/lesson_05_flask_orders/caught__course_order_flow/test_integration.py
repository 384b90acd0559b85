import pytest


@pytest.mark.integration
def test_order_flow(client):
    user = client.post("/api/users", json={"name": "Test User", "email": "test@example.com"})
    assert user.status_code == 201
    user_id = user.get_json()["id"]

    items = [
        {"product_id": "WIDGET-1", "quantity": 3, "price": 9.99},
        {"product_id": "GADGET-2", "quantity": 1, "price": 24.99},
    ]
    response = client.post("/api/orders", json={"user_id": user_id, "items": items})
    assert response.status_code == 201
    order = response.get_json()
    assert order["total"] == 54.96

    fetched = client.get(f"/api/orders/{order['id']}")
    assert fetched.status_code == 200
    body = fetched.get_json()
    assert body["status"] == "pending"
    assert body["items"] == items
