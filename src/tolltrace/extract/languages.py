"""Language packs: the words each language uses for tolls, sources and hedges.

One TOML file per language in `data/lang/` (its `[numbers]` tables belong to the number
reader, `tolltrace.extract.amounts`). The rule components read a `LanguagePack` and
nothing else, so adding a language is adding a file and its tests, not code. Word lists
are regular expressions matched at the start of a lower-cased word ("getötet" matches
"getöteten"); `$` ends a word exactly.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import SettingsError
from ..model import MEASURES

# Measures in the order a word is tried against them: a word naming both casualties and a
# narrower measure ("Todesopfer" is also a victim) takes the first.
_MEASURE_ORDER = (
    "casualties",
    "executed",
    "died_of_disease",
    "killed",
    "injured",
    "arrested",
    "missing",
    "displaced",
    "other",
)


def _words(patterns: list[str], prefix: str = "") -> re.Pattern[str]:
    """One pattern matching a word that starts with any of `patterns` (never matches if empty)."""
    if not patterns:
        return re.compile(r"(?!)")
    alternatives = "|".join(p.replace("$", r"(?![\w\u200c])") for p in patterns)
    return re.compile(rf"{prefix}(?:{alternatives})")


def _phrases(phrases: list[str]) -> re.Pattern[str]:
    """Whole phrases, longest first, not inside a longer word."""
    if not phrases:
        return re.compile(r"(?!)")
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(ordered)})(?!\w)", re.IGNORECASE)


def _word_starts(patterns: list[str]) -> re.Pattern[str]:
    """Words starting with any of `patterns`, searched in running text ("Cholera-Epidemie")."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})", re.IGNORECASE)


@dataclass(frozen=True)
class LanguagePack:
    """What the rule path knows of one language."""

    lang: str
    name: str
    cased: bool  # a capital letter marks a name (not in German, Persian or Arabic)
    measures: tuple[tuple[str, re.Pattern[str]], ...]  # (measure, word pattern)
    toll_holders: re.Pattern[str]  # "Bilanz", "bilan": a count of the dead when nothing else
    people: re.Pattern[str]  # "Menschen", "personnes", "نفر": people, harm said elsewhere
    things: re.Pattern[str]  # an amount of these is never a toll ("Jahre", "%", months)
    including: re.Pattern[str]  # "darunter", "dont": a sub-count of the figure before
    value_preps: re.Pattern[str]  # "auf", "à", "إلى": the value a toll rose or fell to
    clause_ends: re.Pattern[str]  # words that start another clause ("und", "mais")
    according_to: re.Pattern[str]  # phrases followed by the source ("laut", "selon")
    reporting: re.Pattern[str]  # stems of verbs whose subject is the source ("erklärt")
    pointing_back: re.Pattern[str]  # "a-t-il ajouté": the source named before
    citing: re.Pattern[str]  # "zitierten", "نقلا عن": the source is the one cited after
    verb_first: bool  # a reporting verb's subject follows it (Arabic "قال X")
    source_words: re.Pattern[str]  # nouns that make a phrase a source, searched in a word
    generic_sources: re.Pattern[str]  # "Organisation" alone: a pointer back, not a name
    articles: re.Pattern[str]  # leading words stripped from a source's name
    stops: re.Pattern[str]  # words a source's name never runs across
    connectors: re.Pattern[str]  # "de la", "per": a name goes on after a source word
    auxiliaries: re.Pattern[str]  # "a", "hat": between a name and its reporting verb
    hypothetical: re.Pattern[str]  # "könnte", "pourrait", "ممکن است"
    disease: re.Pattern[str]  # "Cholera", "وبا": deaths in their sentence died of disease
    word_prefix: str  # clitics glued before a word ("و", "ال" in Arabic)
    # (pattern, replacement) tidying a name's first word: Arabic "للدفاع" → "الدفاع"
    name_fixes: tuple[tuple[re.Pattern[str], str], ...] = ()
    months: tuple[str, ...] = ()  # Gregorian month names, for dates ("3. März")
    calendar: str | None = None  # "jalali" or "hijri": another calendar the press uses
    calendar_months: tuple[str, ...] = ()  # its months in order

    def measure_of(self, word: str) -> str | None:
        """The measure a single word names, or None."""
        lower = word.lower()
        for measure, pattern in self.measures:
            if pattern.match(lower):
                return measure
        return None

    def clean_name(self, name: str) -> str:
        """A source's name as a heading would write it ("للدفاع المدني" → "الدفاع المدني")."""
        for pattern, replacement in self.name_fixes:
            name = pattern.sub(replacement, name, count=1)
        return name

    @property
    def toll_words(self) -> re.Pattern[str]:
        """Any toll word in running text, for the prefilter that picks sentences."""
        alternatives = [p.pattern for _, p in self.measures] + [self.toll_holders.pattern]
        return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})", re.IGNORECASE)


