"""Every lesson is sound, by the rules ``kata verify`` holds it to; and the author's loop works.

One ``python -m kata verify --json`` run (all lessons, all variants, in parallel, in a
fresh copy of the repository whose ``lessons/`` the kata generated) feeds the per-lesson
tests. The check that the working copy's ``lessons/`` matches the solutions is an
author's check: where a lesson holds a student's work it is skipped, with the reason;
``.ci/run`` runs ``kata verify --all`` strictly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kata.commands.sync import stale_files
from kata.course.diffs import PatchError, apply, make_diff
from kata.course.discover import STUDENT_FILE, find_lessons
from kata.course.trees import lesson_files
from tests.conftest import (
    ROOT,
    copy_repo,
    kata_command,
    kata_env,
    run_kata,
    shipped_lessons,
    snapshot,
)

LESSONS = find_lessons(ROOT)
NEXT = f"{len(LESSONS) + 1:02d}"


#: Where the pytest-xdist controller's verify job writes (set for the workers it starts).
VERIFY_DIR = "KATA_TEST_VERIFY_DIR"


def start_verify_in_files(base: Path) -> subprocess.Popen[str]:
    """`kata verify --json` in a fresh copy, its output, errors and exit code in files.

    Under pytest-xdist the controller starts it before any worker exists, so it runs
    for the whole session instead of from the moment a worker reaches this module.
    """
    repo = copy_repo(base / "repo")
    before = snapshot(repo / "lessons") | snapshot(repo / "solutions")
    (base / "before.json").write_text(json.dumps(before), encoding="utf-8")
    script = (
        f"{subprocess.list2cmdline(kata_command('verify', '--json'))} > ../out.json 2> ../err.txt;"
        " echo $? > ../code.tmp && mv ../code.tmp ../code.txt"
    )
    return subprocess.Popen(["sh", "-c", script], cwd=repo, env=kata_env(), text=True)


_started: list[Path] = []


def start_in_background() -> None:
    """Start `kata verify` now, so it overlaps the rest of the suite (see conftest.py)."""
    if not _started:
        given = os.environ.get(VERIFY_DIR)
        if given:
            _started.append(Path(given))
        else:
            base = Path(tempfile.mkdtemp(prefix="kata-verify-"))
            start_verify_in_files(base)
            _started.append(base)


BACKGROUND_JOBS = {"verified": start_in_background}


@pytest.fixture(scope="session")
def verified() -> Any:
    start_in_background()
    base = _started[0]
    deadline = time.monotonic() + 300
    while not (base / "code.txt").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    code = int((base / "code.txt").read_text())
    stderr = (base / "err.txt").read_text(encoding="utf-8")
    assert code in (0, 1), stderr
    report: dict[str, Any] = json.loads((base / "out.json").read_text(encoding="utf-8"))
    repo = base / "repo"
    before = json.loads((base / "before.json").read_text(encoding="utf-8"))
    after = snapshot(repo / "lessons") | snapshot(repo / "solutions")
    report["changed"] = sorted(set(after.items()) ^ set(before.items()))
    yield report
    if not os.environ.get(VERIFY_DIR):
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_every_verify_check_passes(verified, lesson):
    report = next(item for item in verified["lessons"] if item["lesson"] == lesson.number)
    failing = [
        f"{check['name']}: {check['detail']} (fix: {check['fix']})"
        for check in report["checks"]
        if not check["ok"]
    ]
    assert failing == []
    names = {check["name"] for check in report["checks"]}
    assert "unit tests green as shipped" in names  # the runs happened, not only the static checks


@pytest.mark.slow
def test_verify_leaves_nothing_in_lessons_or_solutions(verified):
    assert verified["changed"] == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_working_copy_of_the_lesson_is_what_sync_writes(lesson):
    """The author's check; a student's work in lessons/ is theirs, not drift."""
    stale = stale_files(lesson)
    student_files = {STUDENT_FILE, "conftest.py", *lesson.components}
    worked = [
        name for name in stale if name in student_files or Path(name).name.startswith("test_")
    ]
    if worked:
        pytest.skip(
            f"lessons/{lesson.name} holds a student's work ({', '.join(worked)}); "
            "`python -m kata verify --all` checks it strictly"
        )
    assert stale == [], f"run `python -m kata sync {lesson.number}`"


def test_nothing_under_lessons_describes_the_bug_or_holds_hints():
    shipped = copy_repo(Path(tempfile.mkdtemp(prefix="kata-leaks-")) / "repo") / "lessons"
    try:
        files = [path for path in shipped.rglob("*") if path.is_file()]
        assert not [path for path in files if path.name in ("lesson.toml", "SOLUTION.md")]
        texts = "\n".join(path.read_text(encoding="utf-8") for path in files)
        for lesson in LESSONS:
            for secret in (*lesson.hints, *(v.summary for v in lesson.variants if v.summary)):
                if len(secret) > 40:
                    assert secret not in texts, secret
    finally:
        shutil.rmtree(shipped.parent.parent, ignore_errors=True)


def test_a_fixture_pointing_at_a_docker_example_points_at_a_readme_that_has_one():
    """A path is read from the lesson folder: ``../lesson_11_…/README.md`` for another's."""

    pointers = 0
    for lesson in LESSONS:
        folder = shipped_lessons() / lesson.name
        for module in sorted(folder.glob("*.py")):
            source = module.read_text(encoding="utf-8")
            for readme in re.findall(r"\(([\w./-]*README\.md) shows a Docker one\)", source):
                pointers += 1
                text = (folder / readme).read_text(encoding="utf-8")
                assert "docker run" in text, f"{lesson.name}/{module.name} points at {readme}"
    assert pointers >= 2  # lessons 11 and 12


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_a_task_asks_for_a_unit_test_only_as_practice_the_verdict_does_not_judge(lesson):
    """The verdict judges the integration tests and the fix; a unit test a task asks for
    is for the student, and the task says so."""
    text = (lesson.solution / "README.md").read_text(encoding="utf-8")
    task = text.split("\n## Task", 1)[1].split("\n## ", 1)[0]
    for step in re.split(r"\n(?=\d+\. )", task):
        if re.search(r"\b(?:add|write)\b[^.]*\bunit tests?\b", " ".join(step.split())):
            assert "for yourself" in step and "not" in step, step


