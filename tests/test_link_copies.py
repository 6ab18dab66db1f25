"""Wire copies: near-duplicate texts found with MinHash/LSH, the earliest as original."""

from __future__ import annotations

from tolltrace.link import find_copies, link
from tolltrace.link.copies import containment, shingles
from tolltrace.model import Document
from tolltrace.store import Ledger

WIRE = """OSTREL, March 11 (NPA) - At least 61 people were killed when security forces opened fire
on protesters in central Ostrel on Monday night, sources at three city hospitals told Nord Press
Agency. More than 400 people were treated for gunshot wounds and injuries from batons and rubber
bullets, the sources said. The Interior Ministry said 12 people had died, among them three police
officers, and that 800 organisers of riots had been detained. It accused armed provocateurs of
firing first and said order had been restored. Tens of thousands of people had gathered in Unity
Square since Saturday to oppose a constitutional amendment that would let the president run for a
fourth term. Witnesses said armoured vehicles entered the square shortly after 10 p.m."""

MIRROR = "Dozens dead in Ostrel as troops clear the square\n\n" + WIRE.replace(
    "Witnesses said", "Our correspondent in the capital confirmed the account. Witnesses said"
)
CUT = WIRE.rsplit(". ", 3)[0] + "."  # the last three sentences dropped

OTHER = """KALVO, April 2 - A magnitude 6.8 earthquake struck Serrat province before dawn on
Tuesday, killing at least 38 people and injuring hundreds, the National Emergency Service said.
Rescue teams were searching collapsed apartment blocks in the provincial capital, and the regional
governor asked for tents, blankets and field hospitals. Aftershocks shook the region all day."""


def doc(doc_id: str, text: str, published: str | None) -> Document:
    return Document(id=doc_id, text=text, published=published)


def test_copies_finds_republished_and_cut_stories_with_the_earliest_as_original() -> None:
    documents = [
        doc("mirror", MIRROR, "2025-03-12"),
        doc("wire", WIRE, "2025-03-11"),
        doc("cut", CUT, "2025-03-13"),
        doc("quake", OTHER, "2025-03-11"),
    ]
    found = find_copies(documents)

    assert [(c.doc_id, c.original_id) for c in found] == [("cut", "wire"), ("mirror", "wire")]
    assert all(0.5 <= c.similarity <= 1.0 for c in found)


def test_copies_breaks_date_ties_by_the_smallest_id() -> None:
    found = find_copies([doc("b", WIRE, "2025-03-11"), doc("a", MIRROR, "2025-03-11")])
    assert [(c.doc_id, c.original_id) for c in found] == [("b", "a")]


def test_copies_leaves_different_stories_alone() -> None:
    assert find_copies([doc("wire", WIRE, None), doc("quake", OTHER, None)]) == []


def test_copies_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("At least 61 people, Killed!", 3) == shingles("at least 61 people killed", 3)
    assert containment(1.0, 10, 10) == 1.0
    assert containment(0.25, 100, 400) == 1.0  # all of the short text is in the long one


def test_copies_signatures_are_stored_and_reused(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        ledger.add_document(doc("wire", WIRE, "2025-03-11"), [])
        ledger.add_document(doc("mirror", MIRROR, "2025-03-12"), [])
        assert link(ledger).documents_hashed == 2

        ledger.add_document(doc("cut", CUT, "2025-03-13"), [])
        report = link(ledger)

        assert (report.documents_hashed, report.copies) == (1, 2)
        assert set(ledger.minhashes()) == {"wire", "mirror", "cut"}
        assert {c.original_id for c in ledger.copies()} == {"wire"}
