"""The day a figure refers to, in languages read without a model.

A day date is a day number next to a month name of the language's pack ("3. März 2024",
"le 3 mars", "3 de marzo", "۱۲ نوامبر"); dateparser reads it against the publication date.
Persian (Jalali) and Hijri dates ("۱۲ آبان ۱۴۰۱", "5 رجب 1444") are converted with
convertdate. The date nearest the amount in its sentence wins.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from convertdate import islamic, persian
from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import context_of, figures_of, register_extensions
from .languages import LanguagePack, load_pack

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_CONVERT = {"jalali": persian.to_gregorian, "hijri": islamic.to_gregorian}


def _alternation(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or "(?!)"


def day_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Day, optional "." or "de", month name, optional year."""
    return re.compile(
        rf"(?<!\d)(\d{{1,2}})\.?\s*(?:de\s+|ال)?({_alternation(names)})(?!\w)"
        rf"(?:\s*(?:de\s+)?(\d{{4}}))?",
        re.IGNORECASE,
    )


@lru_cache(maxsize=32)
def _parser(lang: str, published: date | None) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=[lang], settings=settings)


def other_calendar_day(pack: LanguagePack, day: int, month: str, year: int | None) -> str | None:
    """The ISO date of a Jalali or Hijri day; None without a year (the year cannot be told)."""
    if pack.calendar is None or year is None:
        return None
    try:
        month_number = pack.calendar_months.index(month) + 1
        y, m, d = _CONVERT[pack.calendar](year, month_number, day)
        return date(y, m, d).isoformat()
    except ValueError:
        return None


class DateReader:
    """The `tolltrace_dates` component: `span._.as_of` from the dates of a figure's sentence."""

    def __init__(self, lang: str) -> None:
        register_extensions()
        self.pack = load_pack(lang)
        self.gregorian = day_pattern(self.pack.months)
        self.other = day_pattern(self.pack.calendar_months)

    def days(self, text: str, published: date | None) -> list[tuple[int, str]]:
        """(offset, YYYY-MM-DD) of each day date in `text`, none after `published`."""
        found: list[tuple[int, str]] = []
        plain = text.translate(_DIGITS)
        for match in self.other.finditer(plain):
            year = int(match.group(3)) if match.group(3) else None
            day = other_calendar_day(self.pack, int(match.group(1)), match.group(2), year)
            if day:
                found.append((match.start(), day))
        for match in self.gregorian.finditer(plain):
            parsed = _parser(self.pack.lang, published).get_date_data(match.group())
            if parsed.date_obj is not None and parsed.period == "day":
                found.append((match.start(), parsed.date_obj.date().isoformat()))
        if published is not None:
            found = [(start, day) for start, day in found if day <= published.isoformat()]
        return found

    def __call__(self, doc: Doc) -> Doc:
        figures = figures_of(doc)
        if not figures:
            return doc
        days = self.days(doc.text, context_of(doc).published)
        for figure in figures:
            figure._.as_of = _nearest(days, figure)
        return doc


def _nearest(days: list[tuple[int, str]], figure: Span) -> str | None:
    if not days:
        return None
    return min(days, key=lambda d: abs(d[0] - figure.start_char))[1]


@Language.factory(
    "tolltrace_dates",
    default_config={"lang": "de"},
    requires=["doc._.figures", "doc._.context"],
    assigns=["span._.as_of"],
)
def make_dates(nlp: Language, name: str, lang: str) -> DateReader:
    return DateReader(lang)
