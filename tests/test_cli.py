"""The command line as a student and an instructor use it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from kata.course.discover import find_lessons
from tests.conftest import ROOT, kata_env, lay_sample, run_kata

LESSONS = find_lessons(ROOT)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.portable
def test_lesson_run_shows_banner_units_own_tests_and_verdict(repo_copy):
    done = run_kata(repo_copy, "lesson", "01")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Lesson 01 · Parser → cart" in out
    sections = ["── unit tests", "── your integration tests", "── verdict: no-test"]
    positions = [out.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "test_parser.py::test_reads_quantity_item_and_price PASSED" in out
    assert "no tests ran" in out
    assert "\nhint: " in out and "shows hint 1/" in out  # where the hints are, not one
    assert not ANSI.search(out), "NO_COLOR is set: no escape codes"
    assert "Traceback" not in done.stderr


@pytest.mark.portable
def test_lesson_exits_zero_whatever_the_verdict(repo_copy):
    student = repo_copy / "lessons" / "lesson_01_parser_cart" / "test_integration.py"
    student.write_text("def test_broken(:\n    pass\n", encoding="utf-8")
    done = run_kata(repo_copy, "lesson", "1")
    assert done.returncode == 0
    assert "── verdict: broken" in done.stdout
    assert "SyntaxError" in done.stdout


@pytest.mark.portable
@pytest.mark.parametrize("key", ["99", "x", "lesson-42", ""])
def test_an_unknown_lesson_says_which_lessons_exist(repo_copy, key):
    done = run_kata(repo_copy, "lesson", key)
    assert done.returncode == 2
    assert "there is no lesson" in done.stderr
    for lesson in LESSONS:
        assert lesson.title in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["lesson-99", "lesson-x"])
def test_make_with_an_unknown_lesson_fails_clearly(repo_copy, target):
    done = subprocess.run(
        ["make", "--no-print-directory", target, f"PYTHON={sys.executable}"],
        cwd=repo_copy,
        env=kata_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "there is no lesson" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_answers_yes_with_yes_1_and_says_so_without_it(repo_copy):
    student = repo_copy / "lessons" / "lesson_01_parser_cart" / "test_integration.py"
    student.write_text("# my work\n", encoding="utf-8")

    def make(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", "--no-print-directory", *args, f"PYTHON={sys.executable}"],
            cwd=repo_copy, env=kata_env(), capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL, check=False,
        )  # fmt: skip

    asked = make("reset-01")
    assert asked.returncode != 0
    assert "make reset-01 YES=1" in asked.stderr
    assert student.read_text(encoding="utf-8") == "# my work\n"
    done = make("reset-01", "YES=1")
    assert done.returncode == 0, done.stderr
    assert student.read_text(encoding="utf-8") != "# my work\n"


class _Terminal:
    """Standard input as a terminal where the person answers ``answer`` (None: Ctrl-D)."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return "" if self.answer is None else self.answer + "\n"


@pytest.mark.parametrize("answer", ["n", "", None], ids=["n", "enter", "ctrl-d"])
@pytest.mark.parametrize("verb", ["reset", "compare"])
def test_a_question_declined_at_a_terminal_ends_well_and_changes_nothing(
    verb, answer, monkeypatch, capsys
):
    """Issue 21: declining `make compare-NN` printed "The diff was not shown." and then
    make's "Error 1", which reads as a failure. A "no" is a choice: exit 0."""
    from kata.cli import main
    from kata.commands import student

    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    for name in ("reset", "unified_diff"):  # what would act on the lesson: never reached
        monkeypatch.setattr(student, name, lambda *args, ran=name: pytest.fail(f"{ran} ran"))
    row = type("Row", (), {"state": "caught"})
    monkeypatch.setattr("kata.verdict.progress.progress", lambda *args: [row])
    assert main([verb, "01"]) == 0
    out, err = capsys.readouterr()
    assert "[y/N]" in out and err == ""
    assert ("Nothing was changed." if verb == "reset" else "The diff was not shown.") in out


