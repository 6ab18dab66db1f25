"""Articles without a date: a date worked out from "last month" against the day the article
was read is not trusted, and an undated account joins the dated event it is most like
without ever joining two dated events into one."""

from __future__ import annotations

from tolltrace.link import link
from tolltrace.model import Claim, Document
from tolltrace.store import Ledger

BREAD = (
    "Bread riots spread across Ostrel as flour prices doubled. Varnia Rights Watch said "
    "{n} protesters were killed when police fired on crowds outside the bakeries and the "
    "grain market during the bread protests."
)
VOTE = (
    "Protests over the disputed presidential election filled Ostrel. Varnia Rights Watch "
    "said {n} protesters were killed as security forces dispersed crowds demanding a "
    "recount of the ballots and the resignation of the election commission."
)


def _add(ledger: Ledger, doc_id: str, template: str, n: int, published: str | None,
         key: str) -> None:
    text = template.format(n=n)
    doc = Document(id=doc_id, text=text, published=published, outlet="Desk")
    start = text.index(str(n))
    claim = Claim(
        doc_id=doc_id, start=start, end=start + len(str(n)), mention=str(n), value_min=n,
        value_max=None, approx="exact", measure="killed", claimed_by=("Varnia Rights Watch",),
        event=key, sentence=text,
    )
    ledger.add_document(doc, [claim])


def test_an_undated_account_joins_the_dated_event_it_is_most_like(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        _add(ledger, "bread", BREAD, 31, "2021-03-08", "ostrel-protests-2021-03")
        _add(ledger, "vote", VOTE, 58, "2022-11-09", "ostrel-protests-2022-11")
        _add(ledger, "vote-later", VOTE, 77, "2022-11-20", "ostrel-protests-2022-11")
        # no date; the extractor guessed a month from "last month" against today
        _add(ledger, "undated", VOTE, 90, None, "ostrel-protests-2031-05")
        link(ledger)
        groups = sorted(
            sorted(c.doc_id for c, _ in ledger.event_claims(e.id)) for e in ledger.events()
        )
        dates = {e.first_date for e in ledger.events()} | {e.last_date for e in ledger.events()}
    assert groups == [["bread"], ["undated", "vote", "vote-later"]]
    assert not any(day and day.startswith("2031") for day in dates)
