"""Your integration test for lesson 04: a CSV file flows through the whole pipeline.

All four unit suites are green, yet the owner's report says March took 0.0, and
nothing raises. Write a test here that runs the REAL chain and checks what the owner
would check: the total.

    1. Write a small CSV file into ``tmp_path`` (header ``sold_on,item,qty,price``,
       ISO dates), with sales on the first and the last day of a range.
    2. ``store(con, clean(load_csv(path)))`` (the ``con`` fixture in ``conftest.py``
       is a fresh in-memory SQLite database).
    3. Assert ``total_between(con, start, end)`` is the total you worked out by hand.

Then find the broken seam incrementally: a clean → store test and a store → query
test, each built with the real ``clean()``. Which one is red?

Mark your tests ``@pytest.mark.integration`` and run ``make lesson-04`` (or
``python -m kata lesson 04``). The grader tells you whether your test really
catches the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your test below this line.
