"""The number reader: every amount in a text that could count people, with its hedge.

A toll is an amount together with its qualifier ("at least 304", "between 180 and 450",
"many more thousands"), so later components need the whole phrase and its value, not a
token; the model's CARDINAL entities split vague amounts and carry years, prices and ids.
This is the first component of extraction and runs on every candidate sentence, so it is
one pass of precompiled regular expressions and no model. It errs toward returning an
amount (the measure component decides what it counts) and drops only what never counts
people: years, dates, times, money, percentages, ages, measurements, ordinals, ids, and
numbers inside names such as Covid-19 or F-16.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from math import prod

from spacy.language import Language
from spacy.tokens import Doc, Span

from tolltrace.extract.amounts import MAX_COUNT, number_mention, read_amounts
from tolltrace.extract.digits import fold_digits, hidden_split, mixes_scripts
from tolltrace.extract.extensions import register_extensions
from tolltrace.extract.number_pack import number_pack
from tolltrace.model import Approx, NumberMention

__all__ = ["COMPONENT_NAME", "NumberReader", "find_numbers", "make_number_reader"]

COMPONENT_NAME = "tolltrace_numbers"

# --- vocabulary -------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """A vocabulary written as one string, words separated by spaces."""
    return tuple(text.split())


_SMALL: dict[str, int] = {
    word: value
    for value, word in enumerate(
        _words(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        ),
        start=1,
    )
}
_SMALL |= {
    word: 10 * n
    for n, word in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_MULTIPLIERS: dict[str, int] = {
    **dict.fromkeys(_words("k thousand"), 10**3),
    **dict.fromkeys(_words("m mn million"), 10**6),
    **dict.fromkeys(_words("bn billion"), 10**9),
    **{"dozen": 12, "hundred": 100, "lakh": 10**5, "crore": 10**7, "trillion": 10**12},
}
_FRACTIONS = {"half": 2, "quarter": 4}
_VAGUE_UNITS: dict[str, int] = {
    **{word: _MULTIPLIERS[word] for word in _words("dozen hundred thousand million billion")},
    **{word + "s": _MULTIPLIERS[word] for word in _words("dozen hundred thousand million billion")},
    **{"tens": 10, "scores": 20},
}
_QUALIFIERS: dict[str, Approx] = {
    phrase: approx
    for approx, phrases in (
        (
            "at least",
            "at least|at minimum|a minimum of|no fewer than|not fewer than|no less than"
            "|not less than",
        ),
        (
            "more than",
            "more than|over|upwards of|in excess of|just over|well over|a little over"
            "|slightly more than|well above|greater than|past|pass|passes|passed|passing"
            "|surpassed|surpassing|topped|tops|exceeded|exceeding|exceeds|beyond",
        ),
        (
            "about",
            "nearly|almost|about|around|approximately|approx.|roughly|some|an estimated"
            "|estimated|close to|closer to|near|circa|ca.|just under|an approximate|just about",
        ),
        (
            "up to",
            "up to|as many as|fewer than|less than|at most|no more than|not more than|a maximum of",
        ),
    )
    for phrase in phrases.split("|")
}
_SUFFIXES: dict[str, Approx] = {
    "+": "more than",
    "-plus": "more than",
    "or more": "at least",
    "or so": "about",
    "-odd": "about",
}
# Where the dot, not the comma, groups thousands; and where a space does.
_DOT_LANGS = frozenset(_words("de es it nl pt tr id da el ro hr sl sr bs ca gl eu vi is"))
_SPACE_LANGS = frozenset(_words("fr ru uk pl cs sk sv nb nn no fi et lv lt hu bg be kk"))

_TOLL_WORDS = (
    "people|persons|deaths?|dead|killed|died|protesters|protestors|demonstrators|civilians|"
    "soldiers|troops|bodies|victims|casualties|fatalities|injured|wounded|hurt|arrested|"
    "detained|detainees|prisoners|missing|displaced|executed|migrants|refugees|children|"
    "women|men|lives|fighters|militants|residents|villagers|students|workers|others|"
    "injuries|arrests|killings|executions|perished|slain|kidnapped|abducted|hospitali[sz]ed|"
    "beaten|tortured|trapped|unaccounted|disappeared|drowned|raped|assaulted|evacuated|"
    "rescued|stranded|buried|dying|sick|infected"
)
_UNITS = (
    # time
    "seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|weekends?|months?|"
    "years?|yrs?|decades?|centur(?:y|ies)|millenni(?:um|a)|"
    # clock
    "o['\u2019]clock|gmt|utc|bst|cet|cest|edt|pst|pdt|local\\s+time|"
    # length, weight, volume, area, speed, energy, size
    "km|kms|kilomet(?:re|er)s?|miles?|mi|met(?:re|er)s?|cm|mm|(?:centi|milli)met(?:re|er)s?|"
    "feet|foot|ft|inch(?:es)?|yards?|kg|kgs|kilos?|kilograms?|grams?|tonnes?|tons?|lbs?|"
    "ounces?|oz|litres?|liters?|gallons?|barrels?|bpd|hectares?|acres?|sq|square|mph|kph|"
    "knots?|degrees?|magnitude|points?|pts|fold|times|[kmg]w|kwh|megawatts?|[kmgt]b|bytes?|"
    "calibre|caliber|"
    # money
    "dollars?|usd|euros?|eur|gbp|pounds?|sterling|rupees?|inr|yuan|renminbi|rmb|yen|"
    "r[ou]bles?|riyals?|rials?|tomans?|dinars?|dirhams?|liras?|lire|pesos?|naira|"
    "shillings?|rand|francs?|cents?|pence|bucks|taka|hryvnias?|cedis?|kwacha|birr|"
    # percent
    "percent|per\\s*cent|pct|percentage"
)
_MONTHS = frozenset(
    _words(
        "January February March April May June July August September October November December "
        "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec"
    )
)
_MONTH = "(?-i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"  # capitalised only

# --- the amount grammar -----------------------------------------------------------------


def _alt(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of literal phrases, longest first, any spacing."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + ")"


_SPACED = r"[0-9]{1,3}(?:[\u00a0\u202f\u2009][0-9]{3}){1,3}"  # 1 500 with a narrow space
# "26 271", "43 000": thousands grouped by a plain space, as some English-language outlets write
_PLAIN_SPACED = r"[0-9]{1,3}(?: [0-9]{3}){1,3}(?![0-9]|[.,][0-9])"
_GROUPED = {  # style -> (digits grouped in thousands, decimal mark)
    "comma": (rf"[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,3}}|{_SPACED}|{_PLAIN_SPACED}", "."),
    "dot": (rf"[0-9]{{1,3}}(?:\.[0-9]{{3}}){{1,3}}|{_SPACED}", ","),
    "space": (r"[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3}){1,3}", ","),
}

_UNIT_W = "one|two|three|four|five|six|seven|eight|nine"
_TEEN_W = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_BIG_W = "thousand|million|billion|trillion"
_SMALL_RE = rf"(?:(?:{_TENS_W})(?:[-\s](?:{_UNIT_W})\b)?|{_TEEN_W}|{_UNIT_W})\b"
_HUNDREDS_RE = rf"(?:(?:{_SMALL_RE}|a)[\s-]+hundred\b(?:\s+(?:and\s+)?{_SMALL_RE})?|{_SMALL_RE})"
_SCALED_RE = rf"(?:{_HUNDREDS_RE}|a)[\s-]+(?:{_BIG_W})\b"
_WORD_NUMBER = (
    rf"{_SCALED_RE}(?:\s+(?:and\s+)?{_SCALED_RE})*(?:\s+(?:and\s+)?{_HUNDREDS_RE})?"
    rf"|{_HUNDREDS_RE}"
)
_WORD_AMOUNT = (
    rf"(?:(?:half\s+a|{_HUNDREDS_RE}|a)[\s-]+dozen\b"
    rf"|(?:half|(?:a\s+)?quarter\s+of)\s+a[\s-]+(?:hundred|{_BIG_W})\b|{_WORD_NUMBER})"
)
_MULTIPLIER_RE = rf"(?:hundred(?:[\s-]+(?:{_BIG_W}))?|{_BIG_W}|lakh|crore|dozen)s?\b"

_VAGUE_PLURAL = (
    r"(?:tens\s+of\s+(?:thousands|millions|billions)"
    r"|(?:dozens|scores|hundreds|thousands|millions|billions)"
    r"(?:\s+of\s+(?:thousands|millions|billions))?)\b"
)
_VAGUE_MOD = (
    r"(?:many(?:,?\s+many)?(?:\s+more)?|several|countless|untold|a\s+few|a\s+couple\s+of"
    r"|literally)"
)
_VAGUE_SINGULAR = (
    r"(?:several|a\s+few|few|a\s+couple(?:\s+of)?)\s+(?:dozen|hundred|thousand|million|billion)"
    r"(?:\s+(?:thousand|million|billion))?\b"
)
_VAGUE_PART = rf"(?:{_VAGUE_SINGULAR}|(?:{_VAGUE_MOD}\s+)?{_VAGUE_PLURAL})"
_VAGUE_LINK = (
    r",?\s+(?:or|and|to|if\s+not|upon|possibly|perhaps|maybe|even)"
    r"(?:\s+(?:even|perhaps|possibly|maybe|potentially))?,?\s+"
)
_VAGUE = rf"\b{_VAGUE_PART}(?:{_VAGUE_LINK}{_VAGUE_PART})?"

_PHONE = (
    r"\+[0-9][0-9 ().\-]{6,}[0-9]"
    r"|(?<![0-9])\(?[0-9]{2,4}\)?[ .\-][0-9]{3}[ .\-][0-9]{4}(?![0-9])"
)
_SUFFIX = r"\+(?![0-9])|-plus\b|-odd\b|\s+or\s+(?:more|so)\b"


def _amount(prefix: str, style: str, words: bool) -> str:
    """One amount: digits with an optional multiplier, or (English) number words."""
    grouped, mark = _GROUPED[style]
    number = (
        rf"(?<![0-9])(?:{grouped}|[0-9]{{1,12}})(?![0-9])"
        rf"(?:{re.escape(mark)}[0-9]{{1,6}}(?![0-9]))?"
    )
    digits = (
        rf"(?P<{prefix}num>{number})"
        rf"(?:(?P<{prefix}abbr>\s?(?:bn|mn)|m|k)\b|(?:\s|-)?(?P<{prefix}mult>{_MULTIPLIER_RE}))?"
    )
    return rf"{digits}|(?P<{prefix}words>\b{_WORD_AMOUNT})" if words else digits


# Words that can open an amount; the gate below lets the grammar try only where one starts.
_OPENERS = (
    *_SMALL,
    *_words("a half quarter between from many several countless untold few literally"),
    *_words("tens dozens scores hundreds thousands millions billions"),
    *(phrase.split()[0].rstrip(".") for phrase in _QUALIFIERS),
)


def _gate(openers: Iterable[str]) -> str:
    """A lookahead that fails fast where no amount starts: a digit, "+", "(" or an opener.

    The opener check is case-sensitive over three spellings behind a first-letter test, which
    makes the whole pass about seven times faster than letting the grammar try every word.
    """
    spellings = {s for w in set(openers) for s in (w, w.capitalize(), w.upper())}
    initials = "".join(sorted({s[0] for s in spellings}))
    return rf"(?=[0-9+(]|\b(?-i:(?=[{initials}]){_alt(spellings)})\b)"


def _compile(style: str, words: bool) -> re.Pattern[str]:
    qualifier = rf"(?:\b(?P<qual>{_alt(_QUALIFIERS)})\s+)?" if words else ""
    vague = rf"|(?P<vague>{_VAGUE})" if words else ""
    span_range = (
        r"(?:(?P<between>\bbetween)\s+|(?P<origin>\bfrom)\s+)?"
        rf"(?P<lo>{_amount('lo_', style, words)})"
        r"(?(between)\s+and\s+|(?:\s+(?:to|or)\s+|(?<=[0-9])\s?[-\u2013\u2014]\s?(?=[0-9])))"
        rf"(?P<hi>{_amount('hi_', style, words)})"
    )
    mention = (
        rf"{qualifier}(?:{span_range}{vague}|{_amount('', style, words)})"
        rf"(?P<suffix>{_SUFFIX})?"
    )
    gate = _gate(_OPENERS if words else ("between", "from"))
    return re.compile(rf"{gate}(?:(?P<phone>{_PHONE})|{mention})", re.IGNORECASE)


_PATTERNS: dict[tuple[str, bool], re.Pattern[str]] = {
    (style, words): _compile(style, words)
    for style, words in (("comma", True), ("comma", False), ("dot", False), ("space", False))
}

# --- context: what rules a match out ----------------------------------------------------

_GLUE_BEFORE = frozenset("#№§°º+@_/\\\u2212-\u2010\u2011$€£¥₹₽₩₺₦₱₪฿")
_MONEY_SIGNS = frozenset("$€£¥₹₽₩₺₦₱₪฿")
_MONEY_CODES = frozenset(
    _words("USD EUR GBP Rs Rs. INR PKR NGN KES ZAR AUD CAD CHF JPY CNY RMB Tk Rp IRR")
)
_REFERENCES = frozenset(
    _words(
        "article art. resolution no. nos. n° nº № number section sec. chapter ch. page p. pp. "
        "paragraph para. rule clause amendment annex item room route highway interstate flight "
        "platform gate level phase stage grade class category unit building block version vol. "
        "volume issue episode season part figure fig. table magnitude aged age ages per id code "
        "channel district zone sector ward precinct exit verse psalm boeing airbus apollo "
        "articles resolutions sections chapters pages paragraphs rules clauses items flights"
    )
)
_TOLL_VERBS = frozenset(  # "killing scores": the verb before "scores" that counts people
    _words(
        "kill killed killing kills injured injuring injures wounded wounding wounds arrested "
        "arresting arrests detained detaining detains executed executing executes displaced "
        "displacing displaces massacred slaughtered claimed claiming claims left leaving hurt "
        "hurting abducted kidnapped jailed"
    )
)
_NOT_SCORES = frozenset(  # "test scores", "the scores": results, not a count
    _words("test exam credit high low top average final approval poll his her their its our my")
    + _words("your the match game")
)
_REJECT_AFTER = re.compile(
    r"\s*[%\uff05\u2030]"
    rf"|(?:\s*-\s*|\s+(?:of\s+)?)(?:(?:more|other|straight|consecutive|long|full|whole|short"
    rf"|successive|additional|extra|further)\s+)?(?:{_UNITS})\b"
    r"|\s*[ap]\.?m\.?(?![^\W\d_])"
    r"|[-\s]+(?:halves|half|thirds?|quarters?|(?:four|fif|six|seven|eigh|nin|ten|hundred"
    r"|thousand)ths?)\b"
    r"|-(?:[a-z]*(?:first|second|third|th)|on|off|sided|way|time|shot|stop|liner|state|party"
    r"|tier|piece|track|seater|storey|story|star|bed|seat|page|round|game|match|goal|lane|digit"
    r"|step|point|nil|all)\b"
    r"|[.,:/\-\u2013][0-9]"
    r"|[^\W\d_]",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(rf"\s*(?:of\s+)?{_MONTH}\b")
_DAY_START = re.compile(r"[0-9]{1,2}(?![0-9.,])")
_DAY_END = re.compile(r"(?<![0-9.,])[0-9]{1,2}\Z")
_NAME_COMMA = re.compile(r"[A-Z][a-z]+,")
_AGE = re.compile(r"[0-9]{1,3}")
_AGE_AFTER = re.compile(r",|\.(?![0-9])|;|\)")
_TOLL_AFTER = re.compile(rf"\s+(?:{_TOLL_WORDS})\b", re.IGNORECASE)
_GUARD_AFTER = re.compile(
    r"\s+(?:of\s+[^\W\d_]|(?:more\s+|others?\s+)?"
    r"(?:(?:were|was|are|is|have|has|had|been|being|reportedly|feared|now|also|later|still)\s+)"
    rf"{{0,3}}(?:{_TOLL_WORDS})\b)",
    re.IGNORECASE,
)
_SPORTS = re.compile(
    r"\b(?:won|wins?|lost|losing|loss|beat(?:s|en)?|defeat(?:s|ed)?|victory|draw|drew|drawn"
    r"|scored?|scoreline|trail(?:ed|ing)?|goals?|half-?time|innings|aggregate)\b",
    re.IGNORECASE,
)
_CHANGE_BEFORE = re.compile(  # "raised its count from 58 to 104": two counts, not a range
    r"\b(?:rais|rose|risen|rising|increas|climb|jump|grew|grow|revis|doubl|tripl|updat|lift"
    r"|surg|soar|fell|fall|drop|declin|decreas|lower|reduc|went|gone|push|bump|swell|swoll)"
    r"\w*[^.;:!?\w][^.;:!?]*\Z",
    re.IGNORECASE,
)
_NOT_ONE_BEFORE = re.compile(r"\b(?:no|one\s+by)\s+\Z", re.IGNORECASE)  # no one, one by one
_NOT_ONE_AFTER = re.compile(r"\s+(?:another|by\s+one)\b", re.IGNORECASE)
_VAGUE_HEAD = re.compile(
    r"dozens|scores|tens|hundreds|thousands|millions|billions"
    r"|dozen|hundred|thousand|million|billion",
    re.IGNORECASE,
)
_ROUND_IDIOM = re.compile(r"dozen|half|quarter", re.IGNORECASE)
_VAGUE_SPLIT = re.compile(_VAGUE_LINK, re.IGNORECASE)
_LETTERS = re.compile(r"[a-z]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_DASHES = frozenset("-\u2013\u2014")
_CONTEXT = 40
# "10^100", "10**9": a power, whose base and exponent are not counts.
_POWER_AFTER = re.compile(r"\s*(?:\^|\*\*)\s*[0-9]")
_POWER_BEFORE = re.compile(r"[0-9]\s*(?:\^|\*\*)\s*\Z")


def _glued_before(text: str, start: int) -> bool:
    """A letter, a sign or a number separator right before: Covid-19, G7, #5, $5, -5, 3/4."""
    if start == 0:
        return False
    char = text[start - 1]
    if char.isalnum() or char in _GLUE_BEFORE:
        return True
    return char in ".,:\u2013" and (char == "." or (start > 1 and text[start - 2].isdigit()))


