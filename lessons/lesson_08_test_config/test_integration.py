"""Your integration test for lesson 08: the app factory and the database it configures.

The factory's unit tests and the database module's unit tests are green, and a test
that registers one customer through the ``client`` fixture passes. Run it twice, or
look in the ``instance/`` folder afterwards, and something is wrong. Write a test here
that builds the REAL app with the factory, as ``conftest.py`` does
(``create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.sqlite3")})``),
registers a customer with ``POST /api/customers``, and then checks where that
customer really went: look at the database file your test named, with ``sqlite3``.

Your test must fail on the shipped code in ONE run, on a fresh copy of the lesson:
the grader never runs your test twice in the same folder.

Mark it ``@pytest.mark.integration`` and run ``make lesson-08`` (or
``python -m kata lesson 08``). The grader tells you whether your test
really catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
