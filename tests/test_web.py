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
    return TestClient(create_app(db, allowed_hosts=["testserver"]))


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
    guarded = TestClient(create_app(db, token="s3cret", allowed_hosts=["testserver"]))
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


HOSTILE_SEARCHES = [
    "'", '"', "' OR 1=1 --", "%", "_", "\\", "%_%", "\x00", "a\x00b", "🙂", "x" * 200
]


@pytest.mark.parametrize("q", HOSTILE_SEARCHES)
def test_web_search_parameters_are_data_never_sql(client: TestClient, q: str) -> None:
    for url in ("/events.json", "/"):
        for name in ("q", "kind"):
            response = client.get(url, params={name: q})
            assert response.status_code == 200, response.text
    assert client.get("/events.json", params={"q": q}).json()["events"] == []  # taken literally
    assert client.get("/aliases.json", params={"status": q}).status_code == 400
    page = client.get("/", params={"q": q})
    if q.strip("\x00"):
        assert "' OR 1=1" not in page.text or "&#39; OR 1=1" in page.text


def test_web_search_longer_than_the_limit_is_refused(client: TestClient) -> None:
    long = "x" * 10_000
    assert client.get("/events.json", params={"q": long}).status_code == 400
    page = client.get("/", params={"q": long})
    assert page.status_code == 400 and "at most 200 characters" in page.text


def test_web_list_pages_are_capped_and_paginated(client: TestClient) -> None:
    first = client.get("/events.json", params={"limit": 1}).json()
    second = client.get("/events.json", params={"limit": 1, "page": 2}).json()
    assert first["page"] == {"number": 1, "size": 1, "total": 2, "pages": 2}
    assert [r["event"]["id"] for r in first["events"] + second["events"]] == [
        EVENT, "serrat-quake-2025"]
    assert client.get("/events.json", params={"limit": 10**9}).json()["page"]["size"] == 200
    assert client.get("/events.json", params={"page": 99}).json()["events"] == []
    assert client.get("/events.json", params={"limit": 0}).status_code == 400
    assert 'rel="next"' in client.get("/", params={"limit": 1}).text
    aliases = client.get("/aliases.json", params={"limit": 10**6}).json()
    assert aliases["page"]["size"] == 200 and aliases["aliases"][0]["alias"] == "VRW"


def test_web_without_a_token_has_no_write_routes_and_no_forms(client: TestClient) -> None:
    for url in (f"/events/{EVENT}/merge", f"/events/{EVENT}/rename", "/aliases/confirm",
                "/aliases/reject"):
        assert client.post(url, data={"label": "x"}).status_code in (404, 405)
    for url in ("/", f"/events/{EVENT}", "/aliases", "/documents/wire"):
        text = client.get(url).text
        assert 'method="post"' not in text and "form_key" not in text


@pytest.fixture()
def writable(tmp_path: Path) -> tuple[TestClient, Path]:
    db = build_ledger(tmp_path / "ledger.db")
    return TestClient(create_app(db, token="s3cret", allowed_hosts=["testserver"])), db


BEARER = {"Authorization": "Bearer s3cret"}


def test_web_write_routes_demand_the_token(writable: tuple[TestClient, Path]) -> None:
    client, db = writable
    url = f"/events/{EVENT}/rename"
    assert client.post(url, data={"label": "x"}).status_code == 401  # no token at all
    client.cookies.set("tolltrace_token", "s3cret")  # a visitor who has the cookie...
    assert client.post(url, data={"label": "x"}).status_code == 403  # ...still needs more
    assert client.post(url, data={"label": "x", "form_key": "guess"}).status_code == 403
    wrong = {"Authorization": "Bearer s3cre"}
    assert client.post(url, data={"label": "x"}, headers=wrong).status_code == 403
    with Ledger(db) as ledger:
        assert ledger.event(EVENT).label != "x"  # nothing was written


def test_web_write_routes_refuse_other_origins(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    page = client.get(f"/events/{EVENT}", headers=BEARER).text
    key = re.search(r'name="form_key" value="([0-9a-f]{64})"', page).group(1)
    assert "s3cret" not in page  # the form carries a derived key, never the token
    client.cookies.set("tolltrace_token", "s3cret")
    form = {"label": "Renamed", "form_key": key}
    url = f"/events/{EVENT}/rename"
    for headers in ({}, {"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}):
        assert client.post(url, data=form, headers=headers).status_code == 403, headers
    evil = {**BEARER, "Origin": "http://evil.example"}
    assert client.post(url, data=form, headers=evil).status_code == 403
    same = client.post(url, data=form, headers={"Sec-Fetch-Site": "same-origin"},
                       follow_redirects=False)
    assert same.status_code == 303 and same.headers["location"] == f"/events/{EVENT}"
    origin = client.post(url, data=form, headers={"Origin": "http://testserver"},
                         follow_redirects=False)
    assert origin.status_code == 303


def test_web_write_routes_merge_rename_and_decide_aliases(
    writable: tuple[TestClient, Path],
) -> None:
    client, db = writable
    renamed = client.post(f"/events/{EVENT}/rename", data={"label": "Ostrel <b>crackdown</b>"},
                          headers=BEARER)
    assert renamed.json() == {"ok": True, "event": EVENT, "label": "Ostrel <b>crackdown</b>"}
    page = client.get(f"/events/{EVENT}", headers=BEARER).text
    assert "Ostrel &lt;b&gt;crackdown&lt;/b&gt;" in page and 'action="/events/' in page
    rejected = client.post("/aliases/reject", data={"alias": "VRW", "name": "Varnia Rights Watch"},
                           headers=BEARER)
    assert rejected.json()["status"] == "rejected"
    confirmed = client.post("/aliases/confirm", headers=BEARER,
                            data={"alias": "The Front", "name": HOSTILE_CLAIMANT})
    assert confirmed.status_code == 200
    with Ledger(db) as ledger:
        statuses = {(a.alias, a.name): a.status for a in ledger.claimant_aliases()}
    assert statuses[("VRW", "Varnia Rights Watch")] == "rejected"
    assert statuses[("The Front", HOSTILE_CLAIMANT)] == "confirmed"
    merged = client.post(f"/events/{EVENT}/merge", data={"into": "serrat-quake-2025"},
                         headers=BEARER)
    assert merged.json()["into"] == "serrat-quake-2025"
    with Ledger(db) as ledger:
        assert ledger.event(EVENT) is None
    assert client.post(f"/events/{EVENT}/merge", data={"into": "serrat-quake-2025"},
                       headers=BEARER).status_code == 404
    assert client.post("/events/serrat-quake-2025/rename", data={"label": "  "},
                       headers=BEARER).status_code == 400
    assert client.post("/aliases/confirm", data={"alias": "x", "name": "y", "type": "<b>"},
                       headers=BEARER).status_code == 400
    huge = client.post("/aliases/reject", content=b"alias=" + b"x" * 20_000, headers={
        **BEARER, "Content-Type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413


def test_web_security_headers_are_strict(client: TestClient) -> None:
    headers = client.get("/").headers
    policy = {part.split()[0]: part.split()[1:] for part in
              headers["content-security-policy"].split("; ")}
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == policy["base-uri"] == policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "script-src" not in policy  # no 'unsafe-inline' anywhere
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