def _word_before(text: str, start: int) -> str:
    """The whitespace-separated word before `start`, opening brackets and quotes stripped."""
    head = text[max(0, start - _CONTEXT) : start].rstrip()
    return head.rsplit(None, 1)[-1].lstrip("([{\"'“‘") if head else ""


def _context_rejects(text: str, start: int, end: int) -> bool:
    """True when the words around text[start:end] say it is not a count of people."""
    if _glued_before(text, start) or _REJECT_AFTER.match(text, end):
        return True
    if _POWER_AFTER.match(text, end) or _POWER_BEFORE.search(text, max(0, start - 8), start):
        return True
    if hidden_split(text, start, end):
        return True
    word = _word_before(text, start)
    mention = text[start:end]
    return bool(
        (word and word[-1] in _MONEY_SIGNS)
        or word in _MONEY_CODES
        or word.lower() in _REFERENCES
        or (word.rstrip(".") in _MONTHS and _DAY_START.match(mention))
        or (_DAY_END.search(mention) and _MONTH_AFTER.match(text, end))
        or (_NAME_COMMA.fullmatch(word) and _AGE.fullmatch(mention) and _AGE_AFTER.match(text, end))
    )


# --- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Amount:
    """An amount as written: `value` times `scale`; `plain` holds an unseparated digit run."""

    value: int | Fraction
    scale: int = 1
    decimal: bool = False
    plain: str = ""

    @property
    def count(self) -> int | None:
        """The whole number it denotes; None for a bare decimal ("2.5"), an id-like run or
        an amount above `MAX_COUNT`."""
        if (self.decimal and self.scale == 1) or len(self.plain) > 9:
            return None
        if len(self.plain) > 1 and self.plain.startswith("0"):
            return None
        count = round(self.value * self.scale)
        return count if count <= MAX_COUNT else None

    @property
    def is_year(self) -> bool:
        return len(self.plain) == 4 and self.scale == 1 and 1800 <= int(self.plain) <= 2100


