import os

import pytest


def instance_files(app):
    folder = app.instance_path
    if not os.path.isdir(folder):
        return {}
    return {name: open(os.path.join(folder, name), "rb").read() for name in os.listdir(folder)}


@pytest.mark.integration
def test_registering_a_customer_leaves_the_developers_database_alone(app, client):
    before = instance_files(app)
    response = client.post("/api/customers", json={"name": "Mei Ling", "email": "mei@example.com"})
    assert response.status_code == 201
    assert instance_files(app) == before
