"""The web UI in a real browser: `tolltrace serve` as a subprocess over the demo corpus, driven
by Playwright with Debian's Chromium (`apt-get install chromium`; no `playwright install`).

Set TOLLTRACE_SCREENSHOTS=DIR to keep screenshots of the pages visited.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tolltrace import ingest
from tolltrace.link import link
from tolltrace.store import Ledger

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"tolltrace serve exited: {server.stderr.read()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"tolltrace serve did not answer {url} in {seconds} s")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    report = ingest([str(DEMO)], db)
    assert report.added >= 20
    with Ledger(db) as ledger:
        link(ledger)
    return db


@contextmanager
def serving(db: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`tolltrace serve` on a free port, answering, and stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tolltrace", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/events.json", process)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    with serving(demo_db) as (base, process):
        yield base
    assert f"at {base}/" in (process.stdout.read() if process.stdout else "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def keep(page: Page, name: str) -> None:
    folder = os.environ.get("TOLLTRACE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_browser_opens_the_demo_event_and_clicks_through_to_the_sentence(
    server: str, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{server}/")
    assert page.title() == "Events · tolltrace"
    page.locator("a.event-link").first.click()  # the event with the most claims
    page.wait_for_selector("section#measure-killed")
    keep(page, "event-board.png")

    killed = page.locator("section#measure-killed table.figures").first
    rows = killed.locator("tr.figure")
    claimants = set(killed.locator("a.claimant").all_inner_texts())
    assert rows.count() >= 4 and len(claimants) >= 3, claimants
    assert page.locator("figure.chart svg.timeline g.series").count() >= 2

    link = rows.first.locator("a.figure-link")
    href = link.get_attribute("href")
    assert href and "#claim-" in href
    link.click()
    page.wait_for_url("**/documents/**")
    claim_id = int(page.url.rsplit("#claim-", 1)[1])
    mark = page.locator(f"mark#claim-{claim_id}")
    assert mark.is_visible()
    keep(page, "document.png")

    twin = page.request.get(page.url.split("#")[0] + ".json").json()
    claim = next(c for c in twin["claims"] if c["id"] == claim_id)
    assert mark.inner_text() == claim["mention"]
    assert twin["document"]["text"][claim["start"] : claim["end"]] == claim["mention"]
    assert page.locator(f"#detail-{claim_id}.selected").is_visible()  # our script ran
    assert mark.evaluate("el => el.matches(':target')")
    assert problems == []  # no CSP violation, no script error


def test_browser_events_json_twin_matches_the_page(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{server}/")
    shown = page.locator("a.event-link").all_inner_texts()
    with urllib.request.urlopen(f"{server}/events.json") as response:
        data = json.load(response)
    assert shown == [row["event"]["label"] for row in data["events"]]
