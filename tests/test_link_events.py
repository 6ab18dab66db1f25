"""Event linking on hand-built claims in a temp ledger: clusters, ids, decisions."""

from __future__ import annotations

import pytest

from linkhelpers import OSTREL, SERRAT, claim, document
from tolltrace.errors import LedgerError
from tolltrace.link import link, merge_events, rename_event, split_event
from tolltrace.link.events import average_linkage
from tolltrace.link.features import Key, parse_key
from tolltrace.store import Ledger


@pytest.fixture
def ledger(ledger_db: str) -> Ledger:
    """Ostrel protests (2 documents), Serrat quake (2), and Ostrel protests two years on."""
    opened = Ledger(ledger_db)
    rows = [
        ("ostrel-1", OSTREL, 61, "2025-03-10", "ostrel-protests-2025-03"),
        ("ostrel-2", OSTREL, 104, "2025-03-12", "unplaced-protests-2025-03"),
        ("serrat-1", SERRAT, 38, "2025-04-02", "serrat-earthquake-2025-04"),
        ("serrat-2", SERRAT, 87, "2025-04-03", "unplaced-earthquake-2025-04"),
        ("ostrel-old", OSTREL, 17, "2023-03-08", "ostrel-protests-2023-03"),
    ]
    for doc_id, template, n, published, key in rows:
        doc = document(doc_id, template, n, published)
        opened.add_document(doc, [claim(doc, n, key)])
    yield opened
    opened.close()


def groups(ledger: Ledger) -> list[list[str]]:
    return sorted(
        sorted(c.doc_id for c, _ in ledger.event_claims(e.id)) for e in ledger.events()
    )


def event_of(ledger: Ledger, doc_id: str) -> str:
    links = ledger.event_links()
    return links[ledger.claims(doc_id=doc_id)[0].id].event_id


def test_link_groups_claims_by_place_kind_time_and_wording(ledger: Ledger) -> None:
    report = link(ledger)

    assert groups(ledger) == [["ostrel-1", "ostrel-2"], ["ostrel-old"], ["serrat-1", "serrat-2"]]
    assert (report.events, report.claims_linked) == (3, 5)
    for event in ledger.events():
        for _, found in ledger.event_claims(event.id):
            assert 0.0 <= found.score <= 1.0 and not found.decided
    first = ledger.event(event_of(ledger, "ostrel-1"))
    assert (first.place, first.kind, first.first_date) == ("ostrel", "protests", "2025-03-10")
    assert [c.doc_id for c in ledger.claims(event_id=first.id)] == ["ostrel-1", "ostrel-2"]


def test_link_event_ids_are_stable_across_runs(ledger: Ledger) -> None:
    link(ledger)
    before = [(e.id, e.label) for e in ledger.events()]
    link(ledger)
    assert [(e.id, e.label) for e in ledger.events()] == before
    assert event_of(ledger, "ostrel-1").startswith("ostrel-protests-2025-03-")


def test_link_merge_survives_relinking(ledger: Ledger) -> None:
    link(ledger)
    old, new = event_of(ledger, "ostrel-old"), event_of(ledger, "ostrel-1")

    merge_events(ledger, old, new)
    assert groups(ledger) == [["ostrel-1", "ostrel-2", "ostrel-old"], ["serrat-1", "serrat-2"]]
    report = link(ledger)

    assert report.decisions_applied == 1
    assert groups(ledger) == [["ostrel-1", "ostrel-2", "ostrel-old"], ["serrat-1", "serrat-2"]]
    assert all(found.decided and found.score == 1.0 for _, found in ledger.event_claims(new))


def test_link_split_and_rename_survive_relinking(ledger: Ledger) -> None:
    link(ledger)
    quake = event_of(ledger, "serrat-1")
    moved = ledger.claims(doc_id="serrat-2")[0].id

    new_id = split_event(ledger, quake, [moved], label="Aftershock")
    rename_event(ledger, quake, "Serrat earthquake")
    link(ledger)

    assert event_of(ledger, "serrat-2") == new_id
    assert ledger.event(new_id).label == "Aftershock"
    assert ledger.event(quake).label == "Serrat earthquake"
    assert [c.doc_id for c in ledger.claims(event_id=quake)] == ["serrat-1"]


def test_link_decisions_refuse_unknown_events_and_claims(ledger: Ledger) -> None:
    link(ledger)
    quake = event_of(ledger, "serrat-1")
    stranger = ledger.claims(doc_id="ostrel-1")[0].id
    with pytest.raises(LedgerError, match="no event 'nope'"):
        merge_events(ledger, "nope", quake)
    with pytest.raises(LedgerError, match="not in event"):
        split_event(ledger, quake, [stranger])
    assert ledger.event_decisions() == []


def test_link_copies_join_their_originals_event(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        text = OSTREL + " " + OSTREL.replace("Monday", "Tuesday")
        original = document("wire", text, 61, "2025-03-10")
        copy = document("mirror", "Mirror headline.\n\n" + text, 61, "2025-03-11")
        ledger.add_document(original, [claim(original, 61, "ostrel-protests-2025-03")])
        ledger.add_document(copy, [claim(copy, 61, "unplaced-event-2025-03")])

        report = link(ledger)

        assert report.copies == 1
        assert [(c.doc_id, c.original_id) for c in ledger.copies()] == [("mirror", "wire")]
        assert groups(ledger) == [["mirror", "wire"]]


def test_link_parses_extraction_keys() -> None:
    assert parse_key("cape-ardan-shipwreck-2025-06") == Key("cape-ardan", "shipwreck", "2025-06")
    assert parse_key("unplaced-event-undated") == Key(None, None, None)
    assert parse_key("unplaced-covid-19") == Key(None, "covid-19", None)
    assert parse_key(None) == Key(None, None, None)


def test_link_average_linkage_needs_the_mean_not_one_pair() -> None:
    pairs = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.0}
    assert average_linkage(3, pairs, 0.5) == [[0, 1], [2]]
    assert average_linkage(3, {(0, 1): 0.9, (1, 2): 0.9}, 0.5) == [[0, 1, 2]]
