"""What the event linker compares: the parts of extraction's event key, dates and wording.

Extraction gives each claim a first key, "place-kind-YYYY-MM" ("ostrel-protests-2025-03"),
read from one sentence; often a part is missing ("unplaced", "event", "undated") or names
the country where another document names the city. So no part decides alone: each agrees,
disagrees or abstains, and the documents' own words (TF-IDF over their texts) carry the
names that keys miss.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

_KEY = re.compile(r"^(?P<place>.*?)-?(?P<kind>[a-z]+(?:-19)?)(?:-(?P<month>\d{4}-\d\d|undated))?$")
_GENERIC_PLACE = "unplaced"
_GENERIC_KIND = "event"
# Kinds one event is often reported as: a crackdown is protests, arrests and executions.
_KIND_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"protests", "arrests", "executions", "attack", "conflict", "strikes", "bombing"}),
    frozenset({"epidemic", "covid-19"}),
    frozenset({"earthquake", "disaster", "accident"}),
    frozenset({"shipwreck", "disaster", "accident"}),
)
_PLACE_WORDS = frozenset({"province", "city", "district", "region", "state", "county", "the"})
_TOKEN = re.compile(r"[^\W\d_]{3,}")
_STOPWORDS = frozenset(
    "the and for that with from this were was have has had are been their they said says "
    "not but its his her who which when after before into over about more than least also "
    "other some said would could will what there where while people killed dead death toll "
    "injured wounded".split()
)


@dataclass(frozen=True)
class Key:
    """Extraction's event key in parts; None where it names no place, kind or month."""

    place: str | None
    kind: str | None
    month: str | None  # YYYY-MM


def parse_key(key: str | None) -> Key:
    found = _KEY.match(key or "")
    if found is None:
        return Key(None, None, None)
    place, kind, month = found.group("place"), found.group("kind"), found.group("month")
    return Key(
        place if place and place != _GENERIC_PLACE else None,
        kind if kind != _GENERIC_KIND else None,
        month if month and month != "undated" else None,
    )


def kind_agreement(a: set[str], b: set[str]) -> float | None:
    """1 for a kind in common, 0.5 for kinds one event is often reported as, else 0; None
    when either names no kind."""
    if not a or not b:
        return None
    if a & b:
        return 1.0
    related = any(x in family and y in family for family in _KIND_FAMILIES for x in a for y in b)
    return 0.5 if related else 0.0


def place_agreement(a: set[str], b: set[str]) -> float | None:
    """1 when the keys share a place word ("bescar" in "bescar-province"); a weak 0.25 when
    they share none, since one document names the city where another names the country;
    None when either names no place."""
    words_a, words_b = _place_words(a), _place_words(b)
    if not words_a or not words_b:
        return None
    return 1.0 if words_a & words_b else 0.25


def _place_words(places: Iterable[str]) -> set[str]:
    return {word for place in places for word in place.split("-") if word not in _PLACE_WORDS}


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def written_years(text: str) -> frozenset[int]:
    """The years a text writes out, in any digits ("2023", "۲۰۲۳")."""
    return frozenset(int(year) for year in _YEAR.findall(_ascii_digits(text)))


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c
                   for c in text)


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def month_middle(month: str) -> date | None:
    return parse_date(f"{month}-15")


def gap_days(a: tuple[date, date] | None, b: tuple[date, date] | None) -> int | None:
    """Days between two date intervals, 0 when they overlap; None when either is unknown."""
    if a is None or b is None:
        return None
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


UNKNOWN_TIME = 0.85  # an undated account only joins an event (events.place_undated)


def time_agreement(gap: int | None, window: int) -> float:
    """1 within a third of the window, falling to 0 at its edge; `UNKNOWN_TIME` when a date
    is unknown."""
    if gap is None:
        return UNKNOWN_TIME
    full = window / 3
    if gap <= full:
        return 1.0
    return max(0.0, 1.0 - (gap - full) / (window - full))


def widen(interval: tuple[date, date] | None, day: date | None) -> tuple[date, date] | None:
    if day is None:
        return interval
    if interval is None:
        return (day, day)
    return (min(interval[0], day), max(interval[1], day))


Vector = dict[str, float]


def tfidf_vectors(texts: Mapping[str, str]) -> dict[str, Vector]:
    """Unit-length TF-IDF vectors (sublinear tf) of each text's words, by text id."""
    counts = {name: Counter(_words(text)) for name, text in texts.items()}
    frequency: Counter[str] = Counter()
    for words in counts.values():
        frequency.update(words.keys())
    total = len(counts)
    vectors = {}
    for name, words in counts.items():
        vector = {
            word: (1 + math.log(n)) * (math.log((total + 1) / (frequency[word] + 1)) + 1)
            for word, n in words.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[name] = {word: v / norm for word, v in vector.items()}
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(word, 0.0) for word, value in a.items())


def _words(text: str) -> Iterable[str]:
    for word in _TOKEN.findall(text.casefold()):
        if word not in _STOPWORDS:
            yield word