def test_no_file_content_of_200_bytes_is_stored_more_than_twice():
    contents: Counter[bytes] = Counter()
    for top in ("lessons", "solutions"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                data = path.read_bytes()
                if len(data) >= 200:
                    contents[data] += 1
    assert max(contents.values(), default=0) <= 2


def test_a_diff_round_trips_adds_and_deletes_files(tmp_path):
    before, after = tmp_path / "a", tmp_path / "b"
    for folder in (before, after):
        (folder / "app").mkdir(parents=True)
    (before / "kept.py").write_text("one\n-- two\nthree", encoding="utf-8")  # no final newline
    (after / "kept.py").write_text("one\n--- 2\nthree\n", encoding="utf-8")
    (before / "gone.py").write_text("x = 1\n", encoding="utf-8")
    (after / "app" / "new.py").write_text("y = 2\n", encoding="utf-8")
    text = make_diff(before, after, ["app/new.py", "gone.py", "kept.py"])
    assert apply(text, before, "t.diff") == ["app/new.py", "gone.py", "kept.py"]
    assert snapshot(before) == snapshot(after)


def test_a_stale_diff_names_the_file_and_the_line(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\ny = 2\n", encoding="utf-8")
    text = "--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n x = 1\n-y = 3\n+y = 4\n"
    with pytest.raises(PatchError, match=r"a\.py, line 2: the variant expects 'y = 3'"):
        apply(text, tmp_path, "variants/v.diff")


@pytest.mark.slow
def test_verify_names_a_variant_whose_solved_lines_changed(repo_copy):
    solved = repo_copy / "solutions" / "lesson_03_repo_service_sqlite" / "service.py"
    solved.write_text(
        solved.read_text(encoding="utf-8").replace("repo.add(name=name, email=email)",
                                                   "repo.add(email=email, name=name)"),
        encoding="utf-8",
    )  # fmt: skip
    done = run_kata(repo_copy, "verify", "03", "--quick")
    assert done.returncode == 1
    assert "[ ] variants/planted.diff applies (bug)" in done.stdout
    assert "service.py, line 24" in done.stdout
    assert "python -m kata variant 03 planted" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_a_readme_change_fails_verify_until_sync_carries_it(repo_copy):
    readme = repo_copy / "solutions" / "lesson_01_parser_cart" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    stale = run_kata(repo_copy, "verify", "01", "--quick")
    assert stale.returncode == 1
    assert "lessons/lesson_01_parser_cart: README.md" in stale.stdout
    assert "python -m kata sync 01" in stale.stdout
    synced = run_kata(repo_copy, "sync", "01")
    assert synced.returncode == 0, synced.stderr
    shipped = repo_copy / "lessons" / "lesson_01_parser_cart" / "README.md"
    assert shipped.read_text(encoding="utf-8").endswith("One more line.\n")
    assert run_kata(repo_copy, "verify", "01", "--quick").returncode == 0


@pytest.mark.slow
def test_new_lesson_gets_a_checklist_and_leaves_nothing_behind(repo_copy):
    before = snapshot(repo_copy)
    created = run_kata(repo_copy, "new", NEXT, "demo_seam")
    assert created.returncode == 0, created.stderr
    checked = run_kata(repo_copy, "verify", NEXT)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert "[ ] three hints or more, from a nudge to the answer" in checked.stdout
    assert "[ ] the components are named and exist" in checked.stdout
    assert "[ ] README.md has no empty section" in checked.stdout
    assert (
        "[ ] every correct implementation says what a test that fails on it pins" in checked.stdout
    )
    assert any(line.strip().startswith("fix:") for line in lines)
    shutil.rmtree(repo_copy / "solutions" / f"lesson_{NEXT}_demo_seam")
    shutil.rmtree(repo_copy / "lessons" / f"lesson_{NEXT}_demo_seam", ignore_errors=True)
    after = {k: v for k, v in snapshot(repo_copy).items() if not k.startswith(".kata/")}
    assert after == {k: v for k, v in before.items() if not k.startswith(".kata/")}


@pytest.mark.slow
def test_a_variant_is_recorded_from_an_edited_copy(repo_copy, tmp_path):
    scratch = tmp_path / "scratch"
    wrote = run_kata(repo_copy, "variant", "01", "doubled_price", "--to", str(scratch))
    assert wrote.returncode == 0, wrote.stderr
    parser = scratch / "parser.py"
    parser.write_text(parser.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    recorded = run_kata(repo_copy, "variant", "01", "doubled_price", "--from", str(scratch))
    assert recorded.returncode == 0, recorded.stderr
    diff = repo_copy / "solutions" / "lesson_01_parser_cart" / "variants" / "doubled_price.diff"
    assert diff.read_text(encoding="utf-8").startswith("--- a/parser.py\n+++ b/parser.py\n")
    assert "[[mutants]]" in recorded.stdout  # it says how to name it in the manifest
    unnamed = run_kata(repo_copy, "verify", "01", "--quick")
    assert "[ ] every file in variants/ is a variant the manifest names" in unnamed.stdout


CAUGHT_BY_A_TOTAL = """import pytest
from cart import Cart, add_line
from parser import parse


@pytest.mark.integration
def test_two_roti():
    cart = Cart()
    add_line(cart, parse("2x roti @1.50"))
    assert cart.total() == 3.00
"""
L01 = "lesson_01_parser_cart"


@pytest.mark.slow
def test_a_sample_is_recorded_from_a_students_copy_of_the_shipped_lesson(repo_copy, tmp_path):
    scratch = tmp_path / "scratch"
    wrote = run_kata(repo_copy, "sample", "01", "caught__made_up", "--to", str(scratch))
    assert wrote.returncode == 0, wrote.stderr
    assert snapshot(scratch) == snapshot(repo_copy / "lessons" / L01)  # as shipped
    (scratch / "test_integration.py").write_text(CAUGHT_BY_A_TOTAL, encoding="utf-8")
    (scratch / "app").mkdir()
    (scratch / "app" / "test_mine.py").write_text("def test_mine():\n    pass\n")  # a new file
    recorded = run_kata(repo_copy, "sample", "01", "caught__made_up", "--from", str(scratch))
    assert recorded.returncode == 0, recorded.stderr
    assert "changes app/test_mine.py, test_integration.py" in recorded.stdout
    text = (repo_copy / "tests" / "samples" / L01 / "caught__made_up.diff").read_text()
    assert text.startswith("--- /dev/null\n+++ b/app/test_mine.py\n")
    assert "--- a/test_integration.py\n+++ b/test_integration.py\n" in text
    again = tmp_path / "again"
    rewrote = run_kata(repo_copy, "sample", "01", "caught__made_up", "--to", str(again))
    assert "with the sample applied" in rewrote.stdout
    assert snapshot(again) == snapshot(scratch)


@pytest.mark.slow
def test_a_stale_sample_is_named_by_verify_and_its_copy_is_the_shipped_lesson(repo_copy, tmp_path):
    stale = repo_copy / "tests" / "samples" / L01 / "fixed__made_up.diff"
    stale.write_text(
        "--- a/parser.py\n+++ b/parser.py\n@@ -28,1 +28,1 @@\n"
        '-        "price": match["cost"],\n+        "price": float(match["cost"]),\n',
        encoding="utf-8",
    )
    where = f"tests/samples/{L01}/fixed__made_up.diff: parser.py, line 28: the sample expects"
    checked = run_kata(repo_copy, "verify", "01", "--quick")
    assert checked.returncode == 1
    assert "[ ] every sample applies to the shipped lesson" in checked.stdout
    assert where in checked.stdout
    assert "python -m kata sample 01 <its name> --to DIR" in checked.stdout
    wrote = run_kata(repo_copy, "sample", "01", "fixed__made_up", "--to", str(tmp_path / "s"))
    assert wrote.returncode == 0, wrote.stderr
    assert f"The sample no longer applies: {where}" in wrote.stdout
    assert snapshot(tmp_path / "s") == snapshot(repo_copy / "lessons" / L01)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        (b"notes.bin", b"\xff\x00", "text files with UTF-8 names only, not 'notes.bin'"),
        (b"caf\xe9.py", b"x = 1\n", "text files with UTF-8 names only, not 'caf\\udce9.py'"),
        (b"crlf.py", b"x = 1\r\n", "a diff cannot hold crlf.py as they are"),
    ],
    ids=["binary", "name-not-utf-8", "crlf"],
)
def test_a_sample_refuses_a_file_a_diff_cannot_hold(tmp_path, name, data, said):
    from kata.commands.scaffold import AuthorError, record_sample

    lesson = next(lesson for lesson in LESSONS if lesson.number == "01")
    edited = Path(shutil.copytree(shipped_lessons() / lesson.name, tmp_path / "edited"))
    Path(os.fsdecode(os.fsencode(edited) + b"/" + name)).write_bytes(data)
    with pytest.raises(AuthorError, match=re.escape(said)):
        record_sample(lesson, "caught__odd_file", edited, tmp_path)
    assert not (tmp_path / "tests").exists()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["fixed", "great__work", "fixed__Work", "fixed__../x"])
