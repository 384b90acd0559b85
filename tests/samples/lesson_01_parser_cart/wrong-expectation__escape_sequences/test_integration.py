r"""Terminal control sequences in a test's name, output and failure message.

Nothing of them may reach the student's screen or the JSON: \x1b[8m hides the
text after it, \x1b]0;...\x07 sets the window title, \x9b31m is an 8-bit CSI;
\u202e shows the text after it right to left, \u200b hides in a word.
"""

import pytest

SEQUENCES = "\x1b[8m \x1b]0;title\x07 \x9b31m \u202eeslaf\u202c \u2066x\u2069 ca\u200bught"


@pytest.mark.integration
def hides_the_verdict():
    print(f"printed {SEQUENCES} by the test")
    assert False, f"failed {SEQUENCES} on purpose"


# A name no `def` can spell: pytest collects it all the same.
globals()[f"test_named {SEQUENCES}"] = hides_the_verdict
