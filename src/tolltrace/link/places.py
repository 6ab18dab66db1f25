"""Places and kinds of event across languages: the packaged gazetteer (data/places.toml).

One document writes "Zahedan", another "Sistan-Baluchestan", a third "Iran" or "ایران":
each name resolves to a place with its chain of larger places, so two accounts agree when
one place lies within the other and disagree when they share no country. Kind words in
other languages ("séisme", "زلزال") give a kind to figures whose event key names none.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# letters Persian and Arabic write differently for the same sound, folded as the scorer does
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# an Arabic-script word may carry a conjunction, preposition or article in front, and a
# suffix behind ("ایرانی", "السورية"), folded as above
_PREFIX = r"(?:[وبلف]?(?:ال)?)"
_SUFFIX = r"(?:ی|یه|ه|ها|یها|یان|ین)?"
SAME_COUNTRY = 0.75  # two places of one country: often one nationwide event, not always
# the order extraction ranks kinds in (extract/event.py): a sentence's first kind wins
KIND_ORDER: tuple[str, ...] = (
    "covid-19", "epidemic", "earthquake", "disaster", "executions", "protests", "strikes",
    "conflict", "arrests",
)


def fold(text: str) -> str:
    """Casefolded, accents and Arabic-script marks dropped, letter variants folded."""
    text = unicodedata.normalize("NFKD", text.casefold()).replace("\u200c", " ")
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD)


@dataclass(frozen=True)
class Gazetteer:
    """Places by id with the place each lies within, and a scanner for their names."""

    within: dict[str, str | None]
    names: dict[str, str]  # folded name -> place id
    kinds: dict[str, str]  # folded kind word -> kind
    place_scan: re.Pattern[str]
    kind_scan: re.Pattern[str]

    def places_in(self, text: str) -> set[str]:
        """Ids of the places a text names, in any of the packaged languages."""
        return {self.names[_word(m)] for m in self.place_scan.finditer(fold(text))}

    def kind_in(self, text: str) -> str | None:
        """The kind a text names, the most telling first (as extraction ranks English kinds):
        "executions" before "arrests" in a sentence that has both."""
        found = {self.kinds[_word(m)] for m in self.kind_scan.finditer(fold(text))}
        return next((kind for kind in KIND_ORDER if kind in found), min(found, default=None))

    def place_of_slug(self, slug: str) -> str | None:
        """The place an event key's place part names ("iranian", "sistan-baluchestan")."""
        return self.names.get(fold(slug.replace("-", " ")))

    def chain(self, place: str) -> tuple[str, ...]:
        """The place and every place it lies within, smallest first."""
        found = [place]
        while (parent := self.within.get(found[-1])) and parent not in found:
            found.append(parent)
        return tuple(found)

    def agreement(self, a: Iterable[str], b: Iterable[str]) -> float | None:
        """1 when a place of one account is or lies within a place of the other, `SAME_COUNTRY`
        for places of one country, 0 when they share no country; None when either is empty."""
        chains_a, chains_b = [self.chain(p) for p in a], [self.chain(p) for p in b]
        if not chains_a or not chains_b:
            return None
        if any(x[0] in y or y[0] in x for x in chains_a for y in chains_b):
            return 1.0
        if {x[-1] for x in chains_a} & {y[-1] for y in chains_b}:
            return SAME_COUNTRY
        return 0.0


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once."""
    text = resources.files("tolltrace").joinpath("data/places.toml").read_text("utf-8")
    return build(tomllib.loads(text))


def build(table: dict) -> Gazetteer:
    within = {pid: entry.get("within") for pid, entry in table.get("place", {}).items()}
    names = {
        fold(name): pid
        for pid, entry in table.get("place", {}).items()
        for name in [pid.replace("-", " "), *entry.get("names", [])]
    }
    kinds = {fold(word): kind for kind, words in table.get("kinds", {}).items() for word in words}
    return Gazetteer(within, names, kinds, _scanner(names), _scanner(kinds))


def _scanner(words: Iterable[str]) -> re.Pattern[str]:
    """Whole words, longest first; Arabic-script ones with an optional prefix and suffix."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    latin = "|".join(re.escape(w) for w in ordered if not _ARABIC.search(w))
    arabic = "|".join(re.escape(w) for w in ordered if _ARABIC.search(w))
    parts = [rf"(?<![^\W\d_])({latin})(?![^\W\d_])"] if latin else []
    if arabic:
        parts.append(rf"(?<![^\W\d_]){_PREFIX}({arabic}){_SUFFIX}(?![^\W\d_])")
    return re.compile("|".join(parts) or r"(?!)")


def _word(match: re.Match[str]) -> str:
    return match.group(match.lastindex or 0)
