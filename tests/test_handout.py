"""``kata handout DIR``: the student repository without answers, and the loop inside it.

One hand-out is written (with ``--git``) from a fresh copy of the repository; its
contents are checked as written, and each test of the local loop works in a copy of
it. There the kata judges a test on the shipped code only: ``caught`` carries
``"scope": "shipped"``, and ``fixed`` is never said.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kata.commands.handout import problems
from kata.course.discover import PLANTED, find_lessons
from kata.course.trees import build_shipped, build_variant, lesson_files
from kata.runs.model import Run
from kata.verdict.grade import PASSES_ON_YOURS, VariantOutcome, decide
from kata.views.report import Style, render
from kata.views.shapes import verdict_json
from tests.conftest import (
    ROOT,
    copy_repo,
    kata_env,
    lay_sample,
    run_kata,
    sample_tree,
    shipped_lessons,
)
from tests.test_verdict import GREEN, LESSON, RED, result

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LESSONS = find_lessons(ROOT)
L03 = "lesson_03_repo_service_sqlite"
#: What a hand-out's manifest may hold: what the local loop needs, nothing of the answers.
PUBLIC = {"title", "kind", "seam", "components", "minutes", "hints", "old_contract", "preload",
          "requires", "services", "bug"}  # fmt: skip
NEVER = {"solutions", "tests", "bench", ".ci", ".github", "variants", "starter", "SOLUTION.md"}


def kata(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kata(repo, *args, KATA_NO_VENV="1")


@pytest.fixture(scope="module")
def instructor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The instructor's repository, where lesson 03 in lessons/ has been solved."""
    repo = copy_repo(tmp_path_factory.mktemp("instructor") / "repo")
    submit(repo, "fixed__lookup_and_duplicate")
    return repo