def test_a_sample_name_that_is_not_a_verdict_and_a_label_is_refused(repo_copy, tmp_path, name):
    done = run_kata(repo_copy, "sample", "01", name, "--to", str(tmp_path / "s"))
    assert done.returncode == 2
    assert "is not a sample name: write <verdict>__<label>" in done.stderr
    assert not (tmp_path / "s").exists()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["../starter", "Planted", "a b"])
def test_a_variant_name_that_is_not_a_plain_identifier_is_refused(repo_copy, name):
    manifest = repo_copy / "solutions" / "lesson_01_parser_cart" / "lesson.toml"
    text = manifest.read_text(encoding="utf-8").replace(
        'name = "cart_converts"', f'name = "{name}"'
    )
    manifest.write_text(text, encoding="utf-8")
    done = run_kata(repo_copy, "check", "01")
    assert done.returncode == 3
    assert "solutions/lesson_01_parser_cart/lesson.toml" in done.stderr
    assert "not a variant name" in done.stderr


def test_old_contract_names_exactly_the_unit_tests_a_correct_fix_changes():
    from kata.commands.verify import old_contract_checks

    lesson = next(lesson for lesson in LESSONS if lesson.number == "01")
    assert lesson.old_contract == ("test_parser.py::test_reads_quantity_item_and_price",)
    assert all(check.ok for check in old_contract_checks(lesson))
    wrong = replace(
        lesson, old_contract=("test_parser.py::test_quantity_defaults_to_one", "test_cart.py::nope")
    )
    shipped, exact, _ = old_contract_checks(wrong)
    assert not shipped.ok and "test_cart.py::nope" in shipped.detail
    assert not exact.ok
    assert "not named: ['test_parser.py::test_reads_quantity_item_and_price']" in exact.detail
    kept = "['test_parser.py::test_quantity_defaults_to_one']"
    assert f"kept with their module by every correct fix: {kept}" in exact.detail


