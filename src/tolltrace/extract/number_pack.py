"""How a language writes amounts: the `[numbers]` table of its language pack, compiled.

The number reader is one path for every language with a pack; everything that differs
(separators, number words, scales, vague amounts, hedges, units that are not counts) is
data in `data/lang/LANG.toml`. A pack is read and its patterns compiled the first time a
text in that language arrives, then kept: the reader runs on every candidate sentence.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from tolltrace.errors import SettingsError
from tolltrace.model import Approx

__all__ = ["NumberPack", "number_pack"]

_APPROX = frozenset(("exact", "about", "at least", "more than", "up to", "range", "vague"))
_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break and thin spaces group everywhere
_MARKS = "[\u064b-\u0652]*"  # Arabic vowel marks a writer may add at a word's end
# The longest run of number words read as one amount ("quatre-vingt-dix-sept mille trois
# cent vingt-deux" has nine); the cap keeps a page of repeated number words linear.
_MAX_WORDS = 10


def _phrase(text: str) -> str:
    """A phrase as a pattern: any spacing, either apostrophe, an optional ZWNJ."""
    out = []
    for char in text:
        if char == " ":
            out.append(r"\s+")
        elif char == "\u200c":
            out.append(r"[\u200c\s]?")
        elif char in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _alt(phrases: Iterable[str]) -> str:
    """Phrases as one alternation, longest first; never matches when there are none."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(_phrase(p) for p in ordered) + ")" if ordered else "(?!)"


def _key(phrase: str) -> str:
    """The lookup form of a matched phrase: lower case, single spaces, no ZWNJ or marks."""
    plain = re.sub(r"[\u064b-\u0652]", "", phrase.replace("’", "'").replace("\u200c", " "))
    return " ".join(plain.lower().split())


@dataclass(frozen=True)
class NumberPack:
    """One language's number vocabulary and the patterns built from it."""

    lang: str
    decimal: re.Pattern[str]  # the decimal marks ("1,5 Millionen")
    letters_touch: bool
    uses_text2num: bool
    words: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    about: dict[str, int]
    qualifiers: dict[str, Approx]
    qualifiers_after: dict[str, Approx]
    only_after_qualifier: frozenset[str]
    years: tuple[tuple[int, int], ...]
    opener: re.Pattern[str]  # where an amount starts: qualifier?, then vague/about/dual/atom
    atom: re.Pattern[str]  # one number (digits or words) and its scale, at a position
    joiner: re.Pattern[str]  # what may join two parts of one amount
    table_word: re.Pattern[str]  # one word of [numbers.words]
    range_link: re.Pattern[str]  # after a first amount: what leads to a second
    range_words: dict[str, frozenset[str]]  # "and", "to", "bare": which links close which
    between_before: re.Pattern[str]  # "zwischen", "de" right before the first amount
    after_qualifier: re.Pattern[str]
    rejects_after: re.Pattern[str]  # units, percent, months, a letter glued on
    rejects_before: re.Pattern[str]  # "Nr.", "Artikel", a month
    count_after: re.Pattern[str]  # a count word: a year-shaped number is a count after all
    month_after: re.Pattern[str]

    def qualifier(self, phrase: str, after: bool = False) -> Approx:
        return (self.qualifiers_after if after else self.qualifiers)[_key(phrase)]

    def links(self, kind: str, word: str) -> bool:
        """Whether `word` closes a range of this kind ("and" after "between", "to", "bare")."""
        return _key(word) in self.range_words[kind]

    def lookup(self, table: dict[str, int], phrase: str) -> int:
        return table[_key(phrase)]

    def is_year(self, value: int) -> bool:
        return any(low <= value <= high for low, high in self.years)


def _keyed(table: dict[str, Any]) -> dict[str, Any]:
    return {_key(k): v for k, v in table.items()}


