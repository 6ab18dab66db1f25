"""Hostile articles in a real browser: nothing an article carries runs, on any page.

Articles carrying `<script>`, event-handler and `javascript:` payloads in their text, title,
outlet, URL and claimant names are ingested and linked with the CLI, one claimant is given a
hostile canonical name through the token-guarded write route, and `tolltrace serve --token`
serves them to Debian's Chromium. Every payload would set `window.__pwned` or the page
title; a listener installed before any page script records Content-Security-Policy
violations, which must not happen either: escaping, not the policy, must stop the payloads.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from test_browser import CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]

TOKEN = "browser-test-token"
SCRIPT = "<script>window.__pwned = 'script'; document.title = 'PWNED'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
SVG = "<svg onload=\"window.__pwned = 'svg'\"></svg>"
LINK = "javascript:window.__pwned='href'"
HOSTILE_NAME = f"<img src=x onerror=\"window.__pwned = 'claimant'\">{SCRIPT}Rights Watch"
ARTICLES = [
    {
        "id": f"hostile-{n}",
        "title": f"{SCRIPT}Clashes in Ostrel {IMG}",
        "outlet": f"{IMG}Ostrel Daily{SVG}",
        "url": LINK,
        "published": f"2025-03-1{n}",
        "text": (
            f"Clashes in Ostrel {SCRIPT}\n\n"
            f"Varnia Rights Watch said {40 + n} people were killed in Ostrel on 12 March. "
            f"The group's statement {IMG} was posted at {LINK} and {SVG}. "
            f"Hospital sources <b onmouseover=\"window.__pwned = 'b'\">said</b> {20 + n} "
            f"people had died. <a href=\"{LINK}\">More</a> <iframe src=\"{LINK}\"></iframe>"
        ),
    }
    for n in range(3)
]
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def cli(*args: str, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tolltrace", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def post(url: str, fields: dict[str, str]) -> dict:
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(fields).encode(), method="POST",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def get_json(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            get_json(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"tolltrace serve did not answer {url} in {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile-web")
    (folder / "hostile.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    cli("ingest", "hostile.jsonl", "--db", "hostile.db", "--quiet", cwd=folder)
    cli("link", "--db", "hostile.db", cwd=folder)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tolltrace", "serve", "--db", "hostile.db", "--port", str(port),
         "--token", TOKEN],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/events.json", process)
        confirmed = post(f"{base}/aliases/confirm",
                         {"alias": "Varnia Rights Watch", "name": HOSTILE_NAME})
        assert confirmed["ok"]
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def every_page(base: str) -> list[str]:
    """One URL of every page kind: lists, events, documents, claimants, errors."""
    events = get_json(f"{base}/events.json")["events"]
    assert events, "linking found no event"
    urls = ["/", "/aliases", "/aliases?status=confirmed", f"/?q={urllib.parse.quote(SCRIPT)}"]
    claimants: set[str] = set()
    for row in events:
        urls.append(row["event"]["href"])
        board = get_json(f"{base}{row['event']['href']}.json")
        for group in board["measures"]:
            for figure in group["figures"] + group["hypothetical"]:
                claimants.add(figure["claimant_href"])
    assert any("onerror" in urllib.parse.unquote(href) for href in claimants), claimants
    urls += sorted(claimants)
    urls += [f"/documents/{a['id']}" for a in ARTICLES]
    urls += [f"/documents/{urllib.parse.quote(SCRIPT, safe='')}",  # 404 pages echo the id
             f"/claimants/{urllib.parse.quote(IMG, safe='')}", "/?measure=%3Cscript%3E",
             "/?q=" + "x" * 300]
    return urls


def watched(browser: Browser, base: str) -> tuple[Page, list[str]]:
    page = browser.new_page()
    page.add_init_script(WATCH)
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error"
            and "status of 4" not in m.text else None)
    page.goto(f"{base}/?token={TOKEN}")  # sets the cookie
    return page, problems


def assert_nothing_ran(page: Page, problems: list[str], url: str) -> None:
    for element in page.locator("mark, a, td, h1, p.meta").all()[:50]:
        element.hover(timeout=2000, force=True)  # fire any mouseover handler that slipped in
    state = page.evaluate("({pwned: window.__pwned, csp: window.__csp, title: document.title})")
    assert state["pwned"] is None, f"{url}: a payload ran ({state['pwned']})"
    assert state["csp"] == [], f"{url}: the policy had to block {state['csp']}"
    assert state["title"] != "PWNED" and state["title"].endswith(" · tolltrace"), state["title"]
    assert not page.locator("iframe, img[src='x'], svg[onload], [onerror], [onmouseover]").count()
    assert not page.locator("a[href^='javascript:' i]").count(), url
    assert problems == [], f"{url}: {problems}"


def test_web_security_no_payload_runs_on_any_page(server: str, browser: Browser) -> None:
    page, problems = watched(browser, server)
    urls = every_page(server)
    for url in urls:
        page.goto(f"{server}{url}")
        assert_nothing_ran(page, problems, url)
    assert len(urls) >= 12
    document = page.goto(f"{server}/documents/hostile-0")
    assert document is not None
    assert document.headers["content-security-policy"].startswith("default-src 'self'")
    assert SCRIPT in page.locator("article.stored-text").inner_text()  # shown, as text


def test_web_security_forms_write_from_the_browser_and_stay_escaped(
    server: str, browser: Browser
) -> None:
    page, problems = watched(browser, server)
    event = get_json(f"{server}/events.json")["events"][0]["event"]
    page.goto(f"{server}{event['href']}")
    page.fill("input[name=label]", f"Renamed {SCRIPT}{IMG}")
    page.click("form[action$='/rename'] button[type=submit]")  # a real same-origin POST
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Renamed {SCRIPT}{IMG}"
    assert_nothing_ran(page, problems, event["href"])
    page.goto(f"{server}/aliases")
    assert page.locator("form[action='/aliases/reject']").count() >= 1
    assert_nothing_ran(page, problems, "/aliases")


def test_web_security_no_token_no_entry(server: str, browser: Browser) -> None:
    page = browser.new_page()
    response = page.goto(f"{server}/")
    assert response is not None and response.status == 401
