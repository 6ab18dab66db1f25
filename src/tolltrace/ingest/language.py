"""The language of a document that does not say which it is in.

lingua-language-detector carries its models in the wheel (nothing is downloaded). The
detector knows the languages tolltrace reads plus a few common others, so that a Dutch or
Russian article is named as such (and reported as not supported) rather than taken for
the nearest supported language. It is built once, on the first document that needs it.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_KNOWN = (
    Language.ENGLISH,
    Language.GERMAN,
    Language.FRENCH,
    Language.ITALIAN,
    Language.SPANISH,
    Language.PERSIAN,
    Language.ARABIC,
    # common others, so that they are named rather than mistaken for one of ours
    Language.DUTCH,
    Language.PORTUGUESE,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.TURKISH,
    Language.POLISH,
    Language.URDU,
    Language.CHINESE,
)
_SAMPLE = 1000  # characters read: enough for news prose, and detection stays cheap


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_KNOWN).build()


def detect_lang(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, None when it cannot tell."""
    found = _detector().detect_language_of(text[:_SAMPLE])
    return found.iso_code_639_1.name.lower() if found is not None else None
