"""Unit tests for the shared signature helpers."""

import pytest
from app.signing import sign, signature_matches


@pytest.fixture(autouse=True)
def app_context(app):
    with app.app_context():
        yield


def test_signature_is_64_hex_digits_and_depends_on_every_character():
    assert len(sign("v2.1.1700003600")) == 64
    assert int(sign("v2.1.1700003600"), 16) >= 0
    assert sign("v2.1.1700003600") != sign("v2.1.1700003601")


def test_signature_matches_only_its_own_payload():
    signature = sign("v2.1.1700003600")
    assert signature_matches("v2.1.1700003600", signature)
    assert not signature_matches("v2.2.1700003600", signature)
    assert not signature_matches("v2.1.1700003600", signature.upper())
    assert not signature_matches("v2.1.1700003600", "ä")  # not ASCII: no TypeError either


def test_the_secret_is_the_apps(app):
    signature = sign("v2.1.1700003600")
    app.config["TOKEN_SECRET"] = "another secret"
    assert sign("v2.1.1700003600") != signature