@pytest.fixture(scope="module")
def handout(instructor: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("handout") / "class"
    nobody = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # no user set
    done = run_kata(instructor, "handout", str(folder), "--git", KATA_NO_VENV="1", **nobody)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return folder


@pytest.fixture
def student(handout: Path, tmp_path: Path) -> Path:
    """A student's clone of the hand-out."""
    return Path(shutil.copytree(handout, tmp_path / "clone", ignore=shutil.ignore_patterns(".git")))


def submit(repo: Path, sample: str) -> None:
    lay_sample(L03, sample, repo / "lessons" / L03)


def verdict(repo: Path, *extra: str) -> tuple[int, dict[str, object]]:
    done = kata(repo, "check", "03", "--json", *extra)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


# ---------------------------------------------------------------- what it holds


def test_a_handout_holds_the_student_repository_and_nothing_else(handout):
    top = {path.name for path in handout.iterdir()} - {".git"}
    assert top == {"lessons", "shipped", "kata", "README.md", "Makefile", "pyproject.toml",
                   "seam-kata.code-workspace", ".gitignore"}  # fmt: skip
    for name in lesson_files(handout / "kata"):
        assert not name.endswith(".pyc")
    for path in handout.rglob("*"):
        relative = path.relative_to(handout)
        if relative.parts[0] != ".git":
            assert not set(relative.parts) & NEVER, relative
            assert "__pycache__" not in relative.parts, relative
    for lesson in LESSONS:  # the reference test is nowhere: every test file is the starter
        starter = (lesson.starter_file).read_bytes()
        assert (handout / "lessons" / lesson.name / "test_integration.py").read_bytes() == starter
        assert (handout / "shipped" / lesson.name / "test_integration.py").read_bytes() == starter


def test_its_readme_is_for_students_and_names_nothing_it_lacks(handout):
    readme = (handout / "README.md").read_text(encoding="utf-8")
    assert readme.split("```", 2)[1].split() == ["make", "lesson-01"]
    for absent in ("solutions/", "SOLUTION.md", "make test", "kata test", "bench/", "CONTRIBUTING",
                   ".github", "For instructors", "For authors", "samples"):  # fmt: skip
        assert absent not in readme
    for state in ("no-test", "broken", "misses-bug", "unit-red", "timeout", "caught (shipped)"):
        assert f"| `{state}` |" in readme
    for lesson in LESSONS:
        assert f"](lessons/{lesson.name}/)" in readme
    assert "In your editor" in readme and "## No make?" in readme


def test_its_lessons_are_generated_and_shipped_holds_them_pristine(handout):
    """lessons/ is what sync writes, not the instructor's worked copy (lesson 03 is solved
    there), and shipped/ the same plus a manifest."""
    generated = shipped_lessons()
    for lesson in LESSONS:
        files = lesson_files(generated / lesson.name)
        assert lesson_files(handout / "lessons" / lesson.name) == files
        assert lesson_files(handout / "shipped" / lesson.name) == sorted([*files, "lesson.toml"])
        for name in files:
            expected = (generated / lesson.name / name).read_bytes()
            assert (handout / "lessons" / lesson.name / name).read_bytes() == expected
            assert (handout / "shipped" / lesson.name / name).read_bytes() == expected


def test_no_file_of_a_handout_is_a_solved_file(handout, tmp_path):
    """No file anywhere has the bytes of a correct implementation's file that differs
    from the shipped one: the solved components, unit tests and reference test."""
    answers: dict[bytes, str] = {}
    for lesson in LESSONS:
        shipped = build_shipped(lesson, tmp_path / lesson.name / "shipped")
        for variant in (v for v in lesson.variants if v.correct):
            tree = build_variant(lesson, variant, tmp_path / lesson.name / variant.name)
            for name in lesson_files(tree):
                data = (tree / name).read_bytes()
                if not (shipped / name).is_file() or (shipped / name).read_bytes() != data:
                    answers[data] = f"{lesson.name}/{name} ({variant.name})"
    components = [a for a in answers.values() if a.split("/", 1)[1].split(" ")[0].endswith(".py")]
    assert len(components) >= len(LESSONS) * 2  # something real is being looked for
    for path in handout.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(handout).parts:
            assert path.read_bytes() not in answers, f"{path} is {answers[path.read_bytes()]}"


def test_the_check_before_writing_finds_an_answer_and_the_solutions_material(tmp_path):
    """What write_handout checks its staged tree with, before DIR is touched."""
    lesson = LESSONS[2]
    stage = tmp_path / "stage"
    (stage / "lessons" / lesson.name).mkdir(parents=True)
    shutil.copyfile(lesson.solution / "service.py", stage / "lessons" / lesson.name / "x.py")
    (stage / "tests").mkdir()
    (stage / "tests" / "test_x.py").write_text("", encoding="utf-8")
    (stage / "notes").mkdir()
    (stage / "notes" / "SOLUTION.md").write_text("the bug", encoding="utf-8")
    found = problems(stage, LESSONS, tmp_path / "work")
    assert len(found) == 3, found
    assert f"lessons/{lesson.name}/x.py is {lesson.name}/service.py" in found[0]


def test_a_public_manifest_holds_what_the_loop_needs_and_all_hints_but_the_answer(handout):
    for lesson in LESSONS:
        text = (handout / "shipped" / lesson.name / "lesson.toml").read_text(encoding="utf-8")
        manifest = tomllib.loads(text)
        assert set(manifest) <= PUBLIC
        assert set(manifest["bug"]) == {"expected_failure"}
        assert tuple(manifest["hints"]) == lesson.hints[:-1]
        assert tuple(manifest["components"]) == lesson.components
        assert tuple(manifest["bug"]["expected_failure"]) == lesson.expected_failure
        assert tuple(manifest.get("old_contract", ())) == lesson.old_contract
        for variant in lesson.variants[1:]:  # the bug's summary, the wheats', the mutants'
            assert variant.summary not in text
        assert lesson.hints[-1] not in text


def test_git_makes_one_commit_of_everything(handout):
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=handout, capture_output=True, text=True,
                              check=True).stdout.strip()  # fmt: skip

    assert git("rev-list", "--count", "HEAD") == "1"
    assert git("log", "--format=%an <%ae>") == "Seam kata <kata@localhost>"  # git knew no one
    assert git("status", "--porcelain") == ""
    assert git("rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert "lessons/lesson_03_repo_service_sqlite/service.py" in git("ls-files").splitlines()


def test_hints_chooses_how_many_and_is_checked(instructor, tmp_path):
    done = kata(instructor, "handout", str(tmp_path / "one"), "--hints", "1")
    assert done.returncode == 0, done.stderr
    assert "1 of 4 hints each" in done.stdout
    for lesson in LESSONS:
        manifest = tomllib.loads((tmp_path / "one" / "shipped" / lesson.name / "lesson.toml")
                                 .read_text(encoding="utf-8"))  # fmt: skip
        assert manifest["hints"] == list(lesson.hints[:1])
    for wrong in ("5", "-1"):
        refused = kata(instructor, "handout", str(tmp_path / wrong), "--hints", wrong)
        assert refused.returncode == 2
        assert "--hints" in refused.stderr and "0 to 4" in refused.stderr
        assert not (tmp_path / wrong).exists()


def test_a_folder_that_is_not_empty_is_refused(instructor, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = kata(instructor, "handout", str(tmp_path))
    assert done.returncode == 2
    assert "not empty" in done.stderr and "Traceback" not in done.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


# ---------------------------------------------------------------- the loop in a hand-out


def test_without_a_test_it_is_no_test(student):
    code, shaped = verdict(student)
    assert (code, shaped["state"], shaped["scope"]) == (1, "no-test", "shipped")


def test_a_test_that_passes_on_the_bug_misses_it(student):
    submit(student, "misses-bug__same_person_twice")
    code, shaped = verdict(student)
    assert (code, shaped["state"]) == (1, "misses-bug")


def test_a_test_that_catches_the_bug_is_caught_on_the_shipped_code(student):
    submit(student, "caught__lookup_and_duplicate")
    code, shaped = verdict(student)
    assert (code, shaped["state"], shaped["scope"], shaped["complete"]) == (
        1,
        "caught",
        "shipped",
        False,
    )
    judged = [(v["name"], v["outcome"], v["ok"]) for v in shaped["variants"]]
    assert judged == [("planted", "failed", True)]  # the shipped code, and nothing else
    text = kata(student, "lesson", "03")
    assert text.returncode == 0
    assert "verdict: caught (shipped)" in text.stdout
    assert "correct implementations and mutants are tried when your work is graded" in text.stdout


@pytest.mark.slow
def test_a_fix_is_still_caught_here_and_fixed_only_with_the_solutions(student, instructor):
    submit(student, "fixed__lookup_and_duplicate")
    code, shaped = verdict(student)
    assert (code, shaped["state"], shaped["scope"]) == (1, "caught", "shipped")
    assert "done, as far as this repository can tell" in str(shaped["next_step"])
    code, graded = verdict(student, "--solutions", str(instructor / "solutions"))
    assert (code, graded["state"], graded["scope"]) == (0, "fixed", "full")
    assert graded["mutants"]["killed"] == graded["mutants"]["total"] > 0


@pytest.mark.slow
def test_watch_goes_on_once_a_lesson_is_done_here(student):
    from tests.test_workflow import _watch

    _, first, second, _ = _watch(student, ("--next",), "fixed__parser_returns_float",
                                 "Watching lesson_02")  # fmt: skip
    assert "Watching lesson_01" in first
    assert "verdict: caught (shipped)" in second
    assert "Lesson 01 done here. Next: lesson 02" in second


def test_hints_are_the_handouts_one_more_each_time(student):
    first, second = kata(student, "hint", "03"), kata(student, "hint", "03")
    assert first.stdout.startswith("Hint 1/3 for lesson 03:")
    assert second.stdout.startswith("Hint 2/3 for lesson 03:")
    every = kata(student, "hint", "03", "--all")
    assert every.stdout.count("Hint ") == 3
    assert LESSONS[2].hints[-1] not in every.stdout


def test_reset_restores_the_lesson_from_shipped(student):
    submit(student, "fixed__lookup_and_duplicate")
    done = kata(student, "reset", "03", "--yes")
    assert done.returncode == 0, done.stderr
    pristine = student / "shipped" / L03
    for name in lesson_files(student / "lessons" / L03):
        assert (student / "lessons" / L03 / name).read_bytes() == (pristine / name).read_bytes()
    (backup,) = (student / ".kata" / "backups").iterdir()
    fixed = sample_tree(L03, "fixed__lookup_and_duplicate")
    assert (backup / "service.py").read_bytes() == (fixed / "service.py").read_bytes()


@pytest.mark.slow
def test_progress_and_list_work_and_a_fixed_lesson_counts_as_done_here(student):
    submit(student, "fixed__lookup_and_duplicate")
    done = kata(student, "progress", "--json")
    assert done.returncode == 0, done.stderr
    shaped = json.loads(done.stdout)
    rows = {row["lesson"]: row for row in shaped["lessons"]}
    assert len(rows) == len(LESSONS)
    assert {row["scope"] for row in rows.values()} == {"shipped"}
    assert (rows["03"]["state"], rows["03"]["finished"]) == ("caught", True)
    assert (rows["01"]["state"], rows["01"]["finished"]) == ("no-test", False)
    assert (shaped["complete"], shaped["next"]) == (0, "01")
    listed = kata(student, "list")
    assert listed.returncode == 0
    for lesson in LESSONS:
        assert f"{lesson.number}  {lesson.title}" in listed.stdout


def test_compare_shows_the_students_changes_against_the_shipped_lesson(student):
    submit(student, "fixed__lookup_and_duplicate")
    done = kata(student, "compare", "03")  # nothing to confirm: it reveals nothing
    assert done.returncode == 0, done.stderr
    assert f"--- shipped/{L03}/service.py" in done.stdout
    assert f"+++ lessons/{L03}/service.py" in done.stdout
    assert "the solution comes from your instructor" in done.stdout


NEEDS_SOLUTIONS = [
    ("demo", "03"),
    ("verify",),
    ("sync", "--all"),
    ("solutions-branch",),
    ("handout", "elsewhere"),
    ("new", "13", "more"),
    ("test",),
]


@pytest.mark.parametrize("verb", NEEDS_SOLUTIONS, ids=lambda verb: verb[0])
def test_verbs_that_need_the_solutions_say_so(student, verb):
    done = kata(student, *verb)
    assert done.returncode == 2, done.stderr
    assert "hand-out" in done.stderr and "Traceback" not in done.stderr
    assert not (student / "elsewhere").exists() and not (student / "solutions").exists()


def test_the_editor_runs_no_test_from_the_handouts_own_folder(student):
    """VS Code's Testing panel in the repository's folder: not the lessons in shipped/."""
    workspace = json.loads((student / "seam-kata.code-workspace").read_text(encoding="utf-8"))
    args = workspace["settings"]["python.testing.pytestArgs"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", f"--rootdir={student}", *args],
        cwd=student, env=kata_env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 5 and "no tests collected" in done.stdout, done.stdout


def test_help_in_a_handout_offers_what_works_there(student):
    done = kata(student, "help")
    assert done.returncode == 0
    assert "  check" in done.stdout and "  reset" in done.stdout
    assert "  demo" not in done.stdout and "  verify" not in done.stdout


# ---------------------------------------------------------------- the decision


HANDED_OUT = replace(LESSON, scope="shipped", variants=(LESSON.variant(PLANTED),))


def shipped_verdict(yours, planted):
    return decide(HANDED_OUT, GREEN, yours, [VariantOutcome(HANDED_OUT.variants[0], planted)], None)


def test_decide_in_a_handout_says_caught_never_fixed():
    unchanged = shipped_verdict(RED, RED)  # one run: the student's code is the shipped code
    assert (unchanged.state, unchanged.reason, unchanged.finished) == ("caught", "unchanged", False)
    fixed_yours = result("passed")
    fixed_yours.run = Run("yours", Path("elsewhere"), ())
    done = shipped_verdict(fixed_yours, RED)
    assert (done.state, done.reason, done.complete) == ("caught", PASSES_ON_YOURS, False)
    assert done.finished
    own_red = result("failed")
    own_red.run = Run("yours", Path("elsewhere"), ())
    assert shipped_verdict(own_red, RED).reason == "own-test-red"
    assert shipped_verdict(GREEN, GREEN).state == "misses-bug"
    assert shipped_verdict(RED, result("failed", exc="NameError")).state == "broken"


def test_every_verdict_says_its_scope():
    full = decide(LESSON, GREEN, RED, [VariantOutcome(v, RED if v.kind in ("bug", "mutant")
                  else GREEN) for v in LESSON.variants], None)  # fmt: skip
    assert (full.state, verdict_json(full)["scope"]) == ("caught", "full")
    shipped = shipped_verdict(RED, RED)
    assert verdict_json(shipped)["scope"] == "shipped"
    assert "verdict: caught (shipped)" in render(shipped, Style(colour=False))
    assert "verdict: caught (shipped)" not in render(full, Style(colour=False))
