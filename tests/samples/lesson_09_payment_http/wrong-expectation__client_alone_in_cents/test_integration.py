import pytest
import requests
from sandbox import TEST_KEY


@pytest.mark.integration
def test_client_sends_cents_to_the_provider(payment_client, sandbox_url):
    charge = payment_client.charge(5496, "sgd", "tok_visa")

    stored = requests.get(
        f"{sandbox_url}/v1/charges/{charge['id']}", auth=(TEST_KEY, ""), timeout=5
    ).json()
    assert stored["amount"] == 5496
