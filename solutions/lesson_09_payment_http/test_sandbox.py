"""Contract tests: the provider's documented rules, checked against the sandbox.

A fake is worth exactly as much as it is faithful. These tests are written from
the provider's documentation and speak plain HTTP with ``requests``, so they do not
care what answers at the URL: pointed at the provider's own test mode (in a
scheduled job with a real test key, never in the everyday suite) they check the
provider and the fake against the same rules. When the provider changes a rule, a
test here changes first, and then the fake.
"""

from collections.abc import Callable, Iterator

import pytest
import requests
from sandbox import TEST_KEY

VALID = {"amount": "5496", "currency": "sgd", "source": "tok_visa"}

Api = Callable[..., requests.Response]


@pytest.fixture
def api(sandbox_url: str) -> Iterator[Api]:
    """``api("POST", "/v1/charges", data=...)``: one request, with the test key."""
    session = requests.Session()
    session.auth = (TEST_KEY, "")

    def call(method: str, path: str, **kwargs: object) -> requests.Response:
        return session.request(method, sandbox_url + path, timeout=5, **kwargs)

    yield call
    session.close()


def charges(api: Api) -> list[dict]:
    return api("GET", "/v1/charges").json()["data"]


def test_a_charge_is_made_in_the_smallest_currency_unit(api):
    response = api("POST", "/v1/charges", data=VALID)

    assert response.status_code == 200
    charge = response.json()
    assert charge["id"].startswith("ch_")
    assert charge["object"] == "charge"
    assert (charge["amount"], charge["currency"]) == (5496, "sgd")
    assert (charge["paid"], charge["status"]) == (True, "succeeded")


def test_a_charge_can_be_looked_up_by_its_id(api):
    made = api("POST", "/v1/charges", data=VALID).json()

    response = api("GET", f"/v1/charges/{made['id']}")

    assert response.status_code == 200
    assert response.json() == made


def test_the_list_holds_every_charge_newest_first(api):
    first = api("POST", "/v1/charges", data=VALID).json()
    second = api("POST", "/v1/charges", data={**VALID, "amount": "1230"}).json()

    listed = api("GET", "/v1/charges").json()

    assert listed["object"] == "list"
    assert listed["data"] == [second, first]


def test_a_declined_card_is_402_and_the_failed_charge_is_recorded(api):
    response = api("POST", "/v1/charges", data={**VALID, "source": "tok_chargeDeclined"})

    assert response.status_code == 402
    error = response.json()["error"]
    assert (error["type"], error["code"]) == ("card_error", "card_declined")
    [failed] = charges(api)
    assert failed["id"] == error["charge"]
    assert (failed["paid"], failed["status"]) == (False, "failed")


@pytest.mark.parametrize("amount", ["54.96", "5496.0", "-5496", "1e3", "5,496", "abc"])
def test_an_amount_that_is_not_a_whole_number_is_refused(api, amount):
    response = api("POST", "/v1/charges", data={**VALID, "amount": amount})

    assert response.status_code == 400
    assert response.json()["error"]["param"] == "amount"
    assert charges(api) == []


@pytest.mark.parametrize(
    ("amount", "status"),
    [("49", 400), ("50", 200), ("99999999", 200), ("100000000", 400)],
)
def test_amounts_run_from_50_to_99_999_999(api, amount, status):
    response = api("POST", "/v1/charges", data={**VALID, "amount": amount})
    assert response.status_code == status


@pytest.mark.parametrize("currency", ["SGD", "Sgd", "sg", "sgdd", "s1d"])
def test_a_currency_is_three_lower_case_letters(api, currency):
    response = api("POST", "/v1/charges", data={**VALID, "currency": currency})

    assert response.status_code == 400
    assert response.json()["error"]["param"] == "currency"
    assert charges(api) == []


def test_an_unknown_card_token_is_refused(api):
    response = api("POST", "/v1/charges", data={**VALID, "source": "4242424242424242"})

    assert response.status_code == 400
    assert response.json()["error"]["param"] == "source"


@pytest.mark.parametrize("missing", ["amount", "currency", "source"])
def test_every_param_is_required(api, missing):
    form = {name: value for name, value in VALID.items() if name != missing}
    response = api("POST", "/v1/charges", data=form)

    assert response.status_code == 400
    assert response.json()["error"]["param"] == missing


def test_a_json_body_is_not_read(api):
    response = api("POST", "/v1/charges", json={**VALID, "amount": 5496})
    assert response.status_code == 400
    assert charges(api) == []


@pytest.mark.parametrize("auth", [None, ("sk_test_other", ""), ("sk_test_bakerY", "")])
def test_without_the_test_key_every_request_is_401(sandbox_url, auth):
    response = requests.post(f"{sandbox_url}/v1/charges", data=VALID, auth=auth, timeout=5)

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_an_unknown_charge_is_404(api):
    response = api("GET", "/v1/charges/ch_nothing")
    assert response.status_code == 404
    assert response.json()["error"]["param"] == "id"
