"""Right-to-left text in the web UI (issue 11, item 9): a Persian document, ingested with
lang "fa", opened in Chromium: it reads right to left and its figure is highlighted at exactly
its characters. The article is ours; if this branch reads no Persian figure, the claim is
added through the store API at the figure's offsets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from test_browser import CHROMIUM, CHROMIUM_ARGS, serving
from tolltrace import ingest
from tolltrace.model import Claim
from tolltrace.store import Ledger

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
]

# "A rights group reported that at least 120 people were killed in the protests in Shiraz."
PERSIAN = "یک گروه حقوق بشری گزارش داد که دست‌کم ۱۲۰ نفر در اعتراضات شیراز کشته شدند."
FIGURE = "دست‌کم ۱۲۰"  # "at least 120": the mention holds its qualifier
CLAIMANT = "گروه حقوق بشری"


@pytest.fixture(scope="module")
def persian_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rtl")
    record = {"id": "fa-1", "lang": "fa", "title": "اعتراضات شیراز", "text": PERSIAN}
    (folder / "fa.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n")
    db = folder / "fa.db"
    assert ingest([str(folder / "fa.jsonl")], db).added == 1
    start = PERSIAN.index(FIGURE)
    with Ledger(db) as ledger:
        stored = ledger.document("fa-1")
        assert stored is not None and stored.lang == "fa"
        if not any(c.start == start for c in ledger.claims(doc_id="fa-1")):
            figure = Claim(
                "fa-1", start, start + len(FIGURE), FIGURE, 120, None, "at least", "killed",
                claimed_by=(CLAIMANT,), sentence=PERSIAN,
            )  # fmt: skip
            ledger.replace_claims("fa-1", [*ledger.claims(doc_id="fa-1"), figure])
    return db


@pytest.fixture(scope="module")
def server(persian_db: Path) -> Iterator[str]:
    with serving(persian_db) as (base, _):
        yield base


def test_a_persian_document_reads_right_to_left_with_its_figure_highlighted(server: str) -> None:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{server}/documents/fa-1")
        article = page.locator("article.stored-text")
        assert article.evaluate("el => getComputedStyle(el).direction") == "rtl"
        assert page.locator("h1").evaluate("el => getComputedStyle(el).direction") == "rtl"

        mark = article.locator("mark").first
        assert mark.is_visible()
        assert mark.inner_text() == FIGURE
        before = mark.evaluate(
            """el => { const r = document.createRange();
                       r.setStart(el.closest('article'), 0); r.setEndBefore(el);
                       return r.toString(); }"""
        )
        assert before == PERSIAN[: PERSIAN.index(FIGURE)]  # the exact characters, no shift

        # right to left: the figure sits right of the words that follow it in the text
        after = article.evaluate(
            """el => { const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                       const nodes = []; while (walker.nextNode()) nodes.push(walker.currentNode);
                       const r = document.createRange(); const last = nodes[nodes.length - 1];
                       r.setStart(last, 1); r.setEnd(last, 3);
                       return r.getBoundingClientRect().left; }"""
        )
        assert mark.bounding_box()["x"] > after  # type: ignore[index]
        sentence = page.locator(".claims-panel blockquote").first
        assert sentence.evaluate("el => getComputedStyle(el).direction") == "rtl"
        for name in page.locator(".claims-panel a[href^='/claimants/']").all():
            assert name.evaluate("el => getComputedStyle(el).direction") == "rtl"
        browser.close()
