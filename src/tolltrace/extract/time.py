"""The date a figure refers to ("as of Tuesday", "on December 15, 2019").

Date expressions come from the model's DATE entities; the one closest to the amount in the
parse tree wins, and `dateparser` resolves it against the article's publication date. Only
expressions that pin a day count: "in November" says too little to date a figure.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import context_of, figures_of, register_extensions
from .syntax import number_token

_PINS_A_DAY = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)?\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\byesterday\b|\btoday\b|\btonight\b|"
    r"\blast night\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_WEEKDAYS = "mon tue wed thu fri sat sun".split()
_WEEKDAY = re.compile(r"(?:last\s+)?((?:mon|tues|wednes|thurs|fri|satur|sun)day)", re.I)
_MODIFIERS = re.compile(r"^(?:as of|by|on|since|until|through|early|late|mid-?)\s*", re.I)


@lru_cache(maxsize=256)
def _parser(published: date | None) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def resolve_day(expression: str, published: date | None) -> str | None:
    """YYYY-MM-DD for an expression that pins a day, else None."""
    if not _PINS_A_DAY.search(expression):
        return None
    weekday = _WEEKDAY.fullmatch(_MODIFIERS.sub("", expression.strip()))
    if weekday and published is not None:  # news: "on Tuesday" is this week's, maybe today
        back = (published.weekday() - _WEEKDAYS.index(weekday.group(1).lower()[:3])) % 7
        return (published - timedelta(days=back)).isoformat()
    found = _parser(published).get_date_data(_MODIFIERS.sub("", expression.strip()))
    if found.date_obj is None or found.period != "day":
        return None
    day = found.date_obj.date()
    if published is not None and day > published:
        return None
    return day.isoformat()


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for i, token in enumerate(up_a):
        if token in up_b:
            return i + up_b.index(token)
    return len(up_a) + len(up_b)


def as_of(figure: Span, published: date | None) -> str | None:
    number = number_token(figure)
    dates = [e for e in figure.sent.ents if e.label_ == "DATE"]
    for entity in sorted(dates, key=lambda e: _tree_distance(number, e.root)):
        day = resolve_day(entity.text, published)
        if day is not None:
            return day
    return None


@Language.component(
    "tolltrace_time",
    requires=["doc._.figures", "doc._.context", "doc.ents"],
    assigns=["span._.as_of"],
)
def time_component(doc: Doc) -> Doc:
    register_extensions()
    published = context_of(doc).published
    for figure in figures_of(doc):
        figure._.as_of = as_of(figure, published)
    return doc
