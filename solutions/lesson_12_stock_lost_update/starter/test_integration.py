"""Your integration tests for lesson 12: reserving stock while others reserve too.

Every test in test_inventory.py is green, on a real PostgreSQL, yet the shop sold
more kaya jars than it had on a busy morning. Those tests reserve one at a time.
Write tests here that reserve TWICE AT THE SAME MOMENT, deterministically:

    1. Take ``pg_engine`` from conftest.py (a fresh PostgreSQL database per test),
       put a product on the shelf and commit.
    2. Open two sessions. The first reserves and does NOT commit yet; the second
       reserves in a thread.
    3. Before the first commits, wait until PostgreSQL reports the second waiting
       for a lock (``pg_stat_activity``), or the second has already finished. No
       ``time.sleep``: a bounded poll of a condition.
    4. Commit the first, join the second (with a timeout), and check the shelf.

Mark them ``@pytest.mark.integration`` and run ``make lesson-12`` (or
``python -m kata lesson 12``). The grader tells you whether your tests
really catch the bug, and prints a hint when you are stuck.
"""

import pytest  # noqa: F401  (you will need it for the marker)

# Write your tests below this line.
