"""Your integration test for lesson 06: log in, then use what login gave you.

The login side's unit tests and the guard's unit tests are green, and ``POST
/login`` answers 200 and sets a cookie. Yet customers who log in cannot see their
own account. Write a test here that runs the REAL login and the REAL guard, the
way a browser would:

    1. Store a customer with the ``db_session`` fixture: ``User(email=...)``,
       ``set_password(...)``, ``add``, ``commit`` (it is the database the ``client``
       fixture's app uses).
    2. ``client.post("/login", data={"email": ..., "password": ...})``: form fields.
    3. With the SAME client (it keeps the cookie), ``client.get("/api/me")``.
       Assert what the contract in README.md promises.

Then make sure the guard also says no when it should, and says who: two customers,
and a token someone has tampered with. Mark your tests ``@pytest.mark.integration``
and run ``make lesson-06`` (or ``python -m kata lesson 06``). The grader tells you
whether your test really catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
