"""The paths people read in a run's output: the lesson's own, never a run folder.

Every run happens in a copy of the lesson under a random name in a temporary folder
(``/dev/shm/kata-…/qwertyuiopas/``); pytest and Python name those folders in
tracebacks and messages. A student must read the file they edit instead
(``lessons/lesson_06_login_token/test_integration.py``), and a run's temporary
folder (``tmp_path``, ``TMPDIR``) as ``<tmp>``. Results are rewritten as they are
read, before they are cached, so a reused result names no folder of an earlier run.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from kata import ROOT

if TYPE_CHECKING:
    from kata.runs.model import Result

#: What a run's temporary folder is shown as.
TMP = "<tmp>"
#: Any path into the kata's temporary folders (``tempfile.mkdtemp(prefix="kata-")``) that
#: the rewriting of a run's own folders left: another run's, a service's (also written
#: URL-encoded, as in a database URL's ``host=%2Fdev%2Fshm%2Fkata-postgres-…``).
_SLASH = r"(?:/|%2[Ff])"
_LEFTOVER = re.compile(
    rf"(?:{_SLASH}[\w.+@~-]+)*{_SLASH}kata-(?:[a-z]+-)?[a-z0-9_]{{8}}(?![\w-])"
    rf"(?:{_SLASH}[a-z]{{12}}(?![\w-]))?"
)


def shown(path: os.PathLike[str] | str) -> str:
    """A path as a student types it: relative to the repository when inside it."""
    try:
        return os.path.relpath(path, ROOT) if str(path).startswith(str(ROOT)) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _spellings(path: Path) -> list[str]:
    """``path`` as it may be written: as given and resolved (``/tmp`` may be a link)."""
    found = [str(path)]
    with suppress(OSError):
        found.append(str(path.resolve()))
    return sorted(set(found), key=len, reverse=True)


def rewrite(text: str, tree: Path, shown_as: str, scratch: Path) -> str:
    """``text`` with ``tree`` named as ``shown_as`` (when given) and ``scratch`` as ``<tmp>``;
    whatever else names a folder of the kata's is ``<tmp>`` too."""
    if not text:
        return text
    for spelling in _spellings(scratch):
        text = text.replace(spelling, TMP)
    if shown_as:
        for spelling in _spellings(tree):
            text = text.replace(spelling, shown_as)
    return _LEFTOVER.sub(TMP, text)


def as_shown(result: Result, scratch: Path) -> Result:
    """``result`` (changed in place) with every path in its output and records rewritten."""
    run = result.run

    def fix(text: str) -> str:
        return rewrite(text, run.tree, run.shown_as, scratch)

    result.output = fix(result.output)
    for record in [*result.tests, *result.collect_errors]:
        record.message, record.details = fix(record.message), fix(record.details)
    return result
