"""Your integration tests for lesson 03: the service stores members through the repo.

Both unit suites are green, yet signing up is broken where ``register_user``
calls ``UserRepo.add``. Write tests here that run the REAL service with the REAL
repository on a REAL SQLite database, and check what the till would check:

    1. Take the ``con`` fixture from conftest.py (a fresh in-memory database with
       the ``users`` table) and build ``UserRepo(con)``, or take ``user_repo``.
    2. ``register_user`` a member, then ``find`` them by email: is the name there?
    3. Register a DIFFERENT person with the same email: expect ``EmailTaken``.

Mark them ``@pytest.mark.integration`` and run ``make lesson-03`` (or
``python -m kata lesson 03``). The grader tells you whether your tests
really catch the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your tests below this line.