def test_old_contract_may_name_a_test_whose_module_a_fix_changed_and_no_prefix_of_another():
    from kata.commands.verify import old_contract_checks

    lesson = next(lesson for lesson in LESSONS if lesson.number == "02")
    # Its function is the same in every fix; the ALICE it uses is the planted one.
    assert "test_notification_service.py::test_greets_the_user_by_name" in lesson.old_contract
    assert all(check.ok for check in old_contract_checks(lesson))
    first = next(lesson for lesson in LESSONS if lesson.number == "01")
    prefix = replace(first, old_contract=(*first.old_contract, "test_parser.py::test_re"))
    *_, prefixed = old_contract_checks(prefix)
    assert not prefixed.ok
    assert "['test_parser.py::test_rejects_lines_that_are_not_orders']" in prefixed.detail


def test_every_correct_implementation_says_what_a_test_failing_on_it_pins():
    """Students read ``assumes`` in a wrong-expectation verdict; the fix stays unsaid."""
    from kata.commands.verify import manifest_checks

    name = "every correct implementation says what a test that fails on it pins"
    for lesson in LESSONS:
        said = [check for check in manifest_checks(lesson) if check.name == name]
        assert [check.ok for check in said] == [True], lesson.name
        for variant in lesson.variants:
            if variant.correct:
                assert variant.assumes != variant.summary, (lesson.name, variant.name)
    first = LESSONS[0]
    unsaid = replace(first, variants=tuple(replace(v, assumes="") for v in first.variants))
    [check] = [check for check in manifest_checks(unsaid) if check.name == name]
    assert not check.ok and "'reference', 'cart_converts'" in check.detail
    assert "assumes" in check.fix


