"""A JSON provider that writes ``Decimal`` money as a JSON number, not a string."""

from decimal import Decimal

from flask.json.provider import DefaultJSONProvider


def _decimal_as_number(o: object) -> object:
    """Called by ``json.dumps`` only for objects it cannot write itself.

    It must return something ``json.dumps`` can write. Flask's default returns
    ``str(o)`` for a ``Decimal``: a JSON string, ``"54.96"``. A float is written as a
    JSON number, ``54.96``; the service has already rounded the amount to cents.
    """
    if isinstance(o, Decimal):
        return float(o)
    return DefaultJSONProvider.default(o)


class DecimalAsNumberProvider(DefaultJSONProvider):
    """Flask's default JSON provider, except that a ``Decimal`` becomes a number."""

    default = staticmethod(_decimal_as_number)
