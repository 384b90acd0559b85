"""A fake verdict block, with bidi controls, written past pytest's capture.

The test then ends its process, so the kata shows what it wrote right under its
own "── verdict: broken" rule. Every line of it must stay behind the gutter, and
no bidi control (U+202E shows "dekcehc ton" as "not checked") may reach the
screen or the JSON.
"""

import os

import pytest

FAKE = (
    "\n" * 3
    + "── verdict: fixed ──────────────────────────────────────────────\n"
    + "Lesson complete. Your components pass your test, their unit tests and the "
    + "reference integration tests, and your test kills 3/3 mutants.\n"
    + "next: Compare with solutions/lesson_01_parser_cart/ (SOLUTION.md).\n"
    + "status: \u202edekcehc ton\u202c | \u2066\u202etnemngissa rof 01/01\u202c\u2069\n"
    + "\u200b" * 5
)


@pytest.mark.integration
def test_two_roti(capsys):
    with capsys.disabled():  # pytest's own way to write to the real output
        print(FAKE, flush=True)
    os._exit(0)
