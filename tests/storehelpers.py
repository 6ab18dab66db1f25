"""Documents and claims for the store tests, built so each claim's offsets are right."""

from __future__ import annotations

from pathlib import Path

from tolltrace.model import Claim, Document

DOCS = Path(__file__).resolve().parents[1] / "docs" / "ledger.md"


def make_doc(
    doc_id: str = "a", text: str = "At least 12 people were killed.", **fields: str
) -> Document:
    return Document(id=doc_id, text=text, **fields)


def claim_in(doc: Document, mention: str, measure: str = "killed", **fields) -> Claim:
    start = doc.text.index(mention)
    defaults = {"value_min": 1, "value_max": None, "approx": "exact", "sentence": doc.text}
    return Claim(
        doc_id=doc.id,
        start=start,
        end=start + len(mention),
        mention=mention,
        measure=measure,
        **{**defaults, **fields},
    )
