"""Run ``python -m kata`` many times in one interpreter: one command line per request.

Started with the repository copy as its working directory, it reads JSON lines
``{"argv": [...]}`` on stdin and answers each with ``{"code", "stdout", "stderr"}``
on stdout. Each request runs the kata's ``__main__`` exactly as ``python -m kata``
does, with file descriptors 1 and 2 sent to files of their own, so the kata and the
test processes it forks write where they would in a fresh process. Only the
interpreter start-up, the imports and pytest's warm-up are shared between requests,
which is what makes judging dozens of samples affordable.
"""

from __future__ import annotations

import io
import json
import os
import runpy
import sys
import tempfile


def _exit_code(error: SystemExit) -> int:
    if error.code is None:
        return 0
    return error.code if isinstance(error.code, int) else 1


def _cached_verdict(lesson: str, timeout: str) -> int:
    """``check LESSON --json`` as a student's reruns reach it: through the result cache,
    with the text ``lesson LESSON --verbose`` would show under ``_text``.

    Grading mode never reads the cache; judging dozens of samples of one lesson in
    turn does, so a sample whose test an earlier one already ran reuses those runs.
    The verdict is the same either way: the cache is keyed by every input of a run.
    """
    from kata.course.discover import find_lesson
    from kata.verdict.grade import check
    from kata.views.report import Style, render, write_output
    from kata.views.shapes import verdict_json

    verdict = check(find_lesson(lesson), float(timeout))
    report = verdict_json(verdict)
    text = io.StringIO()  # the text a student reads (`lesson NN --verbose`), for tests of it
    for result in (verdict.units, verdict.yours):
        write_output(result, Style(False, 10_000), text)
    report["_text"] = text.getvalue() + render(verdict, Style(False, 10_000))
    print(json.dumps(report), flush=True)
    return 0 if verdict.complete else 1


def run_once(argv: list[str], capture_dir: str) -> dict[str, object]:
    with (
        tempfile.TemporaryFile(dir=capture_dir) as out,
        tempfile.TemporaryFile(dir=capture_dir) as err,
    ):
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.argv = ["kata", *argv]
        try:
            if argv[0] == "cached-verdict":
                code = _cached_verdict(*argv[1:])
            else:
                runpy.run_module("kata", run_name="__main__", alter_sys=True)
                code = 0
        except SystemExit as error:
            code = _exit_code(error)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        out.seek(0)
        err.seek(0)
        return {
            "code": code,
            "stdout": out.read().decode("utf-8", errors="replace"),
            "stderr": err.read().decode("utf-8", errors="replace"),
        }


def main() -> None:
    capture_dir = sys.argv[1]
    sys.path[0] = os.getcwd()  # the repository copy, as for `python -m kata` run there
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    for line in sys.stdin:
        answers.write(json.dumps(run_once(json.loads(line)["argv"], capture_dir)) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
