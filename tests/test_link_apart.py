"""Different events of one kind, in one country, close in time, stay apart: two train
crashes in India ten days apart, in two states the gazetteer does not know. Texts are ours."""

from __future__ import annotations

from tolltrace.link import link
from tolltrace.model import Claim, Document
from tolltrace.store import Ledger

ODISHA = (
    "A passenger train derailed near Cuttack in Odisha, India, late on Friday. Railway "
    "officials said {n} people were killed when three coaches overturned into a canal."
)
BIHAR = (
    "An express train collided with a stationary freight train outside Patna in Bihar, "
    "India. The state disaster response force said {n} passengers died in the crash."
)


def _add(ledger: Ledger, doc_id: str, text: str, n: int, published: str, key: str) -> None:
    body = text.format(n=n)
    start = body.index(str(n))
    doc = Document(id=doc_id, text=body, published=published, outlet="Desk")
    ledger.add_document(doc, [Claim(
        doc_id=doc_id, start=start, end=start + len(str(n)), mention=str(n), value_min=n,
        value_max=None, approx="exact", measure="killed", claimed_by=("officials",),
        event=key, sentence=body,
    )])


def test_two_train_crashes_in_one_country_ten_days_apart_stay_apart(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        _add(ledger, "odisha-1", ODISHA, 41, "2031-06-06", "odisha-accident-2031-06")
        _add(ledger, "odisha-2", ODISHA, 57, "2031-06-07", "cuttack-accident-2031-06")
        _add(ledger, "bihar-1", BIHAR, 23, "2031-06-16", "bihar-accident-2031-06")
        _add(ledger, "bihar-2", BIHAR, 31, "2031-06-17", "patna-accident-2031-06")
        link(ledger)
        groups = sorted(
            sorted(c.doc_id for c, _ in ledger.event_claims(e.id)) for e in ledger.events()
        )
    assert groups == [["bihar-1", "bihar-2"], ["odisha-1", "odisha-2"]]
