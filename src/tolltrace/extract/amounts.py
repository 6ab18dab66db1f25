"""The number reader for languages with a pack: amounts as German, French, Italian,
Spanish, Persian and Arabic news write them, one path driven by `NumberPack` data.

An amount is one or more parts, each digits or number words with an optional scale
("3 mil 661", "24 ألفا و617", "13 میلیون و ۶۰۰ هزار", "dos mil 68"); each later part must be
smaller than the scale before it, so two numbers side by side are never summed. Number
words are read by text2num where it knows the language, else with the pack's table. Around
the amount come a qualifier ("mindestens", "بیش از"), a range ("zwischen 10 und 20"), or a
hedge after it ("على الأقل"); vague amounts ("des dizaines") and round ones ("une
vingtaine") are phrases of the pack. The text given here has its digits folded to ASCII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from text_to_num import text2num

from tolltrace.extract.digits import hidden_split
from tolltrace.extract.number_pack import NumberPack
from tolltrace.model import Approx, NumberMention

__all__ = ["MAX_COUNT", "read_amounts"]

# No human toll exceeds this; anything larger is a typo, a joke or an attack on the ledger.
MAX_COUNT = 10**10
_GLUE_BEFORE = frozenset("#№§°º+@_/\\\u2212-\u2010\u2011$€£¥₹₽₩₺₦₱₪฿")
_NOT_DIGIT = re.compile(r"[^0-9]")
_WORD = re.compile(r"[^\W\d_]+")
_CONTEXT = 40


@dataclass(frozen=True)
class _Part:
    """One part of an amount: `value` times `scale`, where it ends, how it was written."""

    value: int | Fraction
    scale: int
    end: int
    plain: str = ""  # the digits when written without separators, for years and ids
    decimal: bool = False
    words: str = ""


def _place(value: int) -> int:
    """The smallest power of ten that divides `value` (20 -> 10, 600 -> 100, 625 -> 1)."""
    place = 1
    while value and value % (place * 10) == 0:
        place *= 10
    return place


def _table_value(text: str, start: int, end: int, pack: NumberPack) -> tuple[int, int] | None:
    """A run of table words ("بیست و پنج", "ثلاثمائة وخمسون") -> (value, end of the words read).

    A word joins the ones before when it is smaller than their last place, or when a unit
    comes before a ten ("خمسة وعشرون": 5 and 20).
    """
    value = last = 0
    read_end = start
    for word in pack.table_word.finditer(text, start, end):
        piece = pack.lookup(pack.words, word.group())
        if value == 0:
            value = piece
        elif piece < _place(value) or (
            last < 10 and piece % 10 == 0 and piece < 100 and (value - last) % 100 == 0
        ):
            value += piece
        else:
            break
        last, read_end = piece, word.end()
    return (value, read_end) if value else None


def _key_of(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _words_value(phrase: str, pack: NumberPack) -> tuple[int, int] | None:
    """Number words read by text2num -> (value, characters used), trying shorter runs;
    a run the pack's table knows ("eine") is read from the table."""
    known = pack.words.get(_key_of(phrase))
    if known is not None:
        return known, len(phrase)
    spans = [m.end() for m in _WORD.finditer(phrase)]
    for cut in reversed(spans):
        try:
            return int(text2num(phrase[:cut], pack.lang)), cut
        except ValueError:
            continue
    return None


def _part(match: re.Match[str], text: str, pack: NumberPack) -> _Part | None:
    """One digits-or-words part with its scale; None when its words are no number."""
    scale = pack.lookup(pack.scales, match.group("scale")) if match.group("scale") else 1
    end = match.end()
    number = match.group("num")
    if number is not None:
        whole, *rest = pack.decimal.split(number, maxsplit=1)
        fraction = rest[0] if rest else ""
        digits = _NOT_DIGIT.sub("", whole)
        value: int | Fraction = int(digits)
        if fraction:
            value += Fraction(int(fraction), 10 ** len(fraction))
        return _Part(value, scale, end, digits if digits == whole else "", bool(fraction))
    words_start, words_end = match.span("words")
    if pack.uses_text2num:
        phrase = match.group("words")
        read = _words_value(phrase, pack)
        if read is None:
            return None
        value, used = read
        words = phrase[:used]
        if used < len(phrase):  # only the first words make a number; the rest is read later
            return _Part(value, 1, words_start + used, words=words)
        last = _WORD.findall(words)[-1].lower()
        if scale == 1 and last in pack.scales and value % pack.scales[last] == 0:
            value, scale = value // pack.scales[last], pack.scales[last]  # "dos mil" 68
        return _Part(value, scale, end, words=words)
    read = _table_value(text, words_start, words_end, pack)
    if read is None:
        return None
    value, used_end = read
    if used_end < words_end:
        return _Part(value, 1, used_end, words=text[words_start:used_end])
    return _Part(value, scale, end, words=text[words_start:words_end])


def _amount(text: str, start: int, pack: NumberPack) -> tuple[int | None, int, _Part] | None:
    """Read parts from `start` while each is smaller than the scale before it.

    Returns (the count or None when it is no count, the end, the first part).
    """
    match = pack.atom.match(text, start)
    first = _part(match, text, pack) if match else None
    if first is None:
        return None
    total: int | Fraction = first.value * first.scale
    last_scale, end = first.scale, first.end
    while last_scale > 1 and not first.decimal:
        join = pack.joiner.match(text, end)
        following = pack.atom.match(text, join.end()) if join else None
        part = _part(following, text, pack) if following else None
        if part is None or part.decimal or part.value * part.scale >= last_scale:
            break
        total += part.value * part.scale
        last_scale, end = part.scale, part.end
    if (first.decimal and first.scale == 1) or len(first.plain) > 9:
        return None, end, first
    if len(first.plain) > 1 and first.plain.startswith("0"):
        return None, end, first
    count = round(total)
    return (count if 0 < count <= MAX_COUNT else None), end, first


