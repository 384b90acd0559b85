"""The student and instructor verbs, run as people run them: a subprocess in a copy."""

from __future__ import annotations

import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kata.course.diffs import parse
from kata.course.discover import find_lessons
from kata.course.trees import SOLUTION_ONLY, lesson_files
from tests.conftest import (
    ROOT,
    kata_command,
    kata_env,
    lay_sample,
    run_kata,
    shipped_lessons,
    snapshot,
)

LESSONS = find_lessons(ROOT)
LESSON_01 = "lesson_01_parser_cart"


def _apply(repo: Path, sample: str, lesson: str = LESSON_01) -> None:
    lay_sample(lesson, sample, repo / "lessons" / lesson)


@pytest.mark.slow
def test_progress_shows_every_lesson_no_test_then_answers_from_the_cache(repo_copy):
    first = run_kata(repo_copy, "progress", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert [row["state"] for row in report["lessons"]] == ["no-test"] * len(LESSONS)
    assert report["next"] == "01"
    assert not any(row["cached"] for row in report["lessons"])
    _apply(repo_copy, "caught__total_of_two_roti")
    second = json.loads(run_kata(repo_copy, "progress", "--json").stdout)
    assert [row["cached"] for row in second["lessons"]] == [False] + [True] * (len(LESSONS) - 1)
    assert second["lessons"][0]["state"] == "caught"
    assert second["next_command"] == "python -m kata lesson 01"
    table = run_kata(repo_copy, "progress").stdout
    assert "Next: python -m kata lesson 01" in table
    through_make = run_kata(repo_copy, "progress", MAKELEVEL="1").stdout
    assert "Next: make lesson-01" in through_make and "python -m kata" not in through_make
    assert f"░ 0/{len(LESSONS)}" in table  # the bar: nothing complete yet
    for lesson in LESSONS:
        assert lesson.title in table


@pytest.mark.portable
def test_progress_installs_what_the_lessons_it_judges_need_first_and_once(monkeypatch, tmp_path):
    """On a fresh .venv lesson 09 needs requests before it is judged: one install for
    every lesson to judge, before the first verdict; none for a verdict it reuses."""
    from kata.verdict import progress as module
    from kata.verdict.grade import Verdict

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(module, "ensure", lambda chosen: calls.append(("install", chosen)))

    def judge(lesson, timeout):
        calls.append(("judge", lesson.number))
        return Verdict(lesson, "no-test")

    monkeypatch.setattr(module, "check", judge)
    module.progress(LESSONS, 5.0, tmp_path)
    assert calls[0] == ("install", LESSONS)
    assert calls[1:] == [("judge", lesson.number) for lesson in LESSONS]
    calls.clear()
    module.progress(LESSONS, 5.0, tmp_path)
    assert calls == [("install", [])]  # every row reused: nothing to install or judge
    payment = next(lesson for lesson in LESSONS if "requests>=2.31" in lesson.requires)
    have = module.installed
    monkeypatch.setattr(  # requests is not installed now
        module, "installed", lambda wanted: "" if wanted.startswith("requests") else have(wanted)
    )
    module.progress(LESSONS, 5.0, tmp_path)
    assert calls[1:] == [("install", [payment]), ("judge", payment.number)]


@pytest.mark.slow
@pytest.mark.portable
def test_a_verdict_shows_no_hint_only_where_the_next_one_is_counted_from_those_opened(
    repo_copy,
):
    """Issue 21: a verdict's hint line showed the last hint opened whatever the test did,
    and went back to hint 1 after a reset although two had been opened."""
    hints = LESSONS[0].hints
    shown = run_kata(repo_copy, "lesson", "01").stdout
    assert f"shows hint 1/{len(hints)}." in shown and hints[0] not in shown  # no-test
    assert hints[0] in run_kata(repo_copy, "hint", "01").stdout
    assert hints[1] in run_kata(repo_copy, "hint", "01").stdout
    _apply(repo_copy, "misses-bug__hand_built_line")
    missed = run_kata(repo_copy, "check", "01").stdout
    assert "verdict: misses-bug" in missed and f"shows hint 3/{len(hints)}." in missed
    assert not any(hint in missed for hint in hints)
    assert run_kata(repo_copy, "reset", "01", "--yes").returncode == 0
    again = run_kata(repo_copy, "check", "01").stdout
    assert "verdict: no-test" in again and f"shows hint 3/{len(hints)}." in again
    run_kata(repo_copy, "hint", "01", "--all")  # every hint read: the count says so
    assert f"You have seen all {len(hints)} hints" in run_kata(repo_copy, "check", "01").stdout


@pytest.mark.portable
def test_hint_reveals_one_more_each_call_and_all_on_request(repo_copy):
    hints = LESSONS[0].hints
    first = run_kata(repo_copy, "hint", "01").stdout
    second = run_kata(repo_copy, "hint", "1").stdout
    assert hints[0] in first and hints[1] not in first
    assert hints[1] in second and hints[0] not in second
    everything = run_kata(repo_copy, "hint", "01", "--all").stdout
    assert all(hint in everything for hint in hints)
    for _ in hints:
        last = run_kata(repo_copy, "hint", "01").stdout
    assert hints[-1] in last and "last hint" in last
    assert (repo_copy / ".kata" / "hints.json").is_file()
    assert ".kata/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.portable
def test_reset_keeps_a_restorable_backup_of_every_changed_file(repo_copy):
    folder = repo_copy / "lessons" / LESSON_01
    shipped = snapshot(folder)
    _apply(repo_copy, "fixed__parser_returns_float")
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (folder / "test_cart.py").unlink()
    edited = snapshot(folder)

    refused = run_kata(repo_copy, "reset", "01")
    assert refused.returncode == 1
    assert "--yes" in refused.stderr
    assert snapshot(folder) == edited

    done = run_kata(repo_copy, "reset", "01", "--yes")
    assert done.returncode == 0, done.stderr
    assert snapshot(folder) == shipped
    backups = list((repo_copy / ".kata" / "backups").iterdir())
    assert len(backups) == 1
    assert snapshot(backups[0]) == edited
    assert backups[0].relative_to(repo_copy).as_posix() in done.stdout
    shutil.copytree(backups[0], folder, dirs_exist_ok=True)
    (folder / "test_cart.py").unlink()
    assert snapshot(folder) == edited  # the backup restores the student's work exactly

    again = run_kata(repo_copy, "reset", "01", "--yes")
    assert again.returncode == 0
    assert len(list((repo_copy / ".kata" / "backups").iterdir())) == 2


@pytest.mark.portable
def test_reset_of_an_untouched_lesson_changes_nothing(repo_copy):
    done = run_kata(repo_copy, "reset", "02", "--yes")
    assert done.returncode == 0
    assert "nothing to reset" in done.stdout
    assert not (repo_copy / ".kata" / "backups").exists()


@pytest.mark.slow
@pytest.mark.portable
def test_compare_warns_before_spoilers_and_never_changes_the_lesson(repo_copy):
    _apply(repo_copy, "caught__total_of_two_roti")
    before = snapshot(repo_copy / "lessons")
    refused = run_kata(repo_copy, "compare", "01")
    assert refused.returncode == 1
    assert "not complete yet" in refused.stderr
    assert "`python -m kata compare 01 --yes`" in refused.stderr  # as it was run
    assert refused.stdout == ""
    shown = run_kata(repo_copy, "compare", "01", "--yes")
    assert shown.returncode == 0
    assert '+        "price": float(match["price"]),' in shown.stdout
    assert f"+++ solutions/{LESSON_01}/test_integration.py" in shown.stdout
    assert "variants" not in shown.stdout
    assert "\x1b[" not in shown.stdout
    coloured = run_kata(repo_copy, "compare", "01", "--yes", FORCE_COLOR="1", NO_COLOR="")
    assert "\x1b[32m+" in coloured.stdout
    assert snapshot(repo_copy / "lessons") == before


@pytest.mark.slow
@pytest.mark.portable
def test_compare_of_a_complete_lesson_asks_nothing(repo_copy):
    _apply(repo_copy, "fixed__parser_returns_float")
    done = run_kata(repo_copy, "compare", "01")
    assert done.returncode == 0, done.stderr
    assert "--- lessons/" in done.stdout


LESSON_05 = "lesson_05_flask_orders"  # its components sit in a folder, app/


def _link_into_solutions(repo: Path) -> tuple[Path, Path]:
    """Lesson 01's parser.py and lesson 05's app/ made links to their solved versions."""
    parser = repo / "lessons" / LESSON_01 / "parser.py"
    parser.unlink()
    parser.symlink_to(Path("..", "..", "solutions", LESSON_01, "parser.py"))
    app = repo / "lessons" / LESSON_05 / "app"
    shutil.rmtree(app)
    app.symlink_to(Path("..", "..", "solutions", LESSON_05, "app"), target_is_directory=True)
    return parser, app


@pytest.mark.parametrize("verb", [("reset", "--yes"), ("sync",)], ids=lambda verb: verb[0])
def test_reset_and_sync_replace_links_and_never_write_through_them(repo_copy, verb):
    parser, app = _link_into_solutions(repo_copy)
    solutions = snapshot(repo_copy / "solutions")
    for number in ("01", "05"):
        done = run_kata(repo_copy, verb[0], number, *verb[1:])
        assert done.returncode == 0, done.stderr
    assert snapshot(repo_copy / "solutions") == solutions
    assert parser.is_file() and not parser.is_symlink()
    assert app.is_dir() and not app.is_symlink()
    for lesson in (LESSON_01, LESSON_05):  # as shipped, the planted bug in place
        assert snapshot(repo_copy / "lessons" / lesson) == snapshot(shipped_lessons() / lesson)


def test_compare_writes_its_state_through_no_link_and_leaves_the_lesson_alone(repo_copy):
    parser, app = _link_into_solutions(repo_copy)
    state = repo_copy / ".kata"
    state.mkdir()
    runs = state / "runs"  # the result cache's folder
    runs.symlink_to(Path("..", "solutions", LESSON_01), target_is_directory=True)
    progress = state / "progress.json"
    progress.symlink_to(Path("..", "solutions", LESSON_01, "SOLUTION.md"))
    solutions = snapshot(repo_copy / "solutions")
    done = run_kata(repo_copy, "compare", "01", "--yes")
    assert done.returncode == 0, done.stderr
    assert snapshot(repo_copy / "solutions") == solutions
    assert progress.is_file() and not progress.is_symlink()  # replaced by the real file
    assert runs.is_symlink()  # a linked folder is never written through: no cache, no error
    assert parser.is_symlink() and app.is_symlink()  # compare never changes the lesson


def test_reset_with_lessons_linked_to_solutions_is_a_clear_error_and_touches_nothing(repo_copy):
    shutil.rmtree(repo_copy / "lessons")
    (repo_copy / "lessons").symlink_to("solutions", target_is_directory=True)
    solutions = snapshot(repo_copy / "solutions")
    done = run_kata(repo_copy, "reset", "01", "--yes")
    assert done.returncode == 3
    assert "lessons is a link" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(repo_copy / "solutions") == solutions
    assert not (repo_copy / ".kata" / "backups").exists()


@pytest.mark.parametrize("what", ["file", "link"])
def test_a_state_folder_that_is_a_file_or_a_link_is_a_clear_error(repo_copy, what):
    _apply(repo_copy, "caught__total_of_two_roti")
    edited = snapshot(repo_copy / "lessons" / LESSON_01)
    state = repo_copy / ".kata"
    if what == "file":
        state.write_text("not a folder\n", encoding="utf-8")
    else:
        state.symlink_to(Path("solutions", LESSON_01), target_is_directory=True)
    solutions = snapshot(repo_copy / "solutions")
    done = run_kata(repo_copy, "reset", "01", "--yes")
    assert done.returncode == 3
    assert f".kata is a {what}" in done.stderr
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
    assert snapshot(repo_copy / "lessons" / LESSON_01) == edited  # no backup, no reset
    assert snapshot(repo_copy / "solutions") == solutions


@pytest.mark.slow
@pytest.mark.parametrize("lesson", [LESSONS[0], LESSONS[-1]], ids=lambda lesson: lesson.number)
def test_demo_walks_through_four_steps_in_temporary_copies(repo_copy, lesson):
    before = snapshot(repo_copy / "lessons")
    done = run_kata(repo_copy, "demo", lesson.number, "--no-pause")
    assert done.returncode == 0, done.stdout + done.stderr
    steps = [done.stdout.index(f"── {n}/4") for n in range(1, 5)]
    assert steps == sorted(steps)
    red = done.stdout[steps[1] : steps[2]]
    assert "FAILED" in red
    shown = {"AssertionError": "E   assert ", "Failed": "Failed: "}  # how pytest prints them
    assert any(shown.get(kind, kind) in red or kind in red for kind in lesson.expected_failure), red
    assert "passed" in done.stdout[steps[3] :] and "failed" not in done.stdout[steps[3] :]
    assert snapshot(repo_copy / "lessons") == before


def _read_until(process: subprocess.Popen[bytes], text: str, seconds: float = 60) -> str:
    """Read the process's raw output until ``text`` appears (or time runs out)."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + seconds
    while text.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk
    return seen.decode("utf-8", errors="replace")


def _watch(repo: Path, args: tuple[str, ...], sample: str, until: str) -> tuple[int, str, str, str]:
    """Start `kata watch ARGS`, save ``sample`` once it watches, read until ``until``,
    then press Ctrl-C. Its exit code and output: before the save, after it, at the end."""
    watcher = subprocess.Popen(
        kata_command("watch", *args),
        cwd=repo,
        env=kata_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        first = _read_until(watcher, "save a file to run again")
        _apply(repo, sample)
        second = _read_until(watcher, until)
        watcher.send_signal(signal.SIGINT)
        rest = watcher.communicate(timeout=30)[0].decode("utf-8", errors="replace")
    finally:
        if watcher.poll() is None:
            watcher.kill()
    return watcher.returncode, first, second, rest


@pytest.mark.slow
def test_watch_reruns_on_save_and_stops_cleanly_on_ctrl_c(repo_copy):
    code, first, second, rest = _watch(
        repo_copy, ("01",), "caught__total_of_two_roti", "save a file to run again"
    )
    assert code == 0, first + second + rest
    assert "verdict: no-test" in first
    assert "verdict: caught" in second
    assert second.rstrip().splitlines()[-2].startswith("━━ lesson 01: caught, 3/3 mutants")
    assert "Stopped watching." in rest
    assert "Traceback" not in first + second + rest


@pytest.mark.slow
def test_watch_moves_on_when_the_lesson_is_complete(repo_copy):
    """`make watch` with no number watches the next incomplete lesson; --next goes on."""
    _, first, second, _ = _watch(
        repo_copy, ("--next",), "fixed__parser_returns_float", f"Watching {LESSONS[1].name}"
    )
    assert f"Watching {LESSONS[0].name}" in first
    assert "Lesson 01 complete. Next: lesson 02" in second
    assert "verdict: fixed" in second


def _workspace(repo: Path = ROOT) -> dict:
    return json.loads((repo / "seam-kata.code-workspace").read_text(encoding="utf-8"))


@pytest.mark.portable
def test_the_editor_workspace_is_the_repository_then_every_lesson_as_its_own_root():
    workspace = _workspace()
    kata, *lessons = workspace["folders"]
    assert kata["path"] == "."  # README.md and the Makefile in the explorer
    assert [folder["path"] for folder in lessons] == [
        f"lessons/{lesson.name}" for lesson in LESSONS
    ]
    settings = workspace["settings"]
    assert settings["terminal.integrated.cwd"] == f"${{workspaceFolder:{kata['name']}}}"
    assert settings["python.testing.pytestEnabled"] is True
    assert ".venv/bin/python" in settings["python.defaultInterpreterPath"]


@pytest.mark.slow
def test_the_workspace_tests_each_lesson_in_its_folder_and_nothing_from_the_repository(repo_copy):
    """What the Testing panel runs in each folder (pytest there, with the workspace's
    arguments): a lesson's own tests; in the repository's folder, nothing and no error."""
    workspace = _workspace(repo_copy)
    args = workspace["settings"]["python.testing.pytestArgs"]
    before = snapshot(repo_copy / "lessons"), snapshot(repo_copy / "solutions")
    collected = {}
    for folder in workspace["folders"][:2]:
        where = repo_copy / folder["path"]
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", f"--rootdir={where}", *args],
            cwd=where, env=kata_env(), capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        collected[folder["path"]] = (done.returncode, done.stdout + done.stderr)
    code, out = collected["."]
    assert code == 5 and "no tests collected" in out and "error" not in out.lower(), out
    code, out = collected[f"lessons/{LESSON_01}"]
    assert code == 0 and "test_parser.py::test_reads_quantity_item_and_price" in out, out
    assert (snapshot(repo_copy / "lessons"), snapshot(repo_copy / "solutions")) == before


def test_make_runs_from_a_lesson_folder_as_the_readme_says(repo_copy):
    assert "make -C ../.. lesson-06" in (ROOT / "README.md").read_text(encoding="utf-8")
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", "../..", "hint-01", f"PYTHON={sys.executable}"],
        cwd=repo_copy / "lessons" / LESSON_01, env=kata_env(), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Hint 1/{len(LESSONS[0].hints)} for lesson 01" in done.stdout


@pytest.mark.slow
@pytest.mark.portable
def test_pytest_lessons_from_the_root_stops_with_one_clear_line(repo_copy):
    for args in (["lessons"], [f"lessons/{LESSONS[0].name}", f"lessons/{LESSONS[1].name}"]):
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *args],
            cwd=repo_copy,
            env=kata_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 4, done.stdout
        assert "import file mismatch" not in done.stdout + done.stderr
        assert "each lesson is its own import root" in done.stdout + done.stderr
    one = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "not integration"],
        cwd=repo_copy / "lessons" / LESSONS[0].name,
        env=kata_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert one.returncode == 0, one.stdout  # inside one lesson, pytest works as before
    assert not (repo_copy / "lessons" / LESSONS[0].name / ".pytest_cache").exists()


@pytest.fixture
def git_repo(repo_copy: Path) -> Path:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo_copy, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "kata")
    return repo_copy


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_solutions_branch_holds_exactly_the_fixes_and_leaves_the_checkout_alone(git_repo):
    head = _git(git_repo, "rev-parse", "HEAD")
    before = snapshot(git_repo / "lessons")
    done = run_kata(git_repo, "solutions-branch")
    assert done.returncode == 0, done.stderr
    assert "git diff" in done.stdout
    assert _git(git_repo, "rev-parse", "HEAD") == head
    assert _git(git_repo, "status", "--porcelain") == ""
    assert snapshot(git_repo / "lessons") == before

    changed = set(_git(git_repo, "diff", "--name-only", "main", "solutions", "--").split())
    expected = set()
    for lesson in LESSONS:
        planted = (lesson.solution / "variants" / "planted.diff").read_text(encoding="utf-8")
        bug_files = [patch.path for patch in parse(planted, "planted.diff")]
        for name in [*bug_files, "test_integration.py", "SOLUTION.md"]:
            expected.add(f"lessons/{lesson.name}/{name}")
    assert changed == expected
    for lesson in LESSONS:
        listed = _git(
            git_repo, "ls-tree", "-r", "--name-only", "solutions", f"lessons/{lesson.name}"
        )
        on_branch = {path.split("/", 2)[2] for path in listed.split()}
        solved = set(lesson_files(lesson.solution, skip=SOLUTION_ONLY - {"SOLUTION.md"}))
        assert on_branch == solved | set(lesson.shared_files)  # postgres_server.py, from kata/

    first = _git(git_repo, "rev-parse", "solutions")
    again = run_kata(git_repo, "solutions-branch")
    assert again.returncode == 0
    assert "no new commit" in again.stdout
    assert _git(git_repo, "rev-parse", "solutions") == first  # nothing changed: no commit
    assert set(_git(git_repo, "diff", "--name-only", "main", "solutions", "--").split()) == expected


def _readme_git_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"`(git (?:diff|log) [^`]*\bsolutions\b[^`]*)`", readme)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_rebuilt_solutions_branch_fast_forwards_and_the_readme_commands_run(git_repo):
    assert run_kata(git_repo, "solutions-branch").returncode == 0
    first = _git(git_repo, "rev-parse", "solutions").strip()
    solved = git_repo / "solutions" / "lesson_03_repo_service_sqlite" / "SOLUTION.md"
    solved.write_text(solved.read_text(encoding="utf-8") + "\nOne more note.\n", encoding="utf-8")
    (git_repo / "CHANGES.md").write_text("A change outside the lessons.\n", encoding="utf-8")
    _git(git_repo, "add", "-A")
    _git(git_repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "edit")
    head = _git(git_repo, "rev-parse", "HEAD").strip()

    done = run_kata(git_repo, "solutions-branch")
    assert done.returncode == 0, done.stderr
    second = _git(git_repo, "rev-parse", "solutions").strip()
    assert second != first and first[:12] in done.stdout and "without --force" in done.stdout
    assert _git(git_repo, "merge-base", "--is-ancestor", first, second) == ""  # fast-forward
    assert _git(git_repo, "rev-parse", "solutions^1", "solutions^2").split() == [first, head]
    assert _git(git_repo, "merge-base", "HEAD", "solutions").strip() == head
    assert _git(git_repo, "log", "--format=%H", "HEAD..solutions", "--").split() == [second, first]

    commands = _readme_git_commands()
    assert "git diff HEAD solutions -- lessons/lesson_03_repo_service_sqlite" in commands
    assert "git log solutions --" in commands
    assert "git diff HEAD solutions -- lessons/lesson_" in done.stdout  # the same commands
    assert "git log solutions --\n" in done.stdout
    for command in commands:
        ran = subprocess.run(shlex.split(command), cwd=git_repo, capture_output=True, text=True)
        assert ran.returncode == 0, (command, ran.stderr)
        if command.startswith("git diff"):
            lesson = next(lesson for lesson in LESSONS if lesson.name in command)
            planted = (lesson.solution / "variants" / "planted.diff").read_text(encoding="utf-8")
            fixed = {patch.path for patch in parse(planted, "planted.diff")}
            files = {f"lessons/{lesson.name}/{name}" for name in fixed}
            files |= {f"lessons/{lesson.name}/test_integration.py"}
            files |= {f"lessons/{lesson.name}/SOLUTION.md"}
            assert set(re.findall(r"^\+\+\+ b/(\S+)", ran.stdout, re.M)) == files
            assert "+One more note." in ran.stdout
        else:
            assert second in ran.stdout and first in ran.stdout

    again = run_kata(git_repo, "solutions-branch")
    assert "no new commit" in again.stdout
    assert _git(git_repo, "rev-parse", "solutions").strip() == second


def test_solutions_branch_outside_git_says_so(repo_copy):
    done = run_kata(repo_copy, "solutions-branch")
    assert done.returncode == 2
    assert "not a git checkout" in done.stderr


@pytest.mark.slow
def test_units_and_integration_select_by_marker(repo_copy):
    units = run_kata(repo_copy, "units")
    assert units.returncode == 0, units.stdout
    assert "unit tests pass" in units.stdout
    assert units.stdout.count("passed") == len(LESSONS)
    again = run_kata(repo_copy, "units").stdout
    assert again.count("result reused") == len(LESSONS)  # nothing changed since
    assert again.splitlines()[-1] == units.stdout.splitlines()[-1]
    shipped = run_kata(repo_copy, "integration")  # lesson 11 ships one: the test that lies
    assert shipped.returncode == 0, shipped.stdout
    assert "integration tests pass" in shipped.stdout
    _apply(repo_copy, "caught__total_of_two_roti")
    red = run_kata(repo_copy, "integration")
    assert red.returncode == 1
    assert "TypeError" in red.stdout
    assert "lesson(s) 01" in red.stdout


_VERDICT_WITH_CACHE = (
    "import json, sys; from kata.course.discover import find_lesson; "
    "from kata.verdict.grade import check; "
    "from kata.views.shapes import verdict_json; "
    "print(json.dumps(verdict_json(check(find_lesson('01'), options=('-v',)))))"
)


def _cached_verdict(repo: Path, **env: str) -> dict:
    """A verdict through the cache, as `make lesson-01` reaches it (not grading mode)."""
    done = subprocess.run(
        [sys.executable, "-c", _VERDICT_WITH_CACHE],
        cwd=repo,
        env=kata_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
@pytest.mark.portable
def test_a_rerun_reuses_every_result_whose_inputs_did_not_change(repo_copy):
    _apply(repo_copy, "caught__total_of_two_roti")
    first = _cached_verdict(repo_copy)
    assert not first["units"]["reused"]
    assert not any(variant["reused"] for variant in first["variants"])
    again = _cached_verdict(repo_copy)
    assert again["state"] == first["state"] == "caught"
    assert again["units"]["reused"]
    assert all(variant["reused"] for variant in again["variants"])
    assert [v["outcome"] for v in again["variants"]] == [v["outcome"] for v in first["variants"]]

    _apply(repo_copy, "fixed__parser_returns_float")  # components change, the test does not
    fixed = _cached_verdict(repo_copy)
    assert fixed["state"] == "fixed"
    assert not fixed["units"]["reused"]
    assert all(variant["reused"] for variant in fixed["variants"])  # the test did not change

    assert not _cached_verdict(repo_copy, KATA_NO_CACHE="1")["units"]["reused"]
    assert not _cached_verdict(repo_copy, PYTHONHASHSEED="7")["units"]["reused"]  # env is keyed


@pytest.mark.slow
@pytest.mark.portable
def test_grading_never_reads_the_cache_and_a_broken_cache_is_no_cache(repo_copy):
    """A test that writes fake results into .kata/ cannot change a graded verdict."""
    _apply(repo_copy, "caught__total_of_two_roti")
    assert _cached_verdict(repo_copy)["state"] == "caught"
    cached = list((repo_copy / ".kata" / "runs").glob("*.json"))
    assert cached
    for path in cached:  # every stored result now claims a pass
        data = json.loads(path.read_text(encoding="utf-8"))
        data["tests"] = [dict(t, outcome="passed", exc_type="") for t in data["tests"]]
        data["collect_errors"] = []
        path.write_text(json.dumps(data), encoding="utf-8")
    poisoned = _cached_verdict(repo_copy)
    assert poisoned["state"] == "misses-bug"  # what the cache says, where it is read...
    for args, env in ((("--json",), {}), (("--no-cache",), {}), ((), {"CI": "true"})):
        graded = run_kata(repo_copy, "check", "01", *args, **env)
        assert "caught" in graded.stdout, (args, env)  # ...never in grading mode
    shutil.rmtree(repo_copy / ".kata")
    (repo_copy / ".kata").write_text("not a folder", encoding="utf-8")
    done = run_kata(repo_copy, "check", "01")
    assert "verdict: caught" in done.stdout, done.stderr
    assert done.returncode == 1


def _at_a_terminal(repo: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """`python -m kata ARGS` with a terminal (a pseudo-terminal) as its stdin and output;
    the terminal's other end, to type into and read from."""
    import pty

    ours, theirs = pty.openpty()
    process = subprocess.Popen(
        kata_command(*args),
        cwd=repo,
        env=kata_env(),
        stdin=theirs,
        stdout=theirs,
        stderr=theirs,
        start_new_session=True,
    )
    os.close(theirs)
    return process, ours


def _read_terminal(fd: int, text: str, seconds: float = 60) -> str:
    """What the terminal shows until ``text`` appears, the program ends, or time runs out."""
    seen = b""
    deadline = time.monotonic() + seconds
    while text.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the program ended: its side of the terminal is closed
                break
            if not chunk:
                break
            seen += chunk
    return seen.decode("utf-8", errors="replace")


CTRL_D = b"\x04"  # at the start of a line: the end of input


@pytest.mark.slow
@pytest.mark.parametrize("verb", ["reset", "compare"])
def test_ctrl_d_at_a_question_that_writes_or_reveals_is_no(repo_copy, verb):
    _apply(repo_copy, "caught__total_of_two_roti")  # not complete, and not as shipped
    before = snapshot(repo_copy / "lessons")
    process, terminal = _at_a_terminal(repo_copy, verb, "01")
    try:
        asked = _read_terminal(terminal, "[y/N] ")
        assert "[y/N] " in asked, asked
        os.write(terminal, CTRL_D)
        answered = _read_terminal(terminal, "no text expected: read to the end")
        assert process.wait(timeout=30) == 0, asked + answered  # a "no" is no failure
    finally:
        if process.poll() is None:
            process.kill()
        os.close(terminal)
    assert "unexpected error" not in answered and "EOFError" not in answered
    assert ("Nothing was changed." if verb == "reset" else "The diff was not shown.") in answered
    assert "+++ " not in answered  # no diff
    assert snapshot(repo_copy / "lessons") == before
    assert not (repo_copy / ".kata" / "backups").exists()


@pytest.mark.slow
def test_ctrl_d_at_watch_it_now_takes_the_default_and_watches_the_next_lesson(repo_copy):
    _apply(repo_copy, "fixed__parser_returns_float")
    process, terminal = _at_a_terminal(repo_copy, "watch", "01")
    try:
        asked = _read_terminal(terminal, "Watch it now? [Y/n] ")
        assert "Watch it now? [Y/n] " in asked, asked
        os.write(terminal, CTRL_D)
        answered = _read_terminal(terminal, f"Watching {LESSONS[1].name}")
        process.send_signal(signal.SIGINT)
        rest = _read_terminal(terminal, "Stopped watching.")
        assert process.wait(timeout=30) == 0, asked + answered + rest
    finally:
        if process.poll() is None:
            process.kill()
        os.close(terminal)
    assert "unexpected error" not in answered and "EOFError" not in answered
    assert f"Watching {LESSONS[1].name}" in answered, answered
    assert "Stopped watching." in rest


@pytest.mark.slow
def test_ctrl_d_at_every_demo_pause_goes_on(repo_copy):
    process, terminal = _at_a_terminal(repo_copy, "demo", "01")
    shown = ""
    prompts = ["for step 2/4", "to run it against the shipped code", "for step 3/4", "for step 4/4"]
    try:
        for prompt in prompts:
            shown += _read_terminal(terminal, f"Press Enter {prompt}")
            assert f"Press Enter {prompt}" in shown, shown
            os.write(terminal, CTRL_D)
        shown += _read_terminal(terminal, "no text expected: read to the end")
        assert process.wait(timeout=30) == 0, shown
    finally:
        if process.poll() is None:
            process.kill()
        os.close(terminal)
    assert "unexpected error" not in shown and "EOFError" not in shown
    assert "── 4/4" in shown
