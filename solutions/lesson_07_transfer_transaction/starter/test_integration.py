"""Your integration tests for lesson 07: a transfer between two bakery cards.

Both unit suites are green, yet a refused transfer can still cost a customer money,
somewhere between ``transfers.transfer`` and ``AccountRepo``. Write tests here that
run the REAL ``transfer`` with the REAL repository on a REAL SQLite database, and
check what the customers would check:

    1. Take ``db_session`` from conftest.py (a fresh database for every test). Add
       two cards, e.g. ``Account(owner="Mei Ling", balance=1000)`` and one for Ahmad,
       and ``db_session.commit()``.
    2. Transfer between them and check both balances.
    3. Make a transfer that must be refused, expect ``TransferFailed`` with
       ``pytest.raises``, and check that both balances are as they were.

Look at the balances the way the next customer at the till would: open a new
``Session(engine)`` (the ``engine`` fixture) and read what was really committed.

Mark them ``@pytest.mark.integration`` and run ``make lesson-07`` (or
``python -m kata lesson 07``). The grader tells you whether your tests really
catch the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your tests below this line.
