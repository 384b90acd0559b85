"""The class report in a real browser: what a person sees at 1400 and at 400 pixels wide.

Headless Chromium, driven by Selenium through chromedriver, opens a report of 40
students × 12 lessons with long names, and checks that the grid is there, that the
students' names stay at the left when the grid scrolls sideways and the lessons'
header stays at the top when it scrolls down, that the page itself never scrolls
sideways (the grid scrolls in its own box), and that the page asks for nothing
from the network. Without a browser the test is skipped and says what to install.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kata.views.classreport import read_results, render, write
from tests.test_classreport import LESSONS, START, made_up_result

STUDENTS = 40
WIDTHS = (1400, 400)
HEIGHT = 900
#: Long names, a few without a space to break at, and a long repository name.
FIRST = ("Maximiliana", "Bartholomew", "Anastasiya", "Oluwaseun", "Guðmundur")
LAST = ("Featherstonehaugh-Montgomery", "Vasquez de la Fuente", "Abernathy-Okonkwo")
INSTALL = (
    "no Chromium with a matching chromedriver: on Debian or Ubuntu install them with "
    "`sudo apt-get install chromium chromium-driver` (Debian) or Google Chrome and its "
    "chromedriver, or name them in KATA_CHROMIUM and KATA_CHROMEDRIVER"
)


def browser() -> tuple[str, str] | None:
    """A Chromium (or Chrome) and a chromedriver of its version, or None.

    KATA_CHROMIUM and KATA_CHROMEDRIVER name them; else Debian's chromium and
    chromedriver; else Google Chrome with the chromedriver GitHub's Ubuntu runners
    keep in CHROMEWEBDRIVER, or on PATH.
    """
    named = os.environ.get("KATA_CHROMIUM"), os.environ.get("KATA_CHROMEDRIVER")
    chrome = shutil.which("google-chrome") or shutil.which("google-chrome-stable")
    runner = os.environ.get("CHROMEWEBDRIVER")  # GitHub's runners keep chromedriver there
    candidates = [
        named,
        (shutil.which("chromium"), shutil.which("chromedriver")),
        (chrome, shutil.which("chromedriver", path=runner) if runner else None),
        (chrome, shutil.which("chromedriver")),
    ]
    for found, driver in candidates:
        if found and driver and Path(found).exists() and Path(driver).exists():
            return found, driver
    return None


def class_results(folder: Path) -> None:
    """40 students' results with long names: every verdict, survivors, integrity notes."""
    folder.mkdir()
    for index in range(STUDENTS):
        result = made_up_result(index)
        result["student"] = (
            f"{FIRST[index % len(FIRST)]} {LAST[index % len(LAST)]} {index:02d}"
            if index % 7
            else f"student_with_a_very_long_login_name_and_no_spaces_{index:02d}"
        )
        result["repository"] = f"integration-testing-spring-term/seam-kata-{result['student']}"
        (folder / f"{index:02d}.json").write_text(json.dumps(result), encoding="utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("class-report-browser")
    class_results(scratch / "results")
    reading = read_results([scratch / "results"], LESSONS)
    assert reading.problems == [] and len(reading.students) == STUDENTS
    target = scratch / "class-report.html"
    write(target, render(reading, LESSONS, generated_at=START))
    return target


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    found = browser()
    if found is None:
        pytest.skip(INSTALL)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing: `python -m kata setup` installs the dev extras")
    binary, chromedriver = found
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTHS[0]},{HEIGHT}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # network events
    service = Service(executable_path=chromedriver)
    session = webdriver.Chrome(options=options, service=service)
    try:
        yield session
    finally:
        session.quit()


def requests(session: Any) -> list[str]:
    """The URLs the page asked for since the last call, from the browser's network log."""
    urls = []
    for entry in session.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