#: Words of code in a text: a call, an SQL keyword, a name_with_underscores, a CamelCase name.
CODE_WORD = re.compile(
    r"[A-Za-z_][\w.]*\(\)|\b[A-Z]{3,}\b|\b[a-z]+_[a-z_]+\b|\b[A-Z][a-z]+[A-Z]\w*\b"
)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_what_a_test_pins_names_no_code_only_a_fix_brings(lesson):
    """A student reads ``assumes`` when their test fails on a correct implementation: it
    says what detail the test relies on, never how a fix works. So it names no call, SQL
    keyword or setting that the fix or a correct implementation's summary names and the
    shipped code does not have (issue 21: "LIKE, ILIKE, lower()", "one conditional UPDATE")."""
    how = [v.summary for v in lesson.variants if v.correct or v.kind == "bug"]  # fix included
    fix_words = {word for text in how for word in CODE_WORD.findall(text)}
    code = " ".join(
        (lesson.folder / name).read_text(encoding="utf-8")
        for name in lesson_files(lesson.folder)
        if name.endswith(".py")
    )
    shipped = set(re.findall(r"[A-Za-z_]\w*", code))
    for variant in (v for v in lesson.variants if v.correct):
        named = set(CODE_WORD.findall(variant.assumes)) & fix_words
        brought = sorted(w for w in named if w.rstrip("()").split(".")[-1] not in shipped)
        assert brought == [], (variant.name, variant.assumes)


