"""The bakery's client for its payment provider's HTTP API.

The provider takes amounts in the smallest currency unit (cents: ``5496`` with
``currency="sgd"`` is S$54.96) as form fields, and authenticates with the secret
API key as the HTTP basic-auth user name. The key is never written in code: the
shop builds its client with ``PaymentClient.from_environment()``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import requests

#: Seconds to wait for the provider. Without a timeout, a provider that hangs
#: hangs the checkout with it.
DEFAULT_TIMEOUT = 10.0


class PaymentError(Exception):
    """The provider refused the request, or could not be reached in time."""


class PaymentDeclined(PaymentError):
    """The card was declined: the customer has to use another card."""


class PaymentClient:
    """Talks to the provider at ``base_url`` with the secret key ``api_key``."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._api_key = api_key
        self._session = session if session is not None else requests.Session()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> PaymentClient:
        """The shop's client: the provider's URL and secret key come from the environment."""
        return cls(environ["PAYMENTS_URL"], environ["PAYMENTS_API_KEY"])

    def charge(self, amount: int, currency: str, source: str) -> dict[str, Any]:
        """Charge ``amount`` cents of ``currency`` to the card token ``source``.

        ``amount`` is what the provider takes: a whole number in the smallest
        currency unit (``5496`` for S$54.96). It is sent as given.

        Returns the provider's charge (``id``, ``amount``, ``currency``, ``paid``,
        ``status``). Raises ``PaymentDeclined`` when the card is declined and
        ``PaymentError`` when the provider refuses the request or does not answer
        in time (then nobody knows whether the card was charged: look the charge up
        before you try again).
        """
        form = {"amount": amount, "currency": currency, "source": source}
        return self._post("/v1/charges", form)

    def close(self) -> None:
        """Close the HTTP connections this client keeps open."""
        self._session.close()

    def _post(self, path: str, form: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._session.post(
                self.base_url + path,
                data=form,
                auth=(self._api_key, ""),  # the key is the user name; no password
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise PaymentError(f"the payment provider could not be reached: {error}") from error
        if response.status_code == 402:
            raise PaymentDeclined(_message(response))
        if not response.ok:
            raise PaymentError(f"{response.status_code}: {_message(response)}")
        charge: dict[str, Any] = response.json()
        return charge


def _message(response: requests.Response) -> str:
    """The provider's error message, or the raw body when it sent no JSON error."""
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]