def _multiplier(abbr: str | None, mult: str | None) -> int:
    if abbr:
        return _MULTIPLIERS[abbr.strip().lower()]
    if mult:
        return prod(_MULTIPLIERS[w.removesuffix("s")] for w in _LETTERS.findall(mult.lower()))
    return 1


def _read_words(phrase: str) -> tuple[int, int]:
    """("two hundred thousand") -> (2, 100000); ("one hundred and five") -> (105, 1)."""
    words = [w for w in _LETTERS.findall(phrase.lower()) if w not in ("and", "of")]
    fraction = next((w for w in words[:2] if w in _FRACTIONS), None)  # half a / a quarter of a
    if fraction:
        words = words[words.index(fraction) + 1 :]
    lead = 0
    index = 0
    while index < len(words) and (words[index] in _SMALL or words[index] == "a"):
        lead += _SMALL.get(words[index], 1)
        index += 1
    if not fraction and all(w in _MULTIPLIERS for w in words[index:]):
        return lead, prod(_MULTIPLIERS[w] for w in words[index:])
    total = current = 0
    for word in words:
        if word in _SMALL or word == "a":
            current += _SMALL.get(word, 1)
        elif word in ("hundred", "dozen"):
            current = (current or 1) * _MULTIPLIERS[word]
        else:
            total += (current or 1) * _MULTIPLIERS[word]
            current = 0
    value = total + current
    return (value // _FRACTIONS[fraction] if fraction else value), 1


def _group(match: re.Match[str], name: str) -> str | None:
    """A group's text, None when it did not match or this language's pattern lacks it."""
    return match.group(name) if name in match.re.groupindex else None


def _read_amount(match: re.Match[str], prefix: str, decimal_mark: str) -> _Amount:
    words = _group(match, prefix + "words")
    if words is not None:
        base, scale = _read_words(words)
        return _Amount(base, scale)
    number = match.group(prefix + "num")
    whole, _, fraction = number.partition(decimal_mark)
    digits = _NOT_DIGIT.sub("", whole)
    value: int | Fraction = int(digits)
    if fraction:
        value += Fraction(int(fraction), 10 ** len(fraction))
    scale = _multiplier(match.group(prefix + "abbr"), match.group(prefix + "mult"))
    return _Amount(value, scale, bool(fraction), digits if digits == whole else "")


def _vague_value(phrase: str) -> int:
    """The least value of the plural: "hundreds or even thousands" -> 200."""
    values = []
    for part in _VAGUE_SPLIT.split(phrase):
        units = [_VAGUE_UNITS[w] for w in _LETTERS.findall(part.lower()) if w in _VAGUE_UNITS]
        if units:
            values.append(2 * prod(units))
    return min(values)


def _approx_of(match: re.Match[str]) -> Approx:
    qualifier = _group(match, "qual")
    if qualifier:
        return _QUALIFIERS[" ".join(qualifier.lower().split())]
    suffix = match.group("suffix")
    if suffix:
        return _SUFFIXES[" ".join(suffix.lower().split())]
    if _ROUND_IDIOM.search(_group(match, "words") or ""):
        return "about"  # "a dozen", "half a million": round figures, not counts
    return "exact"


# --- the three kinds of match -----------------------------------------------------------


_DATE_BEFORE = re.compile(
    r"\b(?:the|in|since|of|during|by|until|from|after|before|between|and)\s+$", re.IGNORECASE
)


def _single(match: re.Match[str], text: str, mark: str) -> list[NumberMention]:
    start, end = match.span()
    amount = _read_amount(match, "", mark)
    count = amount.count
    if count is None or (amount.is_year and not _TOLL_AFTER.match(text, end)):
        return []
    if amount.is_year and _DATE_BEFORE.search(text, max(0, start - 10), start):
        return []  # "the 2019 killings", "in 2019 deaths rose": a year, whatever follows
    if (
        count == 1
        and _group(match, "words")
        and (
            _NOT_ONE_BEFORE.search(text, max(0, start - 12), start)
            or _NOT_ONE_AFTER.match(text, end)
        )
    ):
        return []
    return [number_mention(text, start, end, count, count, _approx_of(match))]


def _endpoint(match: re.Match[str], text: str, group: str, amount: _Amount) -> NumberMention | None:
    """One side of "from 300 to 200" or "rose from 58 to 104", read as a number of its own."""
    start, end = match.span(group)
    count = amount.count
    if count is None or amount.is_year or _context_rejects(text, start, end):
        return None
    return number_mention(text, start, end, count, count, "exact")


def _range(match: re.Match[str], text: str, mark: str) -> list[NumberMention]:
    start, end = match.span()
    low, high = _read_amount(match, "lo_", mark), _read_amount(match, "hi_", mark)
    if low.is_year and high.is_year:
        return []
    scaled = low
    if low.scale == 1 and high.scale > 1 and low.value <= high.value:
        scaled = _Amount(low.value, high.scale, low.decimal, low.plain)
    lo_count, hi_count = scaled.count, high.count
    valid = lo_count is not None and hi_count is not None and lo_count < hi_count
    if text[match.end("lo") : match.start("hi")].strip() in _DASHES:
        sporty = _SPORTS.search(text, max(0, start - _CONTEXT), min(len(text), end + _CONTEXT))
        if not valid or sporty:
            return []
    elif not valid or (
        match.group("origin") and _CHANGE_BEFORE.search(text, max(0, start - _CONTEXT), start)
    ):
        ends = (_endpoint(match, text, "lo", low), _endpoint(match, text, "hi", high))
        return [m for m in ends if m is not None]
    return [number_mention(text, start, end, lo_count, hi_count, "range")]


def _vague(match: re.Match[str], text: str) -> list[NumberMention]:
    start, end = match.span()
    phrase = match.group("vague")
    head = _VAGUE_HEAD.findall(phrase)[0].lower()
    if head == "scores":  # "test scores", "scores a goal": only when people are counted
        word = _word_before(text, start).lower()
        if word in _NOT_SCORES or not (_GUARD_AFTER.match(text, end) or word in _TOLL_VERBS):
            return []
    value = _vague_value(phrase)
    if value > MAX_COUNT:  # "billions of billions"
        return []
    return [number_mention(text, start, end, value, None, "vague")]


def _mentions_of(match: re.Match[str], text: str, mark: str) -> list[NumberMention]:
    if match.group("phone") is not None or _context_rejects(text, *match.span()):
        return []
    if match.group("lo") is not None:
        return _range(match, text, mark)
    if _group(match, "vague") is not None:
        return _vague(match, text)
    return _single(match, text, mark)


def _style_of(lang: str) -> tuple[str, bool]:
    """("comma" | "dot" | "space", whether English words are read) for a language tag."""
    primary = lang.replace("_", "-").split("-")[0].lower()
    if primary in _DOT_LANGS:
        return "dot", False
    if primary in _SPACE_LANGS:
        return "space", False
    return "comma", primary in ("en", "")


def find_numbers(text: str, lang: str = "en") -> list[NumberMention]:
    """Every amount in `text` that could count people, in text order, never overlapping.

    Offsets index `text`; a mention covers its qualifier ("at least 304"). A language with
    a pack in data/lang/ (de, fr, it, es, fa, ar) is read with its separators, number words,
    hedges and vague amounts; English with the grammar above; any other language only as
    digits with the thousands separator it uses ("1.500" is 1500 in "nl", a decimal in
    "en"). Persian, Arabic-Indic and full-width digits are read everywhere; a number mixing
    them with ASCII digits ("1٥00") is not read at all.
    """
    folded = fold_digits(text)
    pack = number_pack(lang) if lang else None
    if pack is not None:
        found = read_amounts(folded, pack)
    else:
        style, words = _style_of(lang)
        mark = _GROUPED[style][1]
        found = []
        for match in _PATTERNS[style, words].finditer(folded):
            found.extend(_mentions_of(match, folded, mark))
    if folded is text or folded == text:
        return found
    return [
        replace(m, text=text[m.start : m.end])
        for m in found
        if not mixes_scripts(text, m.start, m.end)
    ]


# --- the spaCy component ----------------------------------------------------------------


def _figure_spans(doc: Doc, mentions: Iterable[NumberMention]) -> Iterator[Span]:
    """One span per mention, widened to whole tokens; mentions that share a token are dropped."""
    last_token = -1
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span.start <= last_token:
            continue
        span._.number = mention
        last_token = span.end - 1
        yield span


class NumberReader:
    """The `tolltrace_numbers` component: sets `doc._.figures`, one span per amount."""

    def __init__(self, lang: str = "en") -> None:
        register_extensions()
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        lang = context.lang if context is not None else self.lang
        doc._.figures = list(_figure_spans(doc, find_numbers(doc.text, lang)))
        return doc


@Language.factory(
    COMPONENT_NAME,
    default_config={"lang": "en"},
    assigns=["doc._.figures", "span._.number"],
)
def make_number_reader(nlp: Language, name: str, lang: str) -> NumberReader:
    """Build the number reader; `lang` applies when a doc carries no `doc._.context`."""
    return NumberReader(lang)
