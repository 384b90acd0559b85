import pytest


@pytest.mark.integration
def test_total_is_a_json_number(client, user_id):
    items = [
        {"product_id": "KAYA-JAR", "quantity": 3, "price": 9.99},
        {"product_id": "TOAST-TRAY", "quantity": 1, "price": 24.99},
    ]
    response = client.post("/api/orders", json={"user_id": user_id, "items": items})
    assert response.status_code == 201
    assert response.get_json()["total"] == 54.96
