"""Hand-built documents and claims for the linking tests: no spaCy model needed."""

from __future__ import annotations

from tolltrace.model import Claim, Document

OSTREL = (
    "Security forces opened fire on protesters in Unity Square in Ostrel on Monday night. "
    "Varnia Rights Watch said {n} people were killed in the crackdown on the protests "
    "against President Vesk, and hospitals in Ostrel were overwhelmed."
)
SERRAT = (
    "A strong earthquake struck Serrat province in Lusenia, flattening homes in Kalvo. "
    "The National Emergency Service said {n} people were killed and rescue teams were "
    "still searching the rubble of the Serrat earthquake."
)


def document(doc_id: str, template: str, n: int, published: str) -> Document:
    return Document(id=doc_id, text=template.format(n=n), published=published, outlet="Wire")


def claim(doc: Document, n: int, key: str, claimant: str = "Varnia Rights Watch") -> Claim:
    start = doc.text.index(str(n))
    return Claim(
        doc_id=doc.id, start=start, end=start + len(str(n)), mention=str(n), value_min=n,
        value_max=None, approx="exact", measure="killed", claimed_by=(claimant,), event=key,
        sentence=doc.text,
    )
