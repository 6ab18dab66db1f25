"""Publication dates as YYYY-MM-DD, read leniently from the forms bylines and feeds use.

English month names only, on purpose: dateparser reads more languages but takes seconds
on its first call, and a date we cannot read is simply left out, never an error.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FILLERS = frozenset({"st", "nd", "rd", "th", "of"})

_MONTH = r"[A-Za-z]{3,9}\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Matches a date in any form `iso_date` reads from words, for finding one inside a line.
DATE_PATTERN = "|".join(
    (
        r"\d{4}-\d{2}-\d{2}",
        rf"{_MONTH}\s+{_DAY},?\s+\d{{4}}",
        rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}",
    )
)
_ISO_START = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TOKENS = re.compile(r"\d+|[A-Za-z]+")


def iso_date(value: str) -> str | None:
    """`value` as YYYY-MM-DD if it is an ISO, "March 14, 2025", "14 March 2025" or RFC 2822 date."""
    value = value.strip()
    return _from_iso(value) or _from_words(value) or _from_rfc2822(value)


def _from_iso(value: str) -> str | None:
    match = _ISO_START.match(value)
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups())
    return _valid(year, month, day)


def _from_words(value: str) -> str | None:
    """Month name, day and year in either order, ignoring a weekday, commas and ordinals."""
    tokens = [token.lower() for token in _TOKENS.findall(value)]
    tokens = [token for token in tokens if token not in _FILLERS and not is_weekday(token)]
    if len(tokens) != 3:
        return None
    day, month, year = tokens if tokens[0].isdigit() else (tokens[1], tokens[0], tokens[2])
    number = _month_number(month)
    if number is None or not day.isdigit() or not (year.isdigit() and len(year) == 4):
        return None
    return _valid(int(year), number, int(day))


def _from_rfc2822(value: str) -> str | None:
    """Dates as feeds and HTTP headers write them: "Fri, 14 Mar 2025 08:00:00 GMT"."""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None


def is_weekday(token: str) -> bool:
    """True for a lowercase weekday name or an abbreviation of at least three letters."""
    return len(token) >= 3 and any(day.startswith(token) for day in _WEEKDAYS)


def _month_number(token: str) -> int | None:
    """1-12 for a month name or an abbreviation of at least three letters ("Sept", "Mar")."""
    if len(token) < 3:
        return None
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(token):
            return number
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