def test_a_question_nobody_can_answer_is_an_error_that_says_how_to_answer(monkeypatch, capsys):
    from kata.cli import main
    from kata.commands import student

    monkeypatch.setattr("sys.stdin", type("Pipe", (), {"isatty": lambda self: False})())
    monkeypatch.setattr(student, "reset", lambda *args: pytest.fail("reset ran"))
    for name in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS"):
        monkeypatch.delenv(name, raising=False)
    assert main(["reset", "01"]) == 1
    assert "add --yes (`python -m kata reset 01 --yes`)" in capsys.readouterr().err


@pytest.mark.portable
def test_check_exit_status_and_json_shape(repo_copy):
    done = run_kata(repo_copy, "check", "01", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["version"] == 1
    assert report["state"] == "no-test"
    assert report["status"] == "fail"
    for key in ("message", "next_step", "hint", "tests", "variants", "mutants", "duration"):
        assert key in report


@pytest.mark.slow
def test_check_all_json_judges_every_lesson(repo_copy):
    done = run_kata(repo_copy, "check", "--all", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [item["lesson"] for item in report["lessons"]] == [x.number for x in LESSONS]
    assert report["repository"] == "repo" and "student" in report  # for a class view
    assert report["checked_at"].endswith("+00:00")
    assert report["complete"] == 0
    for item in report["lessons"]:
        assert item["state"] == "no-test", item["name"]
        assert item["units"]["failed"] == []
        assert item["units"]["ran"] is False  # untouched: the shipped units, green by verify


@pytest.mark.portable
def test_check_needs_exactly_one_lesson_or_all(repo_copy):
    done = run_kata(repo_copy, "check")
    assert done.returncode == 2
    assert "--all" in done.stderr


@pytest.mark.portable
def test_help_lists_the_verbs_and_every_lesson(repo_copy):
    done = run_kata(repo_copy)
    assert done.returncode == 0
    for verb in (
        "lesson",
        "check",
        "progress",
        "hint",
        "reset",
        "compare",
        "demo",
        "watch",
        "solutions-branch",
        "units",
        "integration",
        "verify",
        "test",
    ):
        assert f"  {verb}" in done.stdout
    for lesson in LESSONS:
        assert f"{lesson.number}  {lesson.title}" in done.stdout


@pytest.mark.portable
def test_a_broken_manifest_is_reported_without_a_traceback(repo_copy):
    manifest = repo_copy / "solutions" / "lesson_01_parser_cart" / "lesson.toml"
    manifest.write_text("title = [unclosed\n", encoding="utf-8")
    done = run_kata(repo_copy, "list")
    assert done.returncode == 3
    assert "lesson.toml" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.portable
def test_every_makefile_target_is_one_call_of_python_m_kata():
    recipes = [
        line.split(";", 1)[1].strip()
        for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
        if re.match(r"^[\w%-]+:", line) and not line.startswith(".")
    ]
    assert recipes
    one_call = r"@\$\(KATA\) [\w -]+(\$\*)?( \$\((YES|NEXT|FULL|VERBOSE)_FLAG\))*"
    assert all(re.fullmatch(one_call, recipe) for recipe in recipes), recipes


@pytest.mark.slow
@pytest.mark.portable
@pytest.mark.parametrize(
    ("sample", "code"), [("caught__total_of_two_roti", 1), ("fixed__parser_returns_float", 0)]
)
def test_check_exits_zero_only_when_the_lesson_is_complete(repo_copy, sample, code):
    lay_sample("lesson_01_parser_cart", sample, repo_copy / "lessons" / "lesson_01_parser_cart")
    done = run_kata(repo_copy, "check", "01")
    assert done.returncode == code, done.stdout
    assert f"verdict: {sample.split('__')[0]}" in done.stdout


@pytest.mark.slow
@pytest.mark.portable
def test_a_broken_test_shows_pytests_report_only_when_asked(repo_copy):
    """Its file in the lesson, its line and its error; the frames with --verbose."""
    lesson = "lesson_01_parser_cart"
    lay_sample(lesson, "broken__import_error", repo_copy / "lessons" / lesson)
    brief = run_kata(repo_copy, "lesson", "01").stdout
    assert "lessons/lesson_01_parser_cart/test_integration.py:3: ImportError" in brief
    assert "importlib" not in brief and "Traceback" not in brief
    assert "`python -m kata lesson 01 --verbose` shows pytest's whole report" in brief
    verbose = run_kata(repo_copy, "check", "01", "--verbose").stdout
    assert "importlib" in verbose and "from parser import parse_line" in verbose
    assert "--verbose` shows" not in verbose
    made = run_kata(repo_copy, "check", "01", MAKELEVEL="1").stdout
    assert "`make check-01 VERBOSE=1` shows pytest's whole report" in made


@pytest.mark.slow
@pytest.mark.portable
def test_check_judges_several_named_lessons(repo_copy):
    done = run_kata(repo_copy, "check", "1", "03", "--json")
    report = json.loads(done.stdout)
    assert [item["lesson"] for item in report["lessons"]] == ["01", "03"]
    assert report["total"] == 2


@pytest.mark.portable
def test_the_bootstrap_needs_only_the_standard_library():
    """`python3 -m kata` first runs under a bare system Python, before .venv exists."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import kata.cli, kata.course.environment; "
        "loaded = [m for m in ('pytest', 'tomli', 'flask', 'kata.course.discover') "
        "if m in sys.modules]; "
        "print(loaded)"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", probe, str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("verb", ["test", "verify", "help"])
def test_every_verb_reaches_the_set_up_before_it_reads_a_manifest(verb):
    """Python 3.10 has no tomllib: until .venv (with tomli) exists, reading a manifest fails.
    `make test` under a bare 3.10 stopped with a traceback before the set-up could run."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "class NoToml:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('tomllib', 'tomli'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, NoToml())\n"
        "import kata.course.environment as environment\n"
        "def set_up(argv):\n"
        "    raise SystemExit(7)\n"
        "environment.ensure = set_up\n"
        "from kata.cli import main\n"
        "sys.exit(main([sys.argv[2]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT), verb], capture_output=True, text=True, check=False
    )
    assert done.returncode == 7, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.portable
@pytest.mark.parametrize(
    "args",
    [["-k", "verdict"], ["--lf", "-x", "tests/test_cli.py", "-k", "not slow"], ["-h"], []],
)
def test_everything_after_test_is_passed_on_to_pytest(args):
    from kata.cli import parse_arguments

    parsed = parse_arguments(["test", *args])
    assert parsed.verb == "test"
    assert parsed.pytest_args == args


@pytest.mark.slow
def test_setup_fresh_on_a_healthy_venv_says_it_recreates_it(repo_copy, tmp_path):
    """Not "missing its Python or broken": the .venv works; --fresh asked for a new one."""
    import venv

    venv.EnvBuilder(with_pip=False, symlinks=True).create(repo_copy / ".venv")
    no_packages = tmp_path / "no-packages"
    no_packages.mkdir()
    done = run_kata(  # no package index: the new .venv is made, the install then fails
        repo_copy,
        "setup",
        "--fresh",
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(no_packages),
        PIP_CONFIG_FILE=os.devnull,
    )
    assert "broken" not in done.stderr and "missing" not in done.stderr, done.stderr
    assert "setup --fresh: deleting" in done.stderr
    assert "creating it again" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.portable
@pytest.mark.parametrize(
    ("environment", "typed"),
    [({}, "python -m kata lesson 02"), ({"MAKELEVEL": "1", "MAKEFLAGS": ""}, "make lesson-02")],
    ids=["python -m kata", "make"],
)
def test_the_next_command_is_said_as_the_student_runs_the_kata(repo_copy, environment, typed):
    lesson = "lesson_01_parser_cart"
    lay_sample(lesson, "fixed__parser_returns_float", repo_copy / "lessons" / lesson)
    done = run_kata(repo_copy, "check", "01", **environment)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Next: {typed} (" in done.stdout
    other = "make lesson" if typed.startswith("python") else "python -m kata lesson"
    assert other not in done.stdout
    helped = run_kata(repo_copy, "help", **environment)
    assert f"Start with: {typed[:-2]}01" in helped.stdout