def _rejected(
    text: str, start: int, end: int, pack: NumberPack, *, after: bool = True, before: bool = True
) -> bool:
    """Whether the characters around text[start:end] say it counts no people. A range's
    first amount is followed by its link (`after` False), its second preceded by it."""
    if before and start > 0:
        char = text[start - 1]
        if char in _GLUE_BEFORE or char.isdigit():
            return True
        if char.isalpha() and (not pack.letters_touch or char.isascii()):
            return True
        if char in ".,:" and start > 1 and text[start - 2].isdigit():
            return True
    if (after and pack.rejects_after.match(text, end)) or hidden_split(text, start, end):
        return True
    return bool(
        before
        and pack.rejects_before.search(text, max(0, start - _CONTEXT), start)
        and not pack.count_after.match(text, end)  # "in the year 993 cases": a count
    )


def _is_year(part: _Part, end: int, pack: NumberPack) -> bool:
    return (
        len(part.plain) == 4
        and part.scale == 1
        and part.end == end
        and pack.is_year(int(part.plain))
    )


def number_mention(
    text: str, start: int, end: int, low: int, high: int | None, approx: Approx
) -> NumberMention:
    """A mention of `text[start:end]`; open amounts ("at least", vague) have no upper bound."""
    if approx in ("at least", "more than", "vague"):
        high = None
    return NumberMention(start, end, low, high, approx, text[start:end])


def _not_counted_after(text: str, end: int, count: int, pack: NumberPack) -> bool:
    """A unit or, for a day-sized number, a month right after the amount."""
    return bool(
        pack.rejects_after.match(text, end)
        or (count <= 31 and pack.month_after.match(text, end))
    )


_SHARED_UNIT = (0, 0, 0)  # "25 bis 90 Prozent", "۲۴ تا ۲۸ آبان": the unit counts both


def _ranged(
    text: str, start: int, end: int, low: int, pack: NumberPack
) -> tuple[int, int, int] | None:
    """A second amount after the first that makes a range: (start, end, high); None when
    there is none; `_SHARED_UNIT` when the second carries a unit that the first shares."""
    link = pack.range_link.match(text, end)
    read = _amount(text, link.end(), pack) if link else None
    if link is None or read is None:
        return None
    high, high_end, high_first = read
    if _not_counted_after(text, high_end, high or MAX_COUNT, pack):
        return _SHARED_UNIT
    if high is None:
        return None
    opened = pack.between_before.search(text, max(0, start - _CONTEXT), start)
    word = link.group("word")
    if word is not None and not pack.links("bare", word):
        kind = "and" if opened is not None and opened.group("between") else "to"
        if opened is None or not pack.links(kind, word):
            return None
    if (link.group("dash") and high_first.words) or high <= low:
        return None
    if _rejected(text, link.end(), high_end, pack, before=False):
        return None
    begin = opened.start() if opened is not None and word is not None else start
    return begin, high_end, high


def _one(match: re.Match[str], text: str, pack: NumberPack) -> tuple[list[NumberMention], int]:
    """The mentions starting at an opener match, and where reading goes on."""
    qualifier = match.group("qual")
    approx: Approx = pack.qualifier(qualifier) if qualifier else "exact"
    start = match.end("pre") if match.group("pre") else match.start()  # a clitic stays out
    body_start = match.end("qual") if qualifier else start
    for kind, table in (("vague", pack.vague), ("about", pack.about)):
        if match.group(kind) is not None:
            value = pack.lookup(table, match.group(kind))
            hedge: Approx = "vague" if kind == "vague" else (approx if qualifier else "about")
            return [number_mention(text, start, match.end(), value, value, hedge)], match.end()
    if match.group("dual") is not None:
        return [number_mention(text, start, match.end(), 2, 2, "exact")], match.end()
    read = _amount(text, body_start, pack)
    if read is None:
        return [], match.end()
    count, end, first = read
    if count is None:
        return [], end
    ranged = _ranged(text, body_start, end, count, pack)
    if ranged is _SHARED_UNIT or (ranged is not None and _is_year(first, end, pack)):
        return [], end
    if _rejected(text, body_start, end, pack, after=ranged is None):
        unit = pack.rejects_after.match(text, end)  # read on after "pour cent", not at "cent"
        return [], unit.end() if unit else end
    if (
        approx != "at least"  # "al menos un niño", but not "über ein dichtes Netz"
        and first.scale == 1
        and first.words
        and first.words.strip().lower() in pack.only_after_qualifier
    ):
        return [], end
    if _is_year(first, end, pack) and not pack.count_after.match(text, end):
        return [], end
    if count <= 31 and pack.month_after.match(text, end):
        return [], end
    if ranged is not None:
        begin, end, high = ranged
        return [number_mention(text, min(start, begin), end, count, high, "range")], end
    if text.startswith("+", end) and not text[end + 1 : end + 2].isdigit():
        hedge = approx if qualifier else "at least"
        return [number_mention(text, start, end + 1, count, count, hedge)], end + 1
    if not qualifier:
        after = pack.after_qualifier.match(text, end)
        if after is not None:
            approx = pack.qualifier(after.group("after"), after=True)
    return [number_mention(text, start, end, count, count, approx)], end


def read_amounts(text: str, pack: NumberPack) -> list[NumberMention]:
    """Every amount in `text` (digits folded) that could count people, in order."""
    found: list[NumberMention] = []
    position = 0
    while True:
        match = pack.opener.search(text, position)
        if match is None:
            return found
        mentions, position = _one(match, text, pack)
        found.extend(mentions)
        position = max(position, match.start() + 1)
