"""The `footballkg serve` query page in headless Chromium: type a query, run it, see the rows."""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from footballkg.server import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
    "chromium-driver; .ci/run installs them)",
)

# The seed: Thorup "was hired by league rivals Genk as their new coach a month later on
# 24 September" (2020); its table: "Genk | 24 September 2020 | 2 November 2020".
QUERY = """PREFIX fkg: <https://w3id.org/footballkg/ontology#>
PREFIX tenure: <https://w3id.org/footballkg/id/tenure/>
SELECT ?start ?end WHERE {
  tenure:jess-thorup-krc-genk-head-coach-2020 fkg:startDate ?start ; fkg:endDate ?end .
}"""
EXPECTED_CELLS = ["2020-09-24", "2020-11-02"]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def served_page() -> Iterator[str]:
    """`footballkg serve` on a free loopback port, as a user runs it; stopped afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "footballkg", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--project", str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        first_line = _read_line(process, timeout=30)
        assert first_line.startswith("Serving "), first_line
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        process.stderr.close()


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"footballkg serve printed nothing within {timeout} s")
    return process.stdout.readline().decode()


def test_query_page_runs_a_query_and_shows_the_rows(served_page: str, tmp_path: Path) -> None:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # Selenium must not look for drivers or report anything over the network.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        browser.set_page_load_timeout(20)
        browser.get(served_page)
        wait = WebDriverWait(browser, 15)
        wait.until(lambda b: b.execute_script("return !!document.querySelector('.CodeMirror')"))
        browser.execute_script(
            "document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", QUERY
        )
        browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"))
        rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
        cells = [c.text for c in rows[0].find_elements(By.CSS_SELECTOR, "td")]
    finally:
        browser.quit()
    assert len(rows) == 1
    # The first cell is YASR's row number; dates show as literals with their datatype.
    assert [c.split("^^")[0].strip('"') for c in cells[1:]] == EXPECTED_CELLS