def _table(data: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise SettingsError(source, f"[{name}] must be a table")
    return table


def _list(table: dict[str, Any], key: str, source: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(source, f"{key} must be a list of strings")
    return value


def read_pack(text: str, lang: str, source: str) -> LanguagePack:
    """A pack from the text of its TOML file; SettingsError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(source, f"not valid TOML: {err}") from err
    words = _table(data, "words", source)
    sources = _table(data, "sources", source)
    dates = _table(data, "dates", source)
    if dates.get("calendar") not in (None, "jalali", "hijri"):
        raise SettingsError(source, "calendar must be jalali or hijri")
    prefix = words.get("prefix", "")
    unknown = set(_table(words, "measures", source)) - set(MEASURES)
    if unknown:
        raise SettingsError(source, f"unknown measures: {', '.join(sorted(unknown))}")
    measures = _table(words, "measures", source)
    about = _table(data, "pack", source)
    return LanguagePack(
        lang=lang,
        name=str(about.get("name", lang)),
        cased=bool(about.get("cased", True)),
        measures=tuple(
            (m, _words(_list(measures, m, source), prefix)) for m in _MEASURE_ORDER if m in measures
        ),
        toll_holders=_words(_list(words, "toll_holders", source), prefix),
        people=_words(_list(words, "people", source), prefix),
        things=_words(_list(words, "things", source), prefix),
        including=_phrases(_list(words, "including", source)),
        value_preps=_words([w + "$" for w in _list(words, "value_preps", source)], prefix),
        clause_ends=_words([w + "$" for w in _list(words, "clause_ends", source)]),
        according_to=_phrases(_list(sources, "according_to", source)),
        reporting=_word_starts(_list(sources, "reporting", source)),
        pointing_back=_phrases(_list(sources, "pointing_back", source)),
        citing=_word_starts(_list(sources, "citing", source)),
        verb_first=bool(sources.get("verb_first", False)),
        source_words=_words(_list(sources, "source_words", source)),
        generic_sources=re.compile(
            "|".join(re.escape(w) for w in _list(sources, "generic", source)) or "(?!)",
            re.IGNORECASE,
        ),
        articles=_words([w + "$" for w in _list(sources, "articles", source)]),
        stops=_words([w + "$" for w in _list(sources, "stops", source)]),
        connectors=_words([w + "$" for w in _list(sources, "connectors", source)]),
        auxiliaries=_words([w + "$" for w in _list(sources, "auxiliaries", source)]),
        hypothetical=_phrases(_list(_table(data, "hedges", source), "hypothetical", source)),
        disease=_word_starts(_list(words, "disease", source)),
        word_prefix=prefix,
        name_fixes=tuple(
            (re.compile(pair[0]), pair[1]) for pair in sources.get("name_fixes", [])
        ),
        months=tuple(_list(dates, "months", source)),
        calendar=dates.get("calendar"),
        calendar_months=tuple(_list(dates, "calendar_months", source)),
    )


def _pack_files() -> Any:
    return resources.files("tolltrace").joinpath("data/lang")


def pack_languages() -> frozenset[str]:
    """The languages a pack exists for (English has the model path, not a pack)."""
    folder = _pack_files()
    return frozenset(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


@cache
def load_pack(lang: str) -> LanguagePack:
    """The packaged pack of `lang`, read once."""
    if lang not in pack_languages():
        raise SettingsError(
            f"tolltrace/data/lang/{lang}.toml", "no language pack for this language"
        )
    path = _pack_files().joinpath(f"{lang}.toml")
    return read_pack(path.read_text("utf-8"), lang, f"tolltrace/data/lang/{lang}.toml")
