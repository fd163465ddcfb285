"""`footballkg serve` in headless Chromium: its SPARQL editor shows rows; its catalogue runs a
saved query from its form; Genk's page lists its coaches in order; no page requests anything
from another host; and a page on another local origin (127.0.0.2) cannot change its data by a
form POST or a no-cors fetch."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from footballkg.stores.oxigraph_server import free_port, start_oxigraph

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


def start_serve(*options: str) -> tuple[subprocess.Popen[bytes], str]:
    """`footballkg serve` on a free loopback port, as a user runs it, and its URL."""
    port = free_port()
    command = [sys.executable, "-m", "footballkg", "serve", "--port", str(port), *options]
    process = subprocess.Popen(
        [*command, "--project", str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first_line = _read_line(process, timeout=30)
    assert first_line.startswith("Serving "), first_line
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(10)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    process.stderr.close()


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    process, url = start_serve()
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture
def served_page(served: str) -> str:
    return served + "/editor"


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"footballkg serve printed nothing within {timeout} s")
    return process.stdout.readline().decode()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    # Selenium must not look for drivers or report anything over the network.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # Every request the pages make (Network events) and every console message (CSP reports).
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def test_query_page_runs_a_query_and_shows_the_rows(served_page: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served_page)
    query = browser.find_element(By.ID, "query")
    query.clear()
    query.send_keys(QUERY)
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 15).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    cells = [c.text for c in rows[0].find_elements(By.CSS_SELECTOR, "td")]
    assert len(rows) == 1
    assert cells == EXPECTED_CELLS


# -- the catalogue, people's and teams' pages ------------------------------------------------


def column(browser: Any, name: str) -> list[str]:
    """The cells of column `name` of the page's results table, top to bottom."""
    from selenium.webdriver.common.by import By

    headers = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    index = headers.index(name) + 1
    cells = browser.find_elements(By.CSS_SELECTOR, f"#results tbody tr td:nth-child({index})")
    return [c.text for c in cells]


def test_the_catalogue_runs_career_from_its_form(served: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "/")
    browser.find_element(By.LINK_TEXT, "career").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "params"))
    assert browser.find_element(By.ID, "param-person").get_attribute("value") == "jess-thorup"
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results tr"))
    # The seeds: 6 spells as a player, 2 as assistant at Esbjerg, 9 in the managerial table.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 17
    assert browser.find_element(By.ID, "results-count").text == "17 rows."
    genk = column(browser, "start").index("2020-09-24")
    assert column(browser, "team_label")[genk] == "Genk"
    assert column(browser, "end")[genk] == "2020-11-02"


def test_genks_page_lists_its_coaches_in_order(served: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(served + "/team/krc-genk")
    # "Thorup volgde Hannes Wolf op" (the Belgian article): Wolf, then Thorup.
    assert column(browser, "person_label") == ["Hannes Wolf", "Jess Thorup"]
    assert browser.find_element(By.CSS_SELECTOR, "#timeline svg").size["height"] > 100
    browser.find_element(By.LINK_TEXT, "person:jess-thorup").click()
    assert browser.find_element(By.ID, "title").text == "Jess Thorup"


def test_the_pages_request_nothing_from_another_host(served: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get_log("performance")  # start from an empty log
    for path in ["/", "/queries/career?person=jess-thorup", "/person/jess-thorup"]:
        browser.get(served + path)
    browser.get(served + "/team/krc-genk")
    browser.find_element(By.LINK_TEXT, "all its statements").click()
    browser.get(served + "/editor")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 15).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    )
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        # Requests made for the server's pages (Chromium loads its own chrome:// pages too).
        if message["method"] == "Network.requestWillBeSent" and message["params"].get(
            "documentURL", ""
        ).startswith(served + "/"):
            urls.append(message["params"]["request"]["url"])
    assert served + "/query" in urls  # the editor's fetch is seen, so the log is complete
    assert served + "/team/krc-genk" in urls
    elsewhere = [u for u in urls if not u.startswith(served + "/") and not u.startswith("data:")]
    assert elsewhere == []
    # Nothing the pages hold was blocked by the Content-Security-Policy either.
    refused = [
        e["message"] for e in browser.get_log("browser") if "Content Security" in e["message"]
    ]
    assert refused == []


# -- a page on another local origin tries to write -------------------------------------------

ATTACK_PAGE = """<!DOCTYPE html><html><body>
<iframe name="sink"></iframe>
<form id="form" method="POST" action="TARGET/update" target="sink">
<input type="hidden" name="update"
  value="INSERT DATA { <http://example.org/form> <http://example.org/p> 1 }">
</form>
<script>
const target = "TARGET";
Promise.allSettled([
  fetch(target + "/update", {method: "POST", mode: "no-cors",
    headers: {"Content-Type": "application/x-www-form-urlencoded"},
    body: "update=" + encodeURIComponent(
      "INSERT DATA { <http://example.org/fetch> <http://example.org/p> 1 }")}),
  fetch(target + "/store?default", {method: "POST", mode: "no-cors",
    headers: {"Content-Type": "text/plain"},
    body: "<http://example.org/store> <http://example.org/p> 1 .\\n"}),
  fetch(target + "/store?default", {method: "DELETE", mode: "no-cors"}),
]).then(() => {
  window.fetchesDone = true;
  document.querySelector("iframe").addEventListener("load", () => { window.formDone = true; });
  document.getElementById("form").submit();
});
</script></body></html>
"""


def attack_page_server(target: str) -> ThreadingHTTPServer:
    """The attacker: a page on http://127.0.0.2:PORT, another origin on this machine."""
    page = ATTACK_PAGE.replace("TARGET", target).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.2", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def count_triples(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(
        f"{base}/query?query={query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def attack(browser: Any, target: str, finished: Callable[[Any], bool]) -> None:
    """Open the attacker's page against `target`; return once its fetches settled and
    `finished(browser)` holds."""
    from selenium.webdriver.support.ui import WebDriverWait

    page = attack_page_server(target)
    try:
        browser.get(f"http://127.0.0.2:{page.server_address[1]}/")
        WebDriverWait(browser, 15).until(
            lambda b: b.execute_script("return window.fetchesDone === true") and finished(b)
        )
    finally:
        page.shutdown()
        page.server_close()


def test_a_page_on_another_origin_cannot_write_to_serve(browser: Any) -> None:
    # The same page does write to a stock `oxigraph serve`: the attack is real in this browser
    # (the form POST and the no-cors fetch each insert one triple).
    with start_oxigraph() as stock:
        before = count_triples(stock.url)
        attack(browser, stock.url, lambda b: count_triples(stock.url) == before + 2)
    process, served = start_serve("--writable")  # the most exposed mode
    try:
        before = count_triples(served)
        assert before > 2000

        def form_answered_or_written(b: Any) -> bool:
            # A refusal (with a body) loads the iframe; a 204 would not, but would add a triple.
            return bool(b.execute_script("return window.formDone === true")) or (
                count_triples(served) != before
            )

        attack(browser, served, form_answered_or_written)
        assert count_triples(served) == before
    finally:
        stop(process)
