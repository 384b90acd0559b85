"""The catalogue of bad input: everything a beginner can feed the grader.

Each case asserts a clear message, the right verdict or exit code, no student
file changed and no temporary folder left behind. Cases that fit the sample
model live in tests/samples/lesson_01_parser_cart/ (each a diff) and are judged by
test_grader.py with the same checks:

| case | where |
|---|---|
| a syntax error | samples broken__syntax_error |
| importing a name that does not exist | samples broken__import_error |
| a test that calls sys.exit() / os._exit() | samples broken__sys_exit, broken__os_exit |
| an infinite loop / a long sleep | samples timeout__endless_loop, timeout__long_sleep |
| a test that writes files into its working directory | samples caught__writes_into_cwd |
| a student who edited the unit tests to go green | samples caught__unit_tests_edited_bug_kept |
| a conftest hook that hides a red unit test | samples unit-red__hook_hides_unit_failures |
| a unit test function deleted | samples unit-red__deleted_one_unit_test |
| a unit test kept by name but emptied | samples caught__gutted_unit_test |
| a unit test module that patches a component | samples caught__monkeypatch_in_unit_test |
| a hook assigned in a plugin module a test file names | samples caught__assigned_hook_in_plugin |
| a test of the components' bytes | samples wrong-expectation__hashes_the_source |
| a test of the components' file sizes | samples wrong-expectation__size_fingerprint |
| a run told by its inode numbers | samples wrong-expectation__inode_order |
| a run told by which files its build wrote again | samples misses-bug__files_a_variant_rewrote |
| an expression too deep to read as a syntax tree | lesson 02 sample broken__deep_expression |
| a bound that kills the whole process group | test_grader.py |
| a test that runs a program on the database server | test_services.py, a lesson 12 sample |
| a child process that outlives its test | here |
| megabytes of output | here |
| control sequences in a test's name, output and message | a sample; here, text and JSON |
| a fake verdict block and bidi controls in a test's output | a sample; here, text and JSON |
| a deleted or renamed test_integration.py | here |
| two runs at once | here |
| Ctrl-C in the middle of a verdict | here |
| a clone path with spaces and non-ASCII letters | here |
| a missing or broken .venv | here (a missing one is the first run) |
| make lesson-99, make lesson-x | test_cli.py |
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import (
    Started,
    copy_repo,
    kata_command,
    kata_env,
    lay_sample,
    marked_after,
    marked_processes,
    run_kata,
    sample_tree,
    shipped_lessons,
    sleeper,
    snapshot,
    started_once,
)

LESSON = "lesson_01_parser_cart"


def _caught() -> Path:
    """The caught sample's test file, a test that passes on a correct lesson 01."""
    return sample_tree(LESSON, "caught__total_of_two_roti") / "test_integration.py"


def _student(repo: Path) -> Path:
    return repo / "lessons" / LESSON / "test_integration.py"


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "zombie" not in status.lower()


needs_proc = pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads /proc")


def _marker() -> str:
    return f"kata-test-sleeper-{os.getpid()}-{time.monotonic_ns()}"


@pytest.mark.slow
@needs_proc
def test_a_child_process_that_outlives_its_test_is_killed(repo_copy, tmp_path):
    marker = _marker()
    _student(repo_copy).write_text(
        _caught().read_text()
        + f"""

def test_starts_a_helper_and_returns():
    import subprocess, sys
    subprocess.Popen({sleeper(marker)})
""",
        encoding="utf-8",
    )
    done = run_kata(repo_copy, "check", "01", "--json", tmpdir=tmp_path)
    assert json.loads(done.stdout)["state"] == "caught"  # so every Popen succeeded
    time.sleep(0.2)
    assert marked_processes(marker) == []


