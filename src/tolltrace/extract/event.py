"""A first event key for each figure: place, kind of event and when.

"iran-protests-2019-11" is enough to group the figures of one document and to give the
linker (a later stage) something to start from; it is not the linker.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import WindowContext, context_of, figures_of, register_extensions
from .segment import CaselessPattern

_KINDS: tuple[tuple[str, str], ...] = (
    (r"covid|coronavirus", "covid-19"),
    (r"cholera|ebola|measles|malaria|dengue|mpox|influenza|epidemic|pandemic|outbreak", "epidemic"),
    (r"earthquake|quake|tremor|aftershock", "earthquake"),
    (r"flood|landslide|mudslide|cyclone|hurricane|typhoon|storm|tsunami", "disaster"),
    (r"execut|hang(?:ed|ings?)|death row", "executions"),
    (r"protest|uprising|demonstrat|crackdown|unrest|riot|rally", "protests"),
    (r"shipwreck|capsiz|boat|vessel|migrants? drown", "shipwreck"),
    (r"bomb|blast|explosion|suicide attack|plot", "bombing"),
    (r"air ?strike|shelling|missile|rocket|drone strike|bombard", "strikes"),
    (r"war|fighting|clashes|offensive|battle|siege|militia|insurgen", "conflict"),
    (r"mine|collapse|fire|blaze|stampede|crash|derail", "accident"),
    (r"arrest|detain|detention", "arrests"),
    (r"attack|massacre|shooting|gunmen|ambush", "attack"),
)
# Every kind in one pass; each pattern sits in a lookahead, so a match never hides another
# starting inside it, and the group that matched names the kind. Words are matched from
# their start: "war" is not in "toward", "hanged" not in "changed".
_KIND_SCAN = CaselessPattern("|".join(rf"(?=\b({pattern}))" for pattern, _ in _KINDS))
_MONTH_YEAR = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d\d)\b", re.I
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def kind_of(*texts: str | None) -> str:
    """The first kind in `_KINDS` order that the first text naming any kind names."""
    for text in texts:
        found = _kind_in(text) if text else None
        if found is not None:
            return found
    return "event"


@lru_cache(maxsize=256)  # a title or window is asked about once for each of its figures
def _kind_in(text: str) -> str | None:
    first = min((match.lastindex or 0 for match in _KIND_SCAN.finditer(text)), default=0)
    return _KINDS[first - 1][1] if first else None


def place_of(figure: Span, title: str | None = None) -> str | None:
    """A place named near the figure: a place entity, else a proper noun after "in", "near"...
    (the model does not know every town), else one in the headline."""
    for entities in (figure.sent.ents, figure.doc.ents):
        places = [e for e in entities if e.label_ in ("GPE", "LOC", "NORP")]
        if places:
            return slug(places[0].text)
    for token in (*figure.sent, *figure.doc):
        if _is_place_word(token):
            return slug(token.text)
    found = _TITLE_PLACE.search(title or "")
    return slug(found.group(1)) if found else None


def _is_place_word(token: Token) -> bool:
    return (
        token.dep_ == "pobj"
        and token.pos_ == "PROPN"
        and token.head.lower_ in _PLACE_PREPS
        and token.ent_type_ not in ("ORG", "PERSON", "DATE")
    )


_PLACE_PREPS = frozenset("in near across outside at into from".split())
_TITLE_PLACE = re.compile(r"\b(?:in|near|across|outside) ([A-Z][\w'’-]+)")


def when_of(figure: Span, published: date | None) -> str | None:
    if figure._.as_of:
        return figure._.as_of[:7]
    found = _MONTH_YEAR.search(figure.sent.text)
    if found:
        return f"{found.group(2)}-{_MONTHS.index(found.group(1).lower()[:3]) + 1:02d}"
    return f"{published.year}-{published.month:02d}" if published else None


def event_key(figure: Span, context: WindowContext) -> str:
    kind = kind_of(figure.sent.text, context.title, figure.doc.text)
    parts = [place_of(figure, context.title) or "unplaced", kind]
    if kind != "covid-19":
        parts.append(when_of(figure, context.published) or "undated")
    return "-".join(parts)


@Language.component(
    "tolltrace_event",
    requires=["doc._.figures", "doc.ents", "span._.as_of"],
    assigns=["span._.event"],
)
def event_component(doc: Doc) -> Doc:
    register_extensions()
    context = context_of(doc)
    for figure in figures_of(doc):
        figure._.event = event_key(figure, context)
    return doc