@pytest.mark.parametrize(
    "node",
    ["test_parser.py::test_x[roti]", "../test_x.py::test_y", "test_parser.py", "parser.py::f"],
)
def test_old_contract_entries_must_be_unit_test_node_ids(tmp_path, node):
    from kata.course.discover import LessonError, load_lesson

    solution = next(lesson for lesson in LESSONS if lesson.number == "01").solution
    copy = tmp_path / solution.name
    shutil.copytree(solution, copy)
    manifest = copy / "lesson.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('"test_parser.py::test_reads_quantity_item_and_price"',
                                     f'"{node}"'), encoding="utf-8")  # fmt: skip
    with pytest.raises(LessonError, match="old_contract"):
        load_lesson(copy, ROOT)


def test_a_link_to_a_missing_file_or_heading_is_named_and_the_rest_pass(tmp_path):
    from kata.commands.verify import broken_links

    lesson = tmp_path / "solutions" / "lesson_13_x"
    lesson.mkdir(parents=True)
    (tmp_path / "README.md").write_text("# Seam kata\n\n## No make?\n", encoding="utf-8")
    readme = lesson / "README.md"
    readme.write_text(
        "# Lesson 13\n\n## The task\n\n"
        "[top](../../README.md) [no make](../../README.md#no-make) [task](#the-task)\n"
        "[docs](https://docs.pytest.org/) [mail](mailto:a@example.com)\n"
        "[gone](../GUIDE.md) [no heading](../../README.md#speed) [typo](#the-tsak)\n",
        encoding="utf-8",
    )
    assert broken_links(readme) == ["../GUIDE.md", "../../README.md#speed", "#the-tsak"]


def _made_up_lesson(tmp_path: Path, manifest: str) -> Path:
    """A solved lesson of two flat modules, a package, tests, fixtures and data."""
    folder = tmp_path / "solutions" / "lesson_42_made_up"
    for name in ("cart.py", "parser.py", "app/__init__.py", "app/api.py", "conftest.py",
                 "test_cart.py", "app/test_api.py", "cart_test.py", "test_integration.py",
                 "starter/test_integration.py", "variants/planted.diff", "prices.csv"):  # fmt: skip
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("", encoding="utf-8")
    (folder / "lesson.toml").write_text(manifest, encoding="utf-8")
    return folder


def test_components_default_to_every_module_but_tests_and_conftest(tmp_path):
    from kata.course.discover import load_lesson

    lesson = load_lesson(_made_up_lesson(tmp_path, 'title = "Made up"\n'), tmp_path)
    assert lesson.components == ("app/__init__.py", "app/api.py", "cart.py", "parser.py")
    assert lesson.not_components == ()


def test_not_components_are_left_out_and_a_list_is_taken_as_it_is(tmp_path):
    from kata.course.discover import load_lesson

    excepted = _made_up_lesson(tmp_path / "a", 'not_components = ["app/api.py"]\n')
    lesson = load_lesson(excepted, tmp_path / "a")
    assert lesson.components == ("app/__init__.py", "cart.py", "parser.py")
    assert lesson.not_components == ("app/api.py",)
    listed = _made_up_lesson(tmp_path / "b", 'components = ["parser.py", "cart.py"]\n')
    assert load_lesson(listed, tmp_path / "b").components == ("parser.py", "cart.py")


