"""``kata grade`` and ``kata grade-class``: a student's repository is data.

Only the regular ``*.py`` files of ``REPO/lessons/<lesson>/`` are read; the kata, the
environment, the data files and the solutions are the instructor's. Most cases are
judged by one ``grade --json`` call over several repositories (one verdict each, on
a solutions folder that holds lesson 01 only), shared by the tests below.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kata.commands.classgrade import shard_of
from kata.commands.grading import (
    MAX_FILE_BYTES,
    MAX_FILES,
    GradingError,
    read_lesson_files,
    solutions_digest,
)
from tests.conftest import ROOT, copy_repo, lay_sample, run_kata, shipped_lessons, snapshot

LESSON = "lesson_01_parser_cart"
HONEST = "caught__total_of_two_roti"
ATTACK = "caught__edits_the_kata_from_its_test"
FIXED = "fixed__cart_converts"


def lesson_repo(base: Path, name: str, sample: str = "") -> Path:
    """A hand-out-like repository: ``lessons/`` as shipped, lesson 01 a sample's work if
    one is named."""
    repo = base / name
    shutil.copytree(shipped_lessons(), repo / "lessons")
    if sample:
        lay_sample(LESSON, sample, repo / "lessons" / LESSON)
    return repo


def solutions_of(base: Path, *lessons: str) -> Path:
    """A solutions folder holding only ``lessons`` (each grade judges fewer lessons)."""
    folder = base / "solutions"
    for name in lessons:
        shutil.copytree(ROOT / "solutions" / name, folder / name)
    return folder


def grade(instructor: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_kata(instructor, "grade", *args, timeout=600, KATA_NO_VENV="1", **env)


def results(stdout: str) -> dict[str, dict[str, Any]]:
    """``grade --json``'s lines, by student."""
    found = {}
    for line in stdout.splitlines():
        data = json.loads(line)
        found[data["student"]] = data
    return found


def lesson_state(result: dict[str, Any]) -> tuple[str, int]:
    (lesson,) = result["lessons"]
    return lesson["state"], lesson["mutants"]["killed"]


