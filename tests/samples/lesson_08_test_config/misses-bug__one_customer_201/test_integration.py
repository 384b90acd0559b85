import pytest


@pytest.mark.integration
def test_register_customer(client):
    response = client.post("/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 201
    assert response.get_json()["email"] == "mei@example.com"
