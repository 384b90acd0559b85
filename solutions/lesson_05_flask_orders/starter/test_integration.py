"""Your integration test for lesson 05: the order API, from request to JSON.

The route's unit tests and the service's unit tests are green, yet a client of the
real app gets the wrong kind of total. Write a test here that drives the REAL app
through its test client (the ``client`` fixture in ``conftest.py``: a fresh app and
a fresh in-memory database for every test) and checks what a client would check:

    1. ``POST /api/users`` with a name and an email; read the new user's ``id``.
    2. ``POST /api/orders`` for that user: 3 x 9.99 of ``"KAYA-JAR"`` and 1 x 24.99
       of ``"TOAST-TRAY"`` (``product_id`` is the product's SKU, a string). See the
       API contract table in README.md.
    3. Assert the status, and that ``total`` in the JSON is a number equal to 54.96.
       Then follow the ``Location`` header with ``client.get(...)``.

Mark it ``@pytest.mark.integration`` and run ``make lesson-05`` (or
``python -m kata lesson 05``). The grader tells you whether your test
really catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
