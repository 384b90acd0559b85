"""Your integration tests for lesson 11: customer search on the shop's database.

The tests in test_customers.py are green, the integration test there too, yet
support staff on the shop's server say that search finds nobody for some of what
they type. Production runs PostgreSQL. Write tests here that run the REAL search()
on a REAL PostgreSQL, and check what the staff would see:

    1. Take the ``pg_session`` fixture from conftest.py: a session on a fresh
       PostgreSQL database with the ``customers`` table (the server starts by
       itself, or set KATA_POSTGRES_URL to one you have).
    2. Add a few customers and commit.
    3. Search the way staff type, and assert exactly which emails come back.

Mark them ``@pytest.mark.integration`` and run ``make lesson-11`` (or
``python -m kata lesson 11``). The grader tells you whether your tests
really catch the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your tests below this line.
