import pytest


@pytest.mark.integration
def test_order_total(client):
    user = client.post("/api/users", json={"name": "Ahmad", "email": "ahmad@example.com"})
    response = client.post(
        "/api/orders",
        json={
            "user_id": user.get_json()["id"],
            "items": [
                {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
                {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
            ],
        },
    )
    assert response.status_code == 201
    assert float(response.get_json()["total"]) == pytest.approx(54.96)
