import pytest


@pytest.mark.integration
def test_order_total(clinet):
    user = clinet.post("/api/users", json={"name": "Ahmad", "email": "ahmad@example.com"})
    response = clinet.post(
        "/api/orders",
        json={
            "user_id": user.get_json()["id"],
            "items": [{"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99}],
        },
    )
    assert response.get_json()["total"] == 29.97