ALWAYS_FIXED = "\n\n_decide = decide\n\ndef decide(*a, **k):\n    v = _decide(*a, **k)\n    v.state = 'fixed'\n    return v\n"  # noqa: E501
#: What a student's own files outside lessons/ could do, if they were used.
HOOK_PASSES_ALL = (
    "import pytest\n\n@pytest.hookimpl(hookwrapper=True)\n"
    "def pytest_runtest_makereport(item, call):\n"
    "    outcome = yield\n    outcome.get_result().outcome = 'passed'\n"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One ``grade --json`` over every repository the tests below look at."""
    base = tmp_path_factory.mktemp("grading")
    instructor = copy_repo(base / "instructor")
    solutions = solutions_of(base, LESSON)
    students = base / "students"
    repos = {}
    repos["honest"] = lesson_repo(students, "honest", HONEST)
    # A full clone whose kata says fixed to everything, and whose test edits kata/.
    attacker = copy_repo(students / "attacker")
    lay_sample(LESSON, ATTACK, attacker / "lessons" / LESSON)
    with (attacker / "kata" / "verdict" / "grade.py").open("a", encoding="utf-8") as edited:
        edited.write(ALWAYS_FIXED)
    (attacker / "Makefile").write_text("check-%:\n\t@true\n", encoding="utf-8")
    (attacker / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    (attacker / "conftest.py").write_text(HOOK_PASSES_ALL, encoding="utf-8")
    (attacker / "lessons" / "conftest.py").write_text(HOOK_PASSES_ALL, encoding="utf-8")
    repos["attacker"] = attacker
    # cart.py a link to the solved cart.py: followed, the lesson would be fixed.
    linked = lesson_repo(students, "linked", FIXED)
    (linked / "lessons" / LESSON / "cart.py").unlink()
    (linked / "lessons" / LESSON / "cart.py").symlink_to(solutions / LESSON / "cart.py")
    repos["linked"] = linked
    repos["fixed"] = lesson_repo(students, "fixed", FIXED)
    # A README changed and a data file added, that the student's test reads.
    data = lesson_repo(students, "data")
    folder = data / "lessons" / LESSON
    (folder / "README.md").write_text("# Mine\n", encoding="utf-8")
    (folder / "prices.csv").write_text("roti,1.50\n", encoding="utf-8")
    (folder / "test_integration.py").write_text(
        "from pathlib import Path\nimport pytest\n\n@pytest.mark.integration\n"
        "def test_reads_files():\n"
        "    first = Path('README.md').read_text().splitlines()[0]\n"
        "    pytest.fail(f'readme={first} prices={Path(\"prices.csv\").exists()}')\n",
        encoding="utf-8",
    )
    repos["data"] = data
    # A test that tries to write into the solutions folder, by its real path.
    reach = lesson_repo(students, "reach", HONEST)
    target = solutions / LESSON / "cart.py"
    with (reach / "lessons" / LESSON / "test_integration.py").open("a", encoding="utf-8") as test:
        test.write(
            f"\n\ndef test_writes_the_solutions():\n    from pathlib import Path\n"
            f"    Path({str(target)!r}).write_text('planted')\n"
        )
    repos["reach"] = reach
    attacker_kata = snapshot(attacker / "kata")
    before = {name: snapshot(repo) for name, repo in repos.items()}
    dir_before = snapshot(solutions)
    done = grade(instructor, *map(str, repos.values()), "--solutions", str(solutions), "--json")
    # The attack as it worked before: the student's clone judging with its own kata.
    own = run_kata(
        attacker, "check", "01", "--json", "--solutions", str(solutions),
        timeout=600, KATA_NO_VENV="1",
    )  # fmt: skip
    return {
        "done": done,
        "results": results(done.stdout) if done.returncode in (0, 1) else {},
        "own": own,
        "repos": repos,
        "before": before,
        "after": {name: snapshot(repo) for name, repo in repos.items()},
        "attacker_kata": attacker_kata,
        "dir_before": dir_before,
        "dir_after": snapshot(solutions),
    }


@pytest.mark.slow
def test_an_edited_kata_and_a_test_that_edits_it_change_no_verdict(graded: dict[str, Any]) -> None:
    assert graded["done"].returncode == 1, graded["done"].stderr
    found = graded["results"]
    # Judged by the repository's own kata, the attack wins: that is what it did before.
    assert json.loads(graded["own"].stdout)["state"] == "fixed"
    assert lesson_state(found["attacker"]) == lesson_state(found["honest"])
    assert lesson_state(found["honest"])[0] == "caught"
    assert graded["attacker_kata"] == snapshot(graded["repos"]["attacker"] / "kata")


@pytest.mark.slow
def test_makefile_pyproject_and_conftest_outside_lessons_are_ignored(
    graded: dict[str, Any],
) -> None:
    # The attacker's Makefile, pyproject.toml and conftest.py files (which pass every
    # test) are there; the verdict is the honest one, with the planted bug caught.
    attacker = graded["results"]["attacker"]
    (lesson,) = attacker["lessons"]
    bug = next(v for v in lesson["variants"] if v["kind"] == "bug")
    assert bug["outcome"] == "failed" and lesson["state"] == "caught"


@pytest.mark.slow
def test_a_component_linked_to_the_solution_is_not_read(graded: dict[str, Any]) -> None:
    found = graded["results"]
    assert lesson_state(found["fixed"])[0] == "fixed"
    assert lesson_state(found["linked"])[0] not in ("fixed", "caught")


def test_a_changed_data_file_is_not_read(graded: dict[str, Any]) -> None:
    (lesson,) = graded["results"]["data"]["lessons"]
    messages = " ".join(test["message"] for test in lesson["tests"])
    assert "readme=# Lesson 01" in messages and "prices=False" in messages


def test_the_repositories_and_the_solutions_are_only_read(graded: dict[str, Any]) -> None:
    assert graded["before"] == graded["after"]
    assert graded["dir_before"] == graded["dir_after"]
    (lesson,) = graded["results"]["reach"]["lessons"]
    failed = [test for test in lesson["tests"] if test["name"].endswith("writes_the_solutions")]
    assert failed and failed[0]["exc_type"] == "PermissionError"  # the sandbox refused it


def test_results_name_the_student_and_take_check_all_json_shape(graded: dict[str, Any]) -> None:
    for name, result in graded["results"].items():
        assert result["student"] == name == result["repository"]
        assert result["version"] == 1 and result["total"] == 1 and result["sandbox"]
        assert result["lessons"][0]["name"] == LESSON


def test_a_solutions_folder_changed_while_grading_stops_it_loudly(tmp_path: Path) -> None:
    """Unconfined (KATA_SANDBOX=off), a test reaches the solutions: the digest sees it."""
    instructor = copy_repo(tmp_path / "instructor")
    solutions = solutions_of(tmp_path, LESSON)
    repo = lesson_repo(tmp_path / "students", "reach", HONEST)
    with (repo / "lessons" / LESSON / "test_integration.py").open("a", encoding="utf-8") as test:
        test.write(
            f"\n\ndef test_writes_the_solutions():\n    from pathlib import Path\n"
            f"    Path({str(solutions / 'planted.txt')!r}).write_text('planted')\n"
        )
    out = tmp_path / "results" / "lesson-01.json"
    args = (str(repo), "--solutions", str(solutions), "--out", str(out), "--allow-unsandboxed")
    done = grade(instructor, *args, KATA_SANDBOX="off")
    assert done.returncode == 3, done.stderr
    assert "CHANGED while grading" in done.stderr and "WITHOUT the run sandbox" in done.stderr
    assert not out.exists()  # no points for a result that cannot be trusted


def test_without_the_sandbox_grading_refuses_unless_allowed(tmp_path: Path) -> None:
    repo = lesson_repo(tmp_path, "alice", HONEST)
    done = grade(ROOT, str(repo), "--solutions", str(ROOT / "solutions"), KATA_SANDBOX="off")
    assert done.returncode == 3
    assert "--allow-unsandboxed" in done.stderr and "nothing was run" in done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_lesson_out_student_and_exit_codes(tmp_path: Path) -> None:
    """The Classroom step: grade ../student --solutions solutions --lesson NN --student
    NAME --out results/lesson-NN.json; points on exit 0."""
    instructor = copy_repo(tmp_path / "instructor")
    fixed = lesson_repo(tmp_path, "student", FIXED)
    out = "results/lesson-01.json"
    done = grade(instructor, str(fixed), "--solutions", "solutions", "--lesson", "01",
                 "--student", "ada", "--out", out)  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = json.loads((instructor / out).read_text(encoding="utf-8"))
    assert written["student"] == "ada" and written["status"] == "pass"
    assert [lesson["lesson"] for lesson in written["lessons"]] == ["01"]
    assert "ada: lesson 01" in done.stdout and "fixed" in done.stdout
    # Not complete: exit 1 (lesson 02, untouched, is no-test).
    done = grade(instructor, str(fixed), "--solutions", "solutions", "--lesson", "2", "--json")
    assert done.returncode == 1
    assert results(done.stdout)["student"]["lessons"][0]["state"] == "no-test"
    # Usage errors: exit 2.
    for wrong in (
        ("--lesson", "99"),
        ("--out", "x.json", str(fixed)),  # two repositories, one file
        ("--student", "ada", str(fixed)),
    ):
        done = grade(instructor, str(fixed), "--solutions", "solutions", *wrong)
        assert done.returncode == 2, (wrong, done.stderr)
    assert grade(instructor, str(tmp_path / "nobody"), "--solutions", "solutions").returncode == 2


def test_a_repository_without_lessons_gets_an_error_result(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    solutions = solutions_of(tmp_path, LESSON)
    done = grade(ROOT, str(tmp_path / "empty"), "--solutions", str(solutions), "--json")
    assert done.returncode == 1
    result = results(done.stdout)["empty"]
    assert result["status"] == "error" and "no lessons/ folder" in result["message"]
    assert result["lessons"] == []


@pytest.mark.slow
def test_a_file_name_that_is_not_utf_8_is_graded_not_a_crash(tmp_path: Path) -> None:
    """Any name the file system allows: the trees' digests take its bytes as they are."""
    repo = lesson_repo(tmp_path, "odd", HONEST)
    (repo / "lessons" / LESSON / os.fsdecode(b"helper_\xff.py")).write_text("X = 1\n")
    solutions = solutions_of(tmp_path, LESSON)
    done = grade(ROOT, str(repo), "--solutions", str(solutions), "--json")
    assert done.returncode == 1, done.stderr
    assert lesson_state(results(done.stdout)["odd"]) == ("caught", 3)


# ---------------------------------------------------------------- reading, in process


def test_only_regular_python_files_of_lesson_folders_are_read(tmp_path: Path) -> None:
    lesson = tmp_path / "repo" / "lessons" / LESSON
    (lesson / "app" / "__pycache__").mkdir(parents=True)
    (lesson / "cart.py").write_text("mine = 1\n")
    (lesson / "app" / "api.py").write_text("api = 1\n")
    (lesson / "app" / "__pycache__" / "api.py").write_text("cache\n")
    (lesson / ".hidden").mkdir()
    (lesson / ".hidden" / "x.py").write_text("hidden\n")
    (lesson / "data.csv").write_text("a,b\n")
    secret = tmp_path / "secret.py"
    secret.write_text("answer = 42\n")
    (lesson / "parser.py").symlink_to(secret)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "deep.py").write_text("deep\n")
    (lesson / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "repo" / "lessons" / "lesson_02_user_notification").symlink_to(lesson)
    found = read_lesson_files(tmp_path / "repo", [LESSON, "lesson_02_user_notification", "x"])
    assert found == {
        LESSON: {"cart.py": b"mine = 1\n", "app/api.py": b"api = 1\n"},
        "lesson_02_user_notification": {},  # a linked lesson folder has no files
        "x": {},
    }