@pytest.mark.slow
@needs_proc
@pytest.mark.parametrize("sandbox", ["", "no-namespaces"], ids=["pid-namespace", "subreaper"])
def test_a_process_that_leaves_the_process_group_does_not_outlive_the_verdict(
    repo_copy, tmp_path, sandbox
):
    """New sessions, a double fork and a 130-deep chain of fork + setsid: all end."""
    marker = _marker()
    _student(repo_copy).write_text(
        _caught().read_text()
        + f"""

def _escape(depth):
    import os, sys
    read, write = os.pipe()
    if os.fork() == 0:
        os.setsid()
        if depth > 1 and os.fork() != 0:
            os._exit(0)  # the middle one leaves: its child is orphaned
        if depth > 1:
            _escape(depth - 1)
        os.write(write, b"x")
        os.execv(sys.executable, {sleeper(marker)})
    assert os.read(read, 1) == b"x"  # the end of the chain is asleep: it started


def test_leaves_sleepers_behind():
    import subprocess, sys
    for _ in range(3):
        subprocess.Popen({sleeper(marker)}, start_new_session=True)
    _escape(2)
    _escape(130)
""",
        encoding="utf-8",
    )
    done = run_kata(repo_copy, "check", "01", "--json", tmpdir=tmp_path, KATA_SANDBOX=sandbox)
    assert json.loads(done.stdout)["state"] == "caught", done.stderr  # so all of them started
    expected = "pid namespace" if sandbox == "" else "subreaper"
    assert json.loads(done.stdout)["sandbox"]["processes"] == expected
    time.sleep(0.2)
    assert marked_processes(marker) == []


@pytest.mark.slow
def test_escape_sequences_from_a_test_never_reach_the_terminal(repo_copy):
    _student(repo_copy).write_text(
        "import pytest\n\n\n@pytest.mark.integration\ndef test_repaints_the_screen():\n"
        "    print('\\x1b[2J\\x1b[H\\x1b]0;owned\\x07')\n"
        "    assert False, '\\x1b[2J\\x1b[1;1H\\x1b[32mverdict: fixed\\x1b[0m'\n",
        encoding="utf-8",
    )
    for verb in ("lesson",):  # the pytest output, the verdict and its evidence
        done = run_kata(repo_copy, verb, "01", FORCE_COLOR="1")
        assert "verdict: wrong-expectation" in done.stdout or "verdict: " in done.stdout
        assert "\x1b[2J" not in done.stdout and "\x1b]" not in done.stdout
        assert "\x1b[H" not in done.stdout and "\x1b[1;1H" not in done.stdout


ESCAPES = "wrong-expectation__escape_sequences"
#: Every C0 and C1 control character but tab and newline; bidi controls and
#: invisible formatting characters.
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")


def _strings(value: object) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.slow
def test_no_control_sequence_of_a_test_reaches_the_screen_or_the_json(repo_copy):
    """Conceal, a window title and an 8-bit CSI, in a test's name, output and message."""
    lay_sample(LESSON, ESCAPES, repo_copy / "lessons" / LESSON)
    for env in ({}, {"NO_COLOR": "", "FORCE_COLOR": "1"}):
        done = run_kata(repo_copy, "check", "01", "--json", **env)
        report = json.loads(done.stdout)
        assert report["state"] == "wrong-expectation", done.stderr
        texts = list(_strings(report))
        assert any("on purpose" in text for text in texts)  # the message is kept, cleaned
        assert any("test_named" in text for text in texts)
        assert [text for text in texts if CONTROL.search(text)] == []
    for verb in ("check", "lesson"):
        for env in ({}, {"NO_COLOR": ""}):  # NO_COLOR set; unset, but not a terminal
            shown = run_kata(repo_copy, verb, "01", **env).stdout
            assert "on purpose" in shown
            assert CONTROL.search(shown) is None, repr(shown)
        coloured = run_kata(repo_copy, verb, "01", NO_COLOR="", FORCE_COLOR="1").stdout
        assert SGR.search(coloured)  # the kata's own colour is on
        assert CONTROL.search(SGR.sub("", coloured)) is None, repr(coloured)
        student = [found.end() for found in re.finditer("on purpose|by the test", coloured)]
        assert student
        for end in student:  # whatever colour the kata had on is reset after student text
            after = SGR.search(coloured, end)
            assert after is not None and after[0] == "\x1b[0m", repr(coloured[end - 40 : end + 40])


