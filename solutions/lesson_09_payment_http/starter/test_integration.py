"""Your integration test for lesson 09: checkout pays through the real client, over HTTP.

The client's unit tests and checkout's unit tests are green, and a paid order says
``"paid"``. Write a test here that lets the REAL ``pay_order`` use the REAL
``PaymentClient`` against the fake provider in ``sandbox.py``, over real HTTP on
127.0.0.1 (the ``sandbox_url`` and ``payment_client`` fixtures in ``conftest.py``),
and then checks what the bakery's accountant would check:

    1. Pay ``Order(id=7, total=Decimal("54.96"))`` with the test card ``"tok_visa"``.
    2. Do not stop at ``order.status``: ask the provider what it charged.
       ``GET {sandbox_url}/v1/charges/<charge id>`` (basic auth: the test key
       ``sandbox.TEST_KEY`` as user name, empty password; pass ``timeout=``).
    3. Compare the provider's ``amount`` and ``currency`` with the order.

Mark it ``@pytest.mark.integration`` and run ``make lesson-09`` (or
``python -m kata lesson 09``). The grader tells you whether your test
really catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