def _compile(lang: str, t: dict[str, Any]) -> NumberPack:
    """Build the patterns of one `[numbers]` table (see data/lang/de.toml for the fields)."""
    touch = bool(t.get("letters_touch", False))
    gap = r"\s*" if touch else r"\s+"
    end = rf"{_MARKS}(?![\w\u200c])"
    prefixes = t.get("word_prefixes", [])
    # behind a phrase searched in a window: a word start, or a clitic at one ("وأكثر من")
    start = "(?:" + "|".join(
        ["(?<![\\w\u200c])", *(f"(?<=(?<![\\w\u200c]){re.escape(p)})" for p in prefixes)]
    ) + ")"
    # where letters touch digits ("بـ253"), only a Latin letter glues a number to a word
    digit_start = r"(?<![0-9A-Za-z])" if touch else r"(?<![0-9\w])"
    group = "|".join(re.escape(g) for g in t.get("group", [])) or "(?!)"
    grouped = rf"[0-9]{{1,3}}(?:(?:{group}|[{_SPACES}])[0-9]{{3}})+"
    decimal = "|".join(re.escape(d) for d in t["decimal"])
    fraction = rf"(?:{decimal})[0-9]{{1,6}}(?![0-9])"
    digits = rf"{digit_start}(?:{grouped}|[0-9]{{1,12}})(?![0-9])(?:{fraction})?"
    words = {k: int(v) for k, v in t.get("words", {}).items()}
    if t.get("word_reader") == "text2num":
        parts = sorted(t["word_parts"], key=len, reverse=True)
        links = sorted(t.get("word_links", []), key=len, reverse=True)  # inside words only
        piece = "(?:" + "|".join(parts) + ")(?:" + "|".join(parts + links) + ")*"
        joins = _alt(t.get("word_joins", []))
        word_run = rf"{piece}(?:(?:\s+{joins}\s+|[\s-]+){piece}){{0,{_MAX_WORDS}}}{end}"
    else:
        table = rf"{_alt(words)}{end}"
        joins = _alt(t.get("word_joins", []))
        word_run = rf"{table}(?:(?:\s+{joins}\s*|\s+){_alt(words)}{end}){{0,{_MAX_WORDS}}}"
    scale = rf"{_alt(t.get('scales', {}))}{end}"
    atom = rf"(?:(?P<num>{digits})|(?P<words>{word_run}))(?:\s*(?P<scale>{scale}))?"
    qualifiers = t.get("qualifiers", {})
    qual = rf"(?P<qual>{_alt(qualifiers)}(?:(?<=['’])|{gap}))"
    vocabulary = [
        *qualifiers, *t.get("vague", {}), *t.get("about", {}), *t.get("duals", []), *words,
        *t.get("word_parts", []),
    ]
    initials = "".join(sorted({c for w in vocabulary for c in (w[0].lower(), w[0].upper())}))
    # The gate: a digit, or a word start (after a clitic) whose first letter can open an
    # amount; it lets the search skip most positions at once.
    gate = (
        rf"(?:(?<![0-9])(?=[0-9])"
        rf"|(?<![\w\u200c])(?P<pre>{_alt(prefixes)})?(?=[{re.escape(initials)}]))"
    )
    opener = (
        rf"{gate}(?:{qual})?(?:(?P<vague>{_alt(t.get('vague', {}))}{end})"
        rf"|(?P<about>{_alt(t.get('about', {}))}{end})"
        rf"|(?P<dual>{_alt(t.get('duals', []))}{end})|{atom})"
    )
    ranges = t.get("ranges", {})
    links = [*ranges.get("and", []), *ranges.get("to", []), *ranges.get("bare", [])]
    range_link = rf"\s*(?:(?P<dash>[-\u2013\u2014])|(?P<word>{_alt(links)})(?![^\W\d_]))\s*"
    between_before = rf"(?:{start}(?P<between>{_alt(ranges.get('between', []))})"
    between_before += rf"|{start}(?P<origin>{_alt(ranges.get('from', []))})){gap}\Z"
    months = _alt(t.get("months", []))
    links_to_month = _alt(t.get("date_links", []))
    rejects_after = (
        r"\s*[%\u066a\uff05\u2030]"
        rf"|(?:\s*|-){_alt(t.get('units', []))}{end}"
        r"|[.,:/\-\u2013][0-9]"
        + (r"|[A-Za-z]" if touch else r"|[^\W\d_]")
    )
    return NumberPack(
        lang=lang,
        decimal=re.compile(decimal),
        letters_touch=touch,
        uses_text2num=t.get("word_reader") == "text2num",
        words=_keyed(words),
        scales=_keyed(t.get("scales", {})),
        vague=_keyed(t.get("vague", {})),
        about=_keyed(t.get("about", {})),
        qualifiers=_keyed(qualifiers),
        qualifiers_after=_keyed(t.get("qualifiers_after", {})),
        only_after_qualifier=frozenset(_key(w) for w in t.get("only_after_qualifier", [])),
        years=tuple((int(a), int(b)) for a, b in t.get("years", [])),
        opener=re.compile(opener, re.IGNORECASE),
        atom=re.compile(atom, re.IGNORECASE),
        joiner=re.compile(rf"\s+{_alt(t.get('connectors', []))}\s*|\s*", re.IGNORECASE),
        table_word=re.compile(rf"{_alt(words)}{end}", re.IGNORECASE),
        range_link=re.compile(range_link, re.IGNORECASE),
        range_words={k: frozenset(map(_key, ranges.get(k, []))) for k in ("and", "to", "bare")},
        between_before=re.compile(between_before, re.IGNORECASE),
        after_qualifier=re.compile(
            rf"(?:\s+[^\s\d]+)?\s+(?P<after>{_alt(t.get('qualifiers_after', {}))}){end}",
            re.IGNORECASE,
        ),
        rejects_after=re.compile(rejects_after, re.IGNORECASE),
        rejects_before=re.compile(
            rf"(?:{start}(?:{_alt(t.get('before', []))}|{months})\s*{_alt(prefixes)}?"
            r"|[%\u066a\uff05])\s*\Z",
            re.IGNORECASE,
        ),
        count_after=re.compile(rf"\s*{_alt(t.get('count_words', []))}", re.IGNORECASE),
        month_after=re.compile(rf"\.?\s*(?:{links_to_month}\s+)?{months}{end}", re.IGNORECASE),
    )


def number_pack(lang: str) -> NumberPack | None:
    """The compiled pack of a language tag ("de", "fr-CH"), None when no pack has numbers."""
    primary = lang.replace("_", "-").split("-")[0].lower()
    return _pack(primary) if primary.isalpha() and primary.isascii() else None


@cache
def _pack(primary: str) -> NumberPack | None:
    path = resources.files("tolltrace").joinpath(f"data/lang/{primary}.toml")
    if not path.is_file():
        return None
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("numbers")
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(str(path), f"not valid TOML: {err}") from err
    if not isinstance(table, dict):
        return None
    bad = {v for v in [*table.get("qualifiers", {}).values()] if v not in _APPROX}
    if bad:
        raise SettingsError(str(path), f"unknown qualifier kinds {sorted(bad)}")
    return _compile(primary, cast(dict[str, Any], table))
