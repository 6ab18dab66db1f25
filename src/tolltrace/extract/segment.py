"""Cut a document into sentences and pick the few that can hold a toll figure.

The statistical model is the expensive part, and most sentences of a news article hold no
figure. A regex pass finds sentences with both an amount and a toll word; only those
(plus a neighbour that may name the source) go through the model. That is where the speed
comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, pairwise

from .measure import TOLL_WORDS

# Spaces the model's tokenizer does not split on; replaced one-for-one so offsets hold,
# except between digits, where they group thousands ("1\u00a0500").
_ODD = "[\u00a0\u202f\u2009\u2007\u2002\u2003\u2008\u200a]"
_ODD_SPACE = re.compile(rf"(?<![0-9]){_ODD}|{_ODD}(?![0-9])")

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cpt",
        "maj",
        "gov",
        "sen",
        "rep",
        "prof",
        "rev",
        "jr",
        "sr",
        "inc",
        "co",
        "ltd",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "al",
        "approx",
        "est",
        "dept",
        "univ",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# Other languages: any end mark (not after a digit: "3. März") followed by a space, as
# scripts without capitals need, or glued to the next word ("gestiegen.Damit").
_ANY_END = re.compile(
    r"(?<!\d)[.!?؟]+[\"'”’»)\]]*(?:\s+(?=\S)|(?<=[^\W\d_]{3}[.!?])(?=[^\W\d_]))"
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|dozens?|scores|tens"
)
AMOUNT_CUE = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)

# Amounts that are never counts of people, blanked before looking for one near a toll word.
_NOT_A_COUNT = re.compile(
    r"[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:%|per ?cent)|\b(?:1[89]|20)\d\d\b(?![,.]\d)"
)
_NEAR = 120  # characters between the amount and the toll word


class CaselessPattern:
    """A lower-case pattern matched regardless of case, about twice as fast as IGNORECASE on
    a large alternation: it runs case-sensitively over the lower-cased text, and with
    IGNORECASE over the text itself where lower-casing would move offsets ("İ" becomes two
    characters). Offsets index the text given; matched groups may come back lower-cased."""

    def __init__(self, pattern: str) -> None:
        self._lower = re.compile(pattern)
        self._any_case = re.compile(pattern, re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        lowered = text.lower()
        if len(lowered) == len(text):
            return self._lower.finditer(lowered)
        return self._any_case.finditer(text)


_TOLL_WORDS = CaselessPattern(TOLL_WORDS.pattern)  # the prefilter sees every sentence

# A neighbour sentence that names where the figures came from ("The figures come from ...").
SOURCE_CUE = re.compile(
    r"\b(?:according to|figures?|data|tally|count|numbers?|statistics|toll|estimates?)\b",
    re.IGNORECASE,
)
# A dateline ("GENEVA —", "OSTREL, March 3 (Nord Press) -") is not part of the sentence.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,40}(?:,[^\n—–]{0,40})?(?:\([^)\n]{0,40}\))?\s*[—–-]+\s", re.M
)


@dataclass(frozen=True)
class Window:
    """A stretch of a document given to the model: its candidate sentence and maybe the next."""

    start: int
    end: int
    text: str  # analysis copy: same length as the stored slice, odd spaces made plain


def analysis_text(text: str) -> str:
    """The text as the model should see it: odd spaces made plain and datelines blanked.
    Same length, so offsets still index the stored copy."""
    plain = _ODD_SPACE.sub(" ", text)
    return _DATELINE.sub(lambda m: " " * len(m.group()), plain)


# A block is a line, or lines of hard-wrapped text: a line break inside a sentence (the line
# ends without a stop and the next starts in lower case) does not end it.
_BLOCK = re.compile(r"\S[^\n]*(?:\n(?=[ \t]*[a-z0-9(])(?<![.!?:;\"”’]\n)[^\n]+)*")


def sentence_spans(text: str, english: bool = True) -> list[tuple[int, int]]:
    """Sentence boundaries: every block is a unit (headlines, captions, hard-wrapped lines
    joined), then . ! ? inside it (in English before a capital or a digit; in other
    languages before any word)."""
    return list(_sentences(text, english))


def _sentences(text: str, english: bool = True) -> Iterator[tuple[int, int]]:
    """Sentence spans in order, found as they are asked for. A block starts at its first
    non-space, so runs of blank or space-only lines are passed over by the regex engine
    rather than one Python step each."""
    ends = _SENTENCE_END if english else _ANY_END
    for line in _BLOCK.finditer(text):
        start = line.start()
        for end_match in ends.finditer(text, line.start(), line.end()):
            cut = end_match.end()
            if _ends_in_abbreviation(text, end_match.start()):
                continue
            if (span := _stripped(text, start, cut)) is not None:
                yield span
            start = cut
        if (span := _stripped(text, start, line.end())) is not None:
            yield span


def _ends_in_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without its outer spaces (None if nothing is left), measured by str.strip:
    a run of a million spaces costs one pass in C, not a million steps here."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return (start, end) if end > start else None


def can_hold_figure(sentence: str) -> bool:
    """An amount (not a year, a percentage or a price) near a toll word."""
    tolls = [m.start() for m in _TOLL_WORDS.finditer(sentence)]
    if not tolls:
        return False
    counts = _NOT_A_COUNT.sub(lambda m: " " * len(m.group()), sentence)
    return any(
        abs(amount.start() - toll) <= _NEAR
        for amount in AMOUNT_CUE.finditer(counts)
        for toll in tolls
    )


def pack_windows(
    text: str, toll_words: re.Pattern[str], max_chars: int = 2000, limit: int | None = None
) -> list[Window]:
    """The sentences of a document in a packed language that hold a toll word (the number
    reader drops those without an amount); the source is looked for in the whole text. With
    `limit`, the search stops at `limit + 1` windows."""
    plain = analysis_text(text)
    windows: list[Window] = []
    for start, end in _sentences(plain, english=False):
        if toll_words.search(plain, start, end):
            end = min(end, start + max_chars)
            windows.append(Window(start, end, plain[start:end]))
            if limit is not None and len(windows) > limit:
                break
    return windows


def candidate_windows(
    text: str, max_chars: int = 2000, limit: int | None = None
) -> list[Window]:
    """The windows worth parsing: each candidate sentence, joined with the next one when that
    sentence may name the source. Overlong sentences (lists, tables) are cut to `max_chars`.
    With `limit`, the search stops at `limit + 1` windows: enough to tell the text has more,
    without segmenting the rest of a page of one sentence repeated 500,000 times."""
    plain = analysis_text(text)
    windows: list[Window] = []
    for (start, end), following in pairwise(chain(_sentences(plain), [None])):
        if not can_hold_figure(plain[start:end]):
            continue
        if following is not None:
            nxt = plain[following[0] : following[1]]
            if SOURCE_CUE.search(nxt) and not can_hold_figure(nxt):
                end = following[1]
        end = min(end, start + max_chars)
        windows.append(Window(start, end, plain[start:end]))
        if limit is not None and len(windows) > limit:
            break
    return windows
