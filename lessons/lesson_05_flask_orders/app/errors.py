"""What the services raise. The API turns each into an HTTP status (see ``api.py``)."""


class InvalidInput(ValueError):
    """The request data breaks the API contract: 400."""


class UnknownUser(LookupError):
    """The order names a user that does not exist: 404."""


class EmailTaken(Exception):
    """Another user already registered this email address: 409."""