FAKE_VERDICT = "broken__fake_verdict_under_the_header"


@pytest.mark.slow
def test_a_fake_verdict_written_by_a_test_stays_behind_the_gutter(repo_copy):
    """It shows under the kata's own verdict rule (the process ended), framed, without bidi."""
    lay_sample(LESSON, FAKE_VERDICT, repo_copy / "lessons" / LESSON)
    for verb in ("lesson", "check"):
        shown = run_kata(repo_copy, verb, "01").stdout
        lines = shown.splitlines()
        ours = [line for line in lines if not line.startswith("│")]
        assert [line.split(" ─")[0] for line in ours if "verdict:" in line] == [
            "── verdict: broken"
        ], shown
        assert [line for line in ours if line.startswith(("Lesson complete", "status"))] == []
        assert [line for line in ours if line.startswith("next:")] == [
            "next: That is an error in the test itself, not the seam bug: fix it and run again."
        ]
        framed = [line.removeprefix("│ ") for line in lines if line.startswith("│")]
        assert any(line.startswith("── verdict: fixed") for line in framed)  # shown, framed
        assert "status: dekcehc ton | tnemngissa rof 01/01" in framed  # without its bidi
        assert CONTROL.search(shown) is None, repr(shown)
    report = json.loads(run_kata(repo_copy, "check", "01", "--json").stdout)
    assert report["state"] == "broken" and "ended without a report" in report["message"]
    assert [text for text in _strings(report) if CONTROL.search(text)] == []


@pytest.mark.slow
def test_a_deleted_unit_test_file_is_unit_red_not_fixed(repo_copy):
    lay_sample(LESSON, "fixed__parser_returns_float", repo_copy / "lessons" / LESSON)
    (repo_copy / "lessons" / LESSON / "test_parser.py").unlink()
    report = json.loads(run_kata(repo_copy, "check", "01", "--json").stdout)
    assert report["state"] == "unit-red"
    assert "test_parser.py" in report["message"]


@pytest.mark.slow
def test_a_component_linked_to_the_solution_is_not_read(repo_copy):
    """A link is not a lesson file: the solved parser behind it never reaches a run."""
    lesson = repo_copy / "lessons" / LESSON
    shutil.copyfile(repo_copy / "solutions" / LESSON / "test_integration.py", _student(repo_copy))
    (lesson / "parser.py").unlink()
    (lesson / "parser.py").symlink_to(repo_copy / "solutions" / LESSON / "parser.py")
    report = json.loads(run_kata(repo_copy, "check", "01", "--json").stdout)
    assert report["state"] == "unit-red"
    assert "parser.py is a link, so the kata did not read it" in report["integrity"]


@pytest.mark.slow
def test_a_deleted_component_is_unit_red(repo_copy):
    lay_sample(LESSON, "caught__total_of_two_roti", repo_copy / "lessons" / LESSON)
    (repo_copy / "lessons" / LESSON / "cart.py").unlink()
    report = json.loads(run_kata(repo_copy, "check", "01", "--json").stdout)
    assert report["state"] == "unit-red"
    assert "cart" in report["message"]