def test_a_lesson_folder_over_its_bounds_is_an_error(tmp_path: Path) -> None:
    lesson = tmp_path / "repo" / "lessons" / LESSON
    lesson.mkdir(parents=True)
    (lesson / "big.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(GradingError, match="larger than"):
        read_lesson_files(tmp_path / "repo", [LESSON])
    (lesson / "big.py").unlink()
    for number in range(MAX_FILES + 1):
        (lesson / f"m{number}.py").write_text("")
    with pytest.raises(GradingError, match="more than"):
        read_lesson_files(tmp_path / "repo", [LESSON])
    shutil.rmtree(tmp_path / "repo" / "lessons")
    (tmp_path / "repo" / "lessons").symlink_to(tmp_path)
    with pytest.raises(GradingError, match="a link"):
        read_lesson_files(tmp_path / "repo", [LESSON])


def test_the_solutions_digest_sees_every_change(tmp_path: Path) -> None:
    folder = solutions_of(tmp_path, LESSON)
    first = solutions_digest(folder)
    assert solutions_digest(folder) == first
    (folder / "notes.txt").write_text("x")
    second = solutions_digest(folder)
    os.utime(folder / "notes.txt", (0, 0))
    assert first != second == solutions_digest(folder)
    (folder / "notes.txt").unlink()
    (folder / "link").symlink_to(folder / LESSON)
    assert solutions_digest(folder) not in (first, second)


def test_shards_are_a_stable_partition() -> None:
    names = [f"student-{number}" for number in range(60)]
    shares = {name: shard_of(name, 3) for name in names}
    assert set(shares.values()) == {1, 2, 3}
    again = subprocess.run(
        [sys.executable, "-c", "import sys; from kata.commands.classgrade import shard_of; "
         "print([shard_of(n, 3) for n in sys.argv[1:]])", *names],
        cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "7"}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert json.loads(again.stdout) == [shares[name] for name in names]
    more = {name: shard_of(name, 3) for name in [*names, "newcomer"]}
    assert all(more[name] == shares[name] for name in names)


# ---------------------------------------------------------------- a class


@pytest.mark.slow
def test_grade_class_in_shards_covers_every_student_once_and_feeds_the_report(
    tmp_path: Path,
) -> None:
    instructor = copy_repo(tmp_path / "instructor")
    solutions = solutions_of(tmp_path, LESSON)
    students = tmp_path / "students"
    lesson_repo(students, "ada", FIXED)
    lesson_repo(students, "bo", HONEST)
    (students / "cy").mkdir()  # no lessons/
    broken = lesson_repo(students, "di", HONEST)
    (broken / "lessons" / LESSON / "huge.py").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    repos = [str(path) for path in sorted(students.iterdir())]
    codes = []
    for index in (1, 2):
        done = run_kata(
            instructor, "grade-class", *repos, "--solutions", str(solutions),
            "--out", str(tmp_path / f"results{index}"), "--jobs", "2",
            "--shard", f"{index}/2", timeout=600, KATA_NO_VENV="1",
        )  # fmt: skip
        codes.append(done.returncode)
        assert "repositories per minute" in done.stdout, done.stderr
    assert codes == [0, 0]
    written = [
        {path.stem for path in (tmp_path / f"results{index}").glob("*.json")} for index in (1, 2)
    ]
    assert written[0] | written[1] == {"ada", "bo", "cy", "di"}
    assert not written[0] & written[1]
    read = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for index in (1, 2)
        for path in (tmp_path / f"results{index}").glob("*.json")
    }
    assert read["ada"]["lessons"][0]["state"] == "fixed"
    assert read["bo"]["lessons"][0]["state"] == "caught"
    assert read["cy"]["status"] == "error" and "lessons/" in read["cy"]["message"]
    assert read["di"]["status"] == "error" and "huge.py" in read["di"]["message"]
    report = run_kata(
        instructor, "class-report", str(tmp_path / "results1"), str(tmp_path / "results2"),
        "--out", str(tmp_path / "class.html"), "--solutions", str(solutions), KATA_NO_VENV="1",
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "class.html").read_text(encoding="utf-8")
    assert all(name in page for name in ("ada", "bo", "cy", "di"))


def test_grade_class_refuses_two_repositories_of_one_name(tmp_path: Path) -> None:
    lesson_repo(tmp_path / "a", "ada")
    lesson_repo(tmp_path / "b", "ada")
    done = run_kata(
        ROOT, "grade-class", str(tmp_path / "a" / "ada"), str(tmp_path / "b" / "ada"),
        "--solutions", str(ROOT / "solutions"), "--out", str(tmp_path / "r"), KATA_NO_VENV="1",
    )  # fmt: skip
    assert done.returncode == 2 and "two repositories are named ada" in done.stderr
    assert not (tmp_path / "r").exists()
