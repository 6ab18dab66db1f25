"""The web UI through TestClient on a real ledger file: pages, twins, escaping, headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from boards import HOSTILE_CLAIMANT, build_ledger
from tolltrace.errors import LedgerError
from tolltrace.store import Ledger
from tolltrace.web import create_app

EVENT = "ostrel-crackdown-2025"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("web") / "ledger.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def claim_id(db: Path, doc_id: str, mention: str) -> int:
    with Ledger(db) as ledger:
        return next(c.id for c in ledger.claims(doc_id=doc_id) if c.mention == mention)


def test_web_events_json_lists_events_with_their_spread(client: TestClient) -> None:
    data = client.get("/events.json").json()
    rows = {row["event"]["id"]: row for row in data["events"]}
    assert list(rows) == [EVENT, "serrat-quake-2025"]  # most claims first
    ostrel = rows[EVENT]
    assert (ostrel["lowest"], ostrel["highest"], ostrel["spread"]) == (12, 143, 11.92)
    assert ostrel["event"]["href"] == f"/events/{EVENT}"
    assert data["kinds"] == ["earthquake", "protests"]


def test_web_events_filter_by_search_kind_and_measure(client: TestClient) -> None:
    def ids(query: str) -> list[str]:
        return [row["event"]["id"] for row in client.get(f"/events.json?{query}").json()["events"]]

    assert ids("q=serrat") == ["serrat-quake-2025"]
    assert ids("kind=protests") == [EVENT]
    assert ids("measure=missing") == []
    assert client.get("/events.json?measure=nonsense").status_code == 400
    page = client.get("/?q=serrat")
    assert "Serrat quake" in page.text and "Ostrel crackdown" not in page.text


def test_web_event_json_has_figures_side_by_side_and_series(client: TestClient, db: Path) -> None:
    data = client.get(f"/events/{EVENT}.json").json()
    killed = data["measures"][0]
    assert killed["measure"] == "killed"
    shown = [(f["text"], f["claimant"], f["claimant_type"]) for f in killed["figures"]]
    assert ("at least 61", "hospital sources", "unknown") in shown
    assert ("143", "Varnia Rights Watch", "rights group") in shown  # "VRW" is a confirmed alias
    wire = next(f for f in killed["figures"] if f["value_min"] == 61)
    assert (wire["independent_documents"], wire["copies"], wire["relays"]) == (
        1, 1, ["Nord Press Agency"])
    assert wire["href"] == f"/documents/wire#claim-{claim_id(db, 'wire', 'At least 61')}"
    assert [f["value_min"] for f in killed["hypothetical"]] == [50]
    assert data["series"]["Varnia Rights Watch / killed"] == [["2025-03-12", 104],
                                                             ["2025-03-15", 143]]
    assert data["independent_documents"] == data["documents"] - 1


def test_web_event_page_draws_the_timeline_as_svg(client: TestClient) -> None:
    page = client.get(f"/events/{EVENT}")
    assert page.status_code == 200
    assert page.text.count('<g class="series"') == 4
    assert re.search(r'<polyline points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"', page.text)  # VRW 104→143
    assert 'class="point-label"' in page.text
    assert "Hypothetical or projected figures" in page.text


def test_web_document_marks_every_figure_at_its_offsets(client: TestClient, db: Path) -> None:
    number = claim_id(db, "wire", "At least 61")
    page = client.get("/documents/wire")
    assert re.search(rf'<mark id="claim-{number}"[^>]*>At least 61</mark>', page.text)
    data = client.get("/documents/wire.json").json()
    with Ledger(db) as ledger:
        text = ledger.document("wire").text
    for row in data["claims"]:
        assert text[row["start"]:row["end"]] == row["mention"]
        assert row["event_id"] == EVENT
    assert data["document"]["sha256"] and data["document"]["text"] == text


def test_web_escapes_hostile_text_and_claimant_names(client: TestClient) -> None:
    pages = [client.get("/documents/hostile"), client.get(f"/events/{EVENT}"),
             client.get(f"/claimants/{HOSTILE_CLAIMANT}"), client.get("/")]
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
        assert 'onerror="alert' not in page.text
    document = pages[0].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "&lt;b&gt;Front&lt;/b&gt;" in document
    assert 'href="javascript:' not in document  # a non-web url is shown, not linked
    assert "&lt;img src=x onerror=" in pages[1].text


def test_web_sets_a_content_security_policy_and_serves_its_own_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from elsewhere
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert client.get(asset).status_code == 200


def test_web_claimant_page_gathers_figures_across_events(client: TestClient) -> None:
    data = client.get("/claimants/Varnia%20Rights%20Watch.json").json()
    assert data["type"] == "rights group"
    assert [f["value_min"] for f in data["events"][0]["figures"]] == [104, 104, 143]
    assert client.get("/claimants/varnia rights watch").status_code == 200


def test_web_answers_404_as_json_or_html(client: TestClient) -> None:
    missing = client.get("/events/nowhere.json")
    assert missing.status_code == 404 and "nowhere" in missing.json()["error"]
    page = client.get("/documents/nowhere")
    assert page.status_code == 404 and "no document" in page.text
    assert client.get("/claimants/Nobody.json").status_code == 404


def test_web_is_read_only(client: TestClient) -> None:
    assert client.post("/events.json").status_code == 405
    assert client.delete(f"/events/{EVENT}.json").status_code == 405


def test_web_token_guards_every_page(db: Path) -> None:
    guarded = TestClient(create_app(db, token="s3cret"))
    assert guarded.get("/events.json").status_code == 401
    assert guarded.get("/events.json", headers={"Authorization": "Bearer nope"}).status_code == 401
    ok = guarded.get("/events.json", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    entered = guarded.get("/?token=s3cret")  # sets a cookie, drops the token from the URL
    assert entered.status_code == 200 and entered.url.path == "/"
    assert guarded.get(f"/events/{EVENT}").status_code == 200


def test_web_refuses_a_missing_ledger(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no such ledger"):
        create_app(tmp_path / "absent.db")
