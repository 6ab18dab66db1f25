"""One story told in English, French and Arabic links into one event: the gazetteer resolves
"Turkey", "Turquie" and "تركيا" (and the province in each script) to one place, and kind
words in each language to one kind. A quake elsewhere in the same week stays apart.
The texts are ours; claims are built by hand, as a non-English extractor would give them."""

from __future__ import annotations

import pytest

from tolltrace.link import link
from tolltrace.link.places import gazetteer
from tolltrace.model import Claim, Document
from tolltrace.store import Ledger

STORY = [
    # id, lang, published, key, text, figure
    (
        "en", "en", "2031-03-05", "malatya-earthquake-2031-03",
        "A strong earthquake struck Malatya province in eastern Turkey before dawn on "
        "Tuesday. The disaster agency said 214 people were killed as rescuers searched "
        "collapsed buildings.",
        "214",
    ),
    (
        "fr", "fr", "2031-03-06", "unplaced-event-2031-03",
        "Le séisme qui a frappé la province de Malatya, dans l'est de la Turquie, a fait au "
        "moins 260 morts, selon l'agence turque des catastrophes.",
        "260",
    ),
    (
        "ar", "ar", "2031-03-07", "unplaced-event-2031-03",
        "ارتفعت حصيلة ضحايا الزلزال الذي ضرب ولاية ملاطية في شرق تركيا إلى 301 قتيلا، "
        "بحسب هيئة الكوارث.",
        "301",
    ),
    (
        "elsewhere", "en", "2031-03-06", "kermanshah-earthquake-2031-03",
        "An earthquake in Kermanshah province in western Iran killed 9 people on "
        "Wednesday, the provincial governor said.",
        "9",
    ),
]


def _document(doc_id: str, lang: str, published: str, key: str, text: str, figure: str):
    doc = Document(id=doc_id, text=text, lang=lang, published=published, outlet="Desk")
    start = text.index(figure)
    claim = Claim(
        doc_id=doc_id, start=start, end=start + len(figure), mention=figure,
        value_min=int(figure), value_max=None, approx="exact", measure="killed",
        claimed_by=("Desk",), event=key, sentence=text,
    )
    return doc, claim


@pytest.mark.parametrize(
    ("text", "place"),
    [("la Syrie", "syria"), ("Siria", "syria"), ("سوریه", "syria"), ("وسوريا", "syria"),
     ("Syrien", "syria"), ("Irán", "iran"), ("ایران", "iran"), ("إيران", "iran"),
     ("Libyen", "libya"), ("ليبيا", "libya"), ("Soudan", "sudan"), ("السودان", "sudan"),
     ("Türkei", "turkey"), ("ترکیه", "turkey"), ("Zahedan", "zahedan")],
)
def test_place_names_in_other_languages_and_scripts_resolve_to_one_place(
    text: str, place: str
) -> None:
    assert gazetteer().places_in(f"... {text} ...") == {place}


def test_places_agree_along_the_hierarchy_and_disagree_across_countries() -> None:
    places = gazetteer()
    assert places.agreement({"zahedan"}, {"iran"}) == 1.0
    assert places.agreement({"sistan-baluchestan"}, {"zahedan"}) == 1.0
    assert 0.0 < places.agreement({"tehran"}, {"zahedan"}) < 1.0
    assert places.agreement({"iran"}, {"turkey", "syria"}) == 0.0
    assert places.agreement({"iran"}, set()) is None


def test_one_story_in_three_languages_links_into_one_event(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        for row in STORY:
            doc, claim = _document(*row)
            ledger.add_document(doc, [claim])
        link(ledger)
        events = sorted(
            sorted(c.doc_id for c, _ in ledger.event_claims(e.id)) for e in ledger.events()
        )
    assert events == [["ar", "en", "fr"], ["elsewhere"]]
