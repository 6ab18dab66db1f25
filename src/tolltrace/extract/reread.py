"""The amounts the number reader finds in a stored text, where extraction looked for them:
what `tolltrace check` compares each stored claim's value with, so a value or a span changed
by hand (SQL, a spreadsheet round trip) is caught even when the hashes still agree."""

from __future__ import annotations

from ..model import NumberMention
from .numbers import find_numbers
from .segment import candidate_windows


def amounts_at(text: str, lang: str) -> dict[tuple[int, int], NumberMention]:
    """Every amount read in the candidate sentences of `text`, by its (start, end) in `text`,
    read with the same windows and language as at extraction."""
    found: dict[tuple[int, int], NumberMention] = {}
    for window in candidate_windows(text):
        for mention in find_numbers(window.text, lang):
            span = (window.start + mention.start, window.start + mention.end)
            found.setdefault(span, mention)
    return found