def test_components_and_not_components_together_are_refused(tmp_path):
    from kata.course.discover import LessonError, load_lesson

    both = 'components = ["cart.py"]\nnot_components = ["parser.py"]\n'
    with pytest.raises(LessonError, match="either components .* or not_components"):
        load_lesson(_made_up_lesson(tmp_path, both), tmp_path)


def test_verify_names_a_not_component_that_does_not_exist(tmp_path):
    from kata.commands.verify import manifest_checks
    from kata.course.discover import load_lesson

    typo = _made_up_lesson(tmp_path, 'not_components = ["sandbx.py"]\n')
    [check] = [c for c in manifest_checks(load_lesson(typo, tmp_path)) if "components" in c.name]
    assert not check.ok
    assert check.detail == "missing: ['sandbx.py']"


POSTGRES_LESSONS = [lesson for lesson in LESSONS if "postgres" in lesson.services]
#: The fixtures the curriculum promises each lesson on PostgreSQL.
POSTGRES_FIXTURES = {
    "lesson_11_search_postgres": {"pg_engine", "pg_session", "sqlite_session"},
    "lesson_12_stock_lost_update": {"pg_engine", "pg_session"},
}


def test_every_lesson_on_postgresql_gets_the_one_shared_server_module():
    from kata.course.discover import SHARED
    from kata.course.trees import build_variant

    assert {lesson.name for lesson in POSTGRES_LESSONS} == set(POSTGRES_FIXTURES)
    source = (SHARED / "postgres_server.py").read_bytes()
    for lesson in LESSONS:
        shipped = shipped_lessons() / lesson.name / "postgres_server.py"
        assert not (lesson.solution / "postgres_server.py").exists()  # stored once
        if lesson in POSTGRES_LESSONS:
            assert shipped.read_bytes() == source
            with tempfile.TemporaryDirectory() as scratch:  # every tree of the lesson has it
                tree = build_variant(lesson, lesson.variants[-1], Path(scratch) / "t")
                assert (tree / "postgres_server.py").read_bytes() == source
        else:
            assert not shipped.exists()


@pytest.mark.parametrize("lesson", POSTGRES_LESSONS, ids=lambda lesson: lesson.number)
def test_a_lesson_on_postgresql_has_the_curriculums_fixtures_in_its_conftest(lesson):
    import ast

    conftest = ast.parse((shipped_lessons() / lesson.name / "conftest.py").read_text("utf-8"))
    public = {
        node.name
        for node in conftest.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and any("fixture" in ast.unparse(decorator) for decorator in node.decorator_list)
    }
    assert public == POSTGRES_FIXTURES[lesson.name]
    assert "postgres_server.py" not in lesson.components  # the tests need it as it is


@pytest.mark.slow
def test_a_copy_of_the_shared_module_that_differs_fails_verify_until_sync(repo_copy):
    lesson = "lesson_12_stock_lost_update"
    copy = repo_copy / "lessons" / lesson / "postgres_server.py"
    copy.write_text(copy.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    stale = run_kata(repo_copy, "verify", "12", "--quick")
    assert stale.returncode == 1
    assert f"lessons/{lesson}: postgres_server.py" in stale.stdout
    source = repo_copy / "kata" / "course" / "shared" / "postgres_server.py"
    source.write_text(source.read_text(encoding="utf-8") + "# shared\n", encoding="utf-8")
    synced = run_kata(repo_copy, "sync", "--all")
    assert synced.returncode == 0, synced.stderr
    assert copy.read_text(encoding="utf-8").endswith("# shared\n")
    eleven = repo_copy / "lessons" / "lesson_11_search_postgres" / "postgres_server.py"
    assert eleven.read_bytes() == source.read_bytes()
    assert run_kata(repo_copy, "verify", "11", "12", "--quick").returncode == 0
    (repo_copy / "solutions" / lesson / "postgres_server.py").write_bytes(source.read_bytes())
    own = run_kata(repo_copy, "verify", "12", "--quick")
    assert own.returncode == 1
    stored = "postgres_server.py is kata/course/shared/postgres_server.py, stored once"
    assert f"[ ] {stored}" in own.stdout
