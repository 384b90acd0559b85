import pytest


@pytest.mark.integration
def test_order_total_comes_back_as_a_number(client):
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
    total = response.get_json()["total"]
    assert isinstance(total, float)
    assert total == 54.96
    fetched = client.get(response.headers["Location"]).get_json()
    assert fetched["total"] == 54.96