#: Where things are on the screen, measured in the page (chromedriver's script runs
#: outside the page's Content-Security-Policy).
MEASURE = """
const box = document.querySelector('.grid');
const grid = document.getElementById('grid-table');
const rows = [...grid.tBodies[0].rows];
const rect = (element) => {
  const r = element.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          width: r.width, height: r.height};
};
const seen = (element) => {  // the element a person sees at its own centre
  const r = element.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return top !== null && (top === element || element.contains(top));
};
const name = rows[0].cells[0];
const header = grid.tHead.rows[0].cells[1];
const cell = rows[0].cells[1];
return {
  box: rect(box), boxScroll: [box.scrollLeft, box.scrollTop],
  boxSize: [box.scrollWidth, box.clientWidth, box.scrollHeight, box.clientHeight],
  name: rect(name), nameSeen: seen(name), header: rect(header), headerSeen: seen(header),
  cell: rect(cell),
  viewport: [window.innerWidth, window.innerHeight],
  page: [document.documentElement.scrollWidth, document.body.scrollWidth],
  rows: rows.map((row) => ({
    name: row.cells[0].querySelector('a').textContent,
    cells: [...row.querySelectorAll('td.v')].filter((td) => {
      const r = td.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && td.textContent.trim() !== '';
    }).length,
  })),
  policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
};
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_class_report_as_a_person_sees_it(driver, page, width):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    requests(driver)  # what came before this page
    driver.get(page.as_uri())
    driver.execute_script("document.querySelector('.grid').scrollIntoView()")
    at_rest = driver.execute_script(MEASURE)
    assert at_rest["viewport"] == [width, HEIGHT]

    # The grid: every student's row, each with a visible cell per lesson.
    names = [student["name"] for student in at_rest["rows"]]
    assert len(names) == STUDENTS and any("no_spaces" in name for name in names)
    assert {row["cells"] for row in at_rest["rows"]} == {len(LESSONS)}

    # The page never scrolls sideways: the grid scrolls inside its own box.
    assert max(at_rest["page"]) <= width, f"the page is {at_rest['page']} px wide at {width}"
    assert at_rest["box"]["right"] <= width
    scroll_width, client_width, scroll_height, client_height = at_rest["boxSize"]
    if width == min(WIDTHS):
        assert scroll_width > client_width, "at 400 px the grid is wider than its box"
    assert scroll_height > client_height, "40 students are taller than the box"

    # Scrolled sideways: the students' names stay where they were, on top of the cells.
    if scroll_width > client_width:
        driver.execute_script("document.querySelector('.grid').scrollLeft = 10000")
        sideways = driver.execute_script(MEASURE)
        assert sideways["boxScroll"][0] > 0
        assert sideways["name"]["left"] == pytest.approx(at_rest["name"]["left"], abs=1)
        assert sideways["nameSeen"], "the student's name is not hidden by the cells"
        moved = at_rest["cell"]["left"] - sideways["cell"]["left"]
        assert moved == pytest.approx(sideways["boxScroll"][0], abs=1), "the cells did move"
        driver.execute_script("document.querySelector('.grid').scrollLeft = 0")

    # Scrolled down: the lessons' header stays at the top of the box, on top of the rows.
    driver.execute_script("document.querySelector('.grid').scrollTop = 10000")
    down = driver.execute_script(MEASURE)
    assert down["boxScroll"][1] > 0
    assert down["header"]["top"] == pytest.approx(down["box"]["top"] + 1, abs=1.5)
    assert down["headerSeen"], "the lesson header is not hidden by the rows"
    assert down["cell"]["bottom"] < down["header"]["top"], "the first row scrolled away"
    assert down["nameSeen"] is False or down["name"]["bottom"] < down["header"]["bottom"]

    # Nothing leaves the page: it says so, and the browser asked for the page alone.
    assert "default-src 'none'" in down["policy"]
    asked = requests(driver)
    assert page.as_uri() in asked, "the network log works: it saw the page itself"
    assert set(asked) == {page.as_uri()}, f"requests beyond the page: {set(asked)}"