def test_a_deleted_manifest_is_exit_3_with_a_message(repo_copy):
    manifest = repo_copy / "solutions" / LESSON / "lesson.toml"
    manifest.unlink()
    done = run_kata(repo_copy, "check", "01")
    assert done.returncode == 3
    assert f"solutions/{LESSON} has no lesson.toml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_venv_python_that_fails_is_exit_3_with_a_message(repo_copy):
    from kata.course.environment import wanted_stamp

    venv_bin = repo_copy / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    (venv_bin / "python").chmod(0o755)
    (repo_copy / ".venv" / ".kata-installed").write_text(wanted_stamp(repo_copy) + "\n")
    env = {k: v for k, v in kata_env().items() if k != "VIRTUAL_ENV"}
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    done = subprocess.run(
        [str(base_python), "-m", "kata", "list"],
        cwd=repo_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert "does not start" in done.stderr
    assert "setup --fresh" in done.stderr


@pytest.mark.slow
def test_grading_with_the_solutions_supplied_at_grading_time(repo_copy, tmp_path):
    """A class hands out lessons/ without solutions/; the grader brings them."""
    withheld = tmp_path / "answers"
    shutil.move(repo_copy / "solutions", withheld)
    lay_sample(LESSON, "caught__total_of_two_roti", repo_copy / "lessons" / LESSON)
    without = run_kata(repo_copy, "check", "01")
    assert without.returncode == 3
    assert "--solutions DIR" in without.stderr
    graded = run_kata(repo_copy, "check", "01", "--json", "--solutions", str(withheld))
    assert json.loads(graded.stdout)["state"] == "caught", graded.stderr
    assert not (repo_copy / "solutions").exists()


@pytest.mark.slow
def test_megabytes_of_output_are_cut_short(repo_copy):
    loud = "    cart = Cart()\n    print('roti ' * 40_000)\n"
    _student(repo_copy).write_text(
        _caught().read_text().replace("    cart = Cart()\n", loud, 1),
        encoding="utf-8",
    )
    done = run_kata(repo_copy, "lesson", "01")
    assert done.returncode == 0
    assert "bytes of output cut" in done.stdout
    assert len(done.stdout) < 300_000
    assert "verdict: caught" in done.stdout
    report = run_kata(repo_copy, "check", "01", "--json")
    assert len(report.stdout) < 100_000
    assert json.loads(report.stdout)["state"] == "caught"


def test_a_deleted_test_file_is_no_test_with_a_way_back(repo_copy):
    _student(repo_copy).unlink()
    before = snapshot(repo_copy / "lessons")
    done = run_kata(repo_copy, "lesson", "01")
    assert done.returncode == 0
    assert "verdict: no-test" in done.stdout
    assert "There is no lessons/lesson_01_parser_cart/test_integration.py" in done.stdout
    assert "git checkout" in done.stdout
    assert snapshot(repo_copy / "lessons") == before
    restored = run_kata(repo_copy, "reset", "01", "--yes")
    assert restored.returncode == 0
    assert _student(repo_copy).is_file()


def test_a_renamed_test_file_is_no_test_and_left_alone(repo_copy):
    renamed = _student(repo_copy).with_name("test_my_integration.py")
    shutil.copyfile(_caught(), renamed)
    _student(repo_copy).unlink()
    before = snapshot(repo_copy / "lessons")
    report = json.loads(run_kata(repo_copy, "check", "01", "--json").stdout)
    assert report["state"] == "no-test"
    assert "There is no" in report["message"]
    assert snapshot(repo_copy / "lessons") == before


def _start_two_runs() -> Started:
    """Two `make lesson-01` at once (as `python -m kata lesson 01`) and a `progress`."""

    def start() -> Started:
        base = Path(tempfile.mkdtemp(prefix="kata-two-runs-"))
        repo = copy_repo(base / "repo")
        shutil.copyfile(_caught(), _student(repo))
        scratch = base / "tmp"
        scratch.mkdir()
        env = kata_env(scratch)
        before = snapshot(repo / "lessons")  # taken before anything runs
        runs = [
            subprocess.Popen(
                kata_command(*args),
                cwd=repo,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in (("lesson", "01"), ("lesson", "01"), ("progress", "--json"))
        ]
        return Started(runs, base, repo, before)

    return started_once("two runs", start)


@pytest.fixture(scope="session")
def two_runs() -> Iterator[Started]:
    job = _start_two_runs()
    try:
        yield job
    finally:
        shutil.rmtree(job.base, ignore_errors=True)


def test_two_runs_at_once_both_finish(two_runs):
    (code_1, out_1, _), (code_2, out_2, _), (code_3, progress, err) = two_runs.finish()
    assert [code_1, code_2, code_3] == [0, 0, 0], err
    assert "verdict: caught" in out_1 and "verdict: caught" in out_2
    assert json.loads(progress)["lessons"][0]["state"] == "caught"
    assert snapshot(two_runs.repo / "lessons") == two_runs.before
    assert list((two_runs.base / "tmp").iterdir()) == []


@needs_proc
def test_ctrl_c_during_a_verdict_stops_everything_and_keeps_the_files(repo_copy, tmp_path):
    marker = _marker()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    _student(repo_copy).write_text(
        f"""
import subprocess, sys, time
import pytest

@pytest.mark.integration
def test_slow():
    subprocess.Popen({sleeper(marker)})
    time.sleep(30)
""",
        encoding="utf-8",
    )
    before = snapshot(repo_copy / "lessons")
    verdict = subprocess.Popen(
        kata_command("check", "01", "--timeout", "60"),
        cwd=repo_copy,
        env=kata_env(scratch),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while len(marked_processes(marker)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marked_processes(marker), "the runs never started"
    verdict.send_signal(signal.SIGINT)
    _, stderr = verdict.communicate(timeout=20)
    assert verdict.returncode == 130
    assert "interrupted; your files are untouched" in stderr
    assert "Traceback" not in stderr
    time.sleep(0.2)
    assert marked_processes(marker) == []
    assert list(scratch.iterdir()) == []
    assert snapshot(repo_copy / "lessons") == before


@pytest.mark.slow
def test_a_clone_path_with_spaces_and_non_ascii_letters(tmp_path):
    repo = copy_repo(tmp_path / "my kata ñandú" / "répo 1")
    shutil.copyfile(_caught(), _student(repo))
    done = subprocess.run(
        ["make", "--no-print-directory", "lesson-01", f"PYTHON={sys.executable}"],
        cwd=repo,
        env=kata_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "verdict: caught" in done.stdout
    assert "lessons/lesson_01_parser_cart/test_integration.py" in done.stdout


def _start_broken_venv() -> Started | None:
    """A .venv whose Python is gone, and no package index: rebuilding it cannot finish."""
    system_python = Path(sys.base_prefix) / "bin" / "python3"
    if not system_python.exists():
        return None

    def start() -> Started:
        base = Path(tempfile.mkdtemp(prefix="kata-broken-venv-"))
        repo = copy_repo(base / "repo")
        venv_bin = repo / ".venv" / "bin"
        venv_bin.mkdir(parents=True)
        (venv_bin / "python").write_text("not a python\n", encoding="utf-8")
        (venv_bin / "python").chmod(0o755)
        no_packages = base / "no-packages"
        no_packages.mkdir()
        env = {
            **kata_env(),
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(no_packages),
            "PIP_CONFIG_FILE": os.devnull,
        }
        env.pop("VIRTUAL_ENV", None)
        run = subprocess.Popen(
            [str(system_python), "-m", "kata", "lesson", "01"],
            cwd=repo,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        return Started([run], base, repo)

    return started_once("broken venv", start)


@pytest.fixture(scope="session")
def broken_venv() -> Iterator[Started]:
    job = _start_broken_venv()
    if job is None:
        pytest.skip("no base interpreter to start from")
    try:
        yield job
    finally:
        shutil.rmtree(job.base, ignore_errors=True)


BACKGROUND_JOBS = {"two_runs": _start_two_runs, "broken_venv": _start_broken_venv}


@pytest.mark.slow
def test_a_broken_venv_is_rebuilt_or_says_how_to_recover(broken_venv):
    """A .venv whose Python is gone: the kata rebuilds it, and says what to do if it can't."""
    [(code, _, stderr)] = broken_venv.finish()
    assert code == 3
    assert "broken; recreating it" in stderr
    assert "python -m kata setup" in stderr  # as it was run: not through make
    assert "Traceback" not in stderr
    lessons = snapshot(broken_venv.repo / "lessons")
    assert lessons.pop("conftest.py")  # beside the lessons, from `kata sync`
    assert lessons == snapshot(shipped_lessons())


def test_trimming_the_result_cache_tolerates_other_processes(tmp_path):
    """Two runs at once share .kata/runs/: one may see a file the other is renaming."""
    from kata.runs import cache

    runs = tmp_path / ".kata" / "runs"
    runs.mkdir(parents=True)
    (runs / ".tmp-being-written.json").write_text("{}", encoding="utf-8")
    (runs / "vanished.json").symlink_to(tmp_path / "gone")  # stat() fails as if renamed
    for number in range(cache._KEEP_RUNS + 3):
        (runs / f"{number:04d}.json").write_text("{}", encoding="utf-8")
    cache._trim(tmp_path)
    kept = sorted(path.name for path in runs.glob("[0-9]*.json"))
    assert len(kept) == cache._KEEP_RUNS
    assert (runs / ".tmp-being-written.json").exists()


def test_the_fork_server_takes_a_warm_up_request_after_warming_up_while_idle(tmp_path):
    """A server left idle warms up by itself; a later request to warm up changes nothing."""
    from kata.runs import model, run

    server = run._Server(("sqlite3",))
    try:
        while not server.ready:
            server._line(block=True)
        time.sleep(0.5)  # idle: it warms up on its own meanwhile
        server.warm()
        tree = tmp_path / "tree"
        tree.mkdir()
        (tree / "test_x.py").write_text("def test_x():\n    assert True\n", encoding="utf-8")
        scratch, private = tmp_path / "scratch", tmp_path / "private"
        scratch.mkdir()
        private.mkdir()
        server.start(model.Run("x", tree, ("test_x.py",)), scratch, private)
        deadline = time.monotonic() + 60
        code = None
        while code is None and time.monotonic() < deadline:
            code = server.exit_code(server.next_id)
            time.sleep(0.01)
        assert code == 0, (private / "output.txt").read_text(encoding="utf-8")
    finally:
        server.close()


def _postgres_of(folder_prefix: str) -> list[int]:
    """Pids of PostgreSQL processes whose data folder starts with ``folder_prefix``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "postgres" in command and folder_prefix in command:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
@needs_proc
def test_no_postgresql_outlives_a_verdict_that_is_killed(repo_copy):
    """The verdict's server is stopped by its keeper when the kata dies, even by SIGKILL."""
    lesson = "lesson_12_stock_lost_update"
    lay_sample(lesson, "caught__two_at_once", repo_copy / "lessons" / lesson)
    before = set(_postgres_of("kata-postgres-"))
    verdict = subprocess.Popen(
        kata_command("check", "12"), cwd=repo_copy, env=kata_env(), stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not set(_postgres_of("kata-postgres-")) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(_postgres_of("kata-postgres-")) - before, "the server never started"
    verdict.kill()
    verdict.wait()
    deadline = time.monotonic() + 30
    while set(_postgres_of("kata-postgres-")) - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not set(_postgres_of("kata-postgres-")) - before


@needs_proc
def test_a_spawned_run_does_not_outlive_a_kata_that_is_killed(repo_copy):
    """Without a fork server (macOS, Windows, ``KATA_SPAWN=1``) each run is the kata's own
    child: it ends with the kata, and everything it started with it, even after SIGKILL."""
    marker = f"kata-spawned-sleeper-{os.getpid()}-{time.monotonic_ns()}"
    (repo_copy / "lessons" / "lesson_01_parser_cart" / "test_integration.py").write_text(
        f"""
import subprocess, sys, time
import pytest

@pytest.mark.integration
def test_starts_a_child_and_hangs():
    subprocess.Popen({sleeper(marker)})
    time.sleep(60)
""",
        encoding="utf-8",
    )
    verdict = subprocess.Popen(
        kata_command("check", "01"),
        cwd=repo_copy,
        env=kata_env(KATA_SPAWN="1"),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not marked_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marked_processes(marker), "no run started"
    verdict.kill()
    verdict.wait()
    assert marked_after(marker, seconds=30) == []
