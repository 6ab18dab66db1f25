"""Digits in every script, read without moving an offset.

Persian and Arabic news write ۱۲۳ or ١٢٣ (often both inside one number, "۵٠٧"), and pasted
text brings full-width ０-９. The readers match ASCII digits only, so they run on a folded
copy of the text in which each of these characters becomes its ASCII digit: one character
for one, so every offset found in the copy indexes the original. What folding must not do
is invent a number: a run mixing ASCII digits with Eastern ones ("1٥00") is a typo or a
trick, and invisible characters between digits ("2\u200b50") hide a split the reader cannot
see; neither is read.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_digits", "hidden_split", "mixes_scripts"]

_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_FULL_WIDTH = "０１２３４５６７８９"
_FOLD = str.maketrans(
    {char: str(index % 10) for index, char in enumerate(_ARABIC_INDIC + _PERSIAN + _FULL_WIDTH)}
)
# The scripts a number may not mix: Persian and Arabic-Indic digits are one family.
_FAMILY = {
    **dict.fromkeys("0123456789", "ascii"),
    **dict.fromkeys(_ARABIC_INDIC + _PERSIAN, "eastern"),
    **dict.fromkeys(_FULL_WIDTH, "full-width"),
}
_ANY_DIGIT = "0-9" + _ARABIC_INDIC + _PERSIAN + _FULL_WIDTH
# One written number: digits and the marks that group them, no spaces.
_RUN = re.compile(rf"[{_ANY_DIGIT}]+(?:[.,'’٬٫][{_ANY_DIGIT}]+)*")
_DIGITS = frozenset("0123456789")
_GROUP_MARKS = frozenset(".,٬٫'’")


def fold_digits(text: str) -> str:
    """`text` with Eastern and full-width digits as ASCII digits, same length."""
    return text.translate(_FOLD)


def mixes_scripts(text: str, start: int, end: int) -> bool:
    """True when one number in text[start:end] mixes ASCII digits with another script."""
    return any(
        len({_FAMILY[c] for c in run.group() if c in _FAMILY}) > 1
        for run in _RUN.finditer(text, start, end)
    )


def _invisible(char: str) -> bool:
    """Zero-width, bidi and soft-hyphen characters: format characters a reader never sees."""
    return unicodedata.category(char) == "Cf"


def hidden_split(text: str, start: int, end: int) -> bool:
    """True when invisible characters join this number to digits next to it ("1\u200b500").

    Read either way the result is a guess (1 and 500, or a 1500 the writer may not have
    meant), so such a run of digits is not read at all; the stored text keeps the characters.
    `text` has its digits folded.
    """
    return _hidden_digit(text, end, 1) or _hidden_digit(text, start - 1, -1)


def _hidden_digit(text: str, index: int, step: int) -> bool:
    """Whether, walking from `index` by `step`, one or more invisible characters (with a
    group mark on either side) lead to a digit."""

    def char(i: int) -> str:
        return text[i] if 0 <= i < len(text) else ""

    if char(index) in _GROUP_MARKS:
        index += step
    first = index
    while char(index) and _invisible(char(index)):
        index += step
    if index == first:
        return False
    if char(index) in _GROUP_MARKS:
        index += step
    return char(index) in _DIGITS
