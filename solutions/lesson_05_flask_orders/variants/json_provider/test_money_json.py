"""Unit tests for the JSON provider alone: Python values in, JSON text out."""

import uuid
from decimal import Decimal

import pytest


def test_decimal_is_written_as_a_json_number(app):
    assert app.json.dumps({"total": Decimal("54.96")}) == '{"total": 54.96}'


def test_response_carries_the_number(app):
    with app.app_context():
        response = app.json.response(total=Decimal("54.96"))
    assert response.get_data(as_text=True) == '{"total":54.96}\n'


def test_other_types_keep_flasks_defaults(app):
    key = uuid.UUID(int=1)
    assert app.json.dumps([key]) == f'["{key}"]'
    with pytest.raises(TypeError):
        app.json.dumps(object())
