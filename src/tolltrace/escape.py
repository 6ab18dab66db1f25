"""Text on its way to a terminal or a spreadsheet, made harmless.

Titles, file names and claimant names come from articles anyone can write. Printed raw, an
ANSI escape sequence recolours, clears or retitles the terminal, a newline forges a line of
our own output, and a CSV cell starting with `=` runs as a formula when a spreadsheet opens
it. Every terminal line the CLI prints, every JSON it writes and every CSV cell passes here.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

# C0 controls, DEL, C1 controls (0x9B is a one-byte escape sequence on some terminals) and
# the Unicode line and paragraph separators, which some terminals also break lines on.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029]")
# What a spreadsheet reads as the start of a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def printable(value: object) -> str:
    """`value` as text with every control character shown as an escape (`\\x1b`, `\\n`),
    never obeyed."""
    return _CONTROLS.sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON that keeps every script as written but escapes, as `\\u009b`, the C1
    controls and line separators `json.dumps` leaves raw (it escapes only C0): the same
    JSON to a parser, harmless on a terminal."""
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading `'`
    (as OWASP advises); numbers, negative ones included, stay numbers."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
    """Rows as CSV with a header, every cell through `csv_cell`; on a terminal, control
    characters escaped too."""
    on_terminal = out.isatty() if hasattr(out, "isatty") else False
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = {name: csv_cell(row.get(name)) for name in columns}
        if on_terminal:
            cells = {name: printable(v) if isinstance(v, str) else v for name, v in cells.items()}
        writer.writerow(cells)
