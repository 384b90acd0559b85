"""Your integration test for lesson 01: the parser feeds the cart.

Both unit suites are green, yet the app is broken where ``parse`` hands its
result to ``add_line``. Write a test here that runs the REAL parser into the
REAL cart and checks what a customer would check: the total.

    1. Make a ``Cart()``.
    2. ``add_line`` it a line from ``parse("2x roti @1.50")``.
    3. Assert the cart's ``total()`` is what the bakery should charge.

Mark it ``@pytest.mark.integration`` and run ``make lesson-01`` (or
``python -m kata lesson 01``). The grader tells you whether your test
really catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
