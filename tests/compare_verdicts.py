"""What a student reads that differs between two judgings of every sample.

    python tests/compare_verdicts.py BEFORE.json AFTER.json [-v]

Both files come from ``KATA_SAMPLES_JSON=FILE`` (tests/test_grader.py). Compared per
sample: exit code, state, status, completeness, message, next step, hint, integrity
notes, the verdict block of the text (pytest's own report above it left out), and for
caught and fixed the mutants killed. Left out: durations, addresses, ports, temporary
paths, and for flaky and timeout everything but the state (which run disagreed or hung
first is timing). Exit 1 when any sample differs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

VOLATILE = (
    (r"0x[0-9a-f]+", "0x…"),
    (r"\d+(\.\d+)?\s?(ms|s)\b", "<t>"),
    (r"/\S+/\.venv/", "<venv>/"),
    (r"(/dev/shm|/tmp)/[\w./-]+", "<path>"),
    (r"kata_[0-9a-f]{16}", "kata_…"),
    (r"127\.0\.0\.1:\d+", "127.0.0.1:…"),
    (r"id='\d+'", "id=…"),
    (r"-\w{8}<tmp>", "<tmp>"),
    (r"\.\.\.[\w-]*<tmp>", "...<tmp>"),  # a long value cut inside a temporary name
    (r"configfile: \S+", "configfile: …"),
)
FIELDS = ("state", "status", "complete", "message", "next_step", "hint", "integrity", "scope")
VERDICT_BLOCK = "── verdict:"


def steady(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = re.sub(pattern, replacement, text)
    return text


def what_a_student_reads(entry: dict[str, Any]) -> dict[str, Any]:
    report = entry["report"]
    if report.get("state") in ("flaky", "timeout"):
        return {"code": entry["code"], "state": report.get("state")}
    text = report.get("_text", "")
    shown: dict[str, Any] = {
        "code": entry["code"],
        "verdict": steady(text[text.find(VERDICT_BLOCK) :]),
    }
    for name in FIELDS:
        shown[name] = steady(json.dumps(report.get(name), sort_keys=True))
    mutants = report.get("mutants")
    if report.get("state") in ("caught", "fixed") and isinstance(mutants, dict):
        shown["mutants"] = (mutants.get("killed"), mutants.get("total"))
    return shown


def main(argv: list[str]) -> int:
    before, after = (json.loads(Path(name).read_text(encoding="utf-8")) for name in argv[:2])
    differ = 0
    for sample in sorted(set(before) | set(after)):
        if sample not in before or sample not in after:
            print(f"{sample}: judged only {'after' if sample in after else 'before'}")
            differ += 1
            continue
        old, new = what_a_student_reads(before[sample]), what_a_student_reads(after[sample])
        changed = [name for name in old if old[name] != new.get(name)]
        if changed:
            differ += 1
            print(f"{sample}: {', '.join(changed)} differ")
            for name in changed if "-v" in argv else ():
                print(f"  {name}:\n    - {old[name]!r}\n    + {new.get(name)!r}")
    print(f"{differ} of {len(before)} samples differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
