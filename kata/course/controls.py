"""Terminal control sequences, removed from everything a student's code can write.

A test's name, output and failure message, file names in a lesson folder and
anything derived from them reach a terminal or a JSON reader. There, an escape
sequence can hide text (``ESC[8m``), repaint or retitle the screen, or fake a
verdict; so every one goes, colour included. So do the invisible Unicode
formatting characters: bidi controls reorder what a reader sees (``U+202E``
shows "dekcehc ton" as "not checked"), zero-width ones hide text or split a
word a reader searches for. Standard library only: the class report and the
bootstrap use it too.
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
#: What is left of C0 and C1 (CR, backspace, BEL, DEL...), but tab and newline; and
#: the invisible Unicode formatting characters (category Cf, but those that print).
_CONTROL = re.compile(
    "["
    r"\x00-\x08\x0b-\x1f\x7f-\x9f"
    r"\u00ad"  # soft hyphen
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, isolates
    r"\u200b-\u200d\u2060-\u2064\ufeff"  # zero-width space, joiners, word joiner, BOM
    r"\u2028\u2029"  # line and paragraph separators: a line break to some readers
    r"\u180e\u206a-\u206f\ufff9-\ufffb"  # other invisible format controls
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"  # shorthand and musical format controls
    r"\U000e0001\U000e0020-\U000e007f"  # tag characters: invisible letters
    "]"
)


def clean(text: str) -> str:
    """``text`` without control sequences or invisible characters; tabs and newlines kept."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))
