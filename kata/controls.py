"""Terminal control sequences, removed from everything a student's code can write.

A test's name, output and failure message, file names in a lesson folder and
anything derived from them reach a terminal or a JSON reader. There, an escape
sequence can hide text (``ESC[8m``), repaint or retitle the screen, or fake a
verdict; so every one goes, colour included. Standard library only: the class
report and the bootstrap use it too.
"""

from __future__ import annotations

import re

#: Control sequences with their parameters, so no half of one is left as text.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI, 7- or 8-bit: colour, cursor, erase
    # OSC, DCS, SOS, PM, APC: a string up to its terminator, or the end of its line
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"  # any other escape, or a lone ESC
)
#: What is left of C0 and C1 (CR, backspace, BEL, DEL...), but tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without control sequences or control characters; tabs and newlines kept."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))
