"""Each supported format parsed into `Document`s: plain text, HTML pages, JSON Lines.

Readers raise `InputError` for anything the user should hear about; the caller turns it
into a `SkippedInput` and goes on. JSON Lines are read a line at a time, never whole.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO

import trafilatura
from lxml.etree import LxmlError
from trafilatura.settings import Document as ExtractedPage

from ..errors import InputError
from ..model import Document, Page, SkippedInput
from ..settings import Settings
from .dates import DATE_PATTERN, is_weekday, iso_date
from .decode import (
    BINARY,
    EMPTY,
    SNIFF_BYTES,
    UNDECODABLE,
    bom_encoding,
    decode_bytes,
    looks_binary,
    normalise_text,
    text_from_bytes,
    utf16_without_bom,
)
from .language import detect_lang
from .sources import Kind

_TITLE_MAX_CHARS = 200
_HEADER_CHARS = 4096  # a text file's title and byline are looked for only this far in
_BYLINE_MAX_CHARS = 160
_OUTLET_MAX_CHARS = 80
_BYLINE_DATE = re.compile(rf"(?:{DATE_PATTERN})\s*$")
_BYLINE_SEPARATOR_CHARS = "-—–|·,:"
_BYLINE_SEPARATOR = re.compile(r"\s+-\s+|\s*[,|·—–:]\s*")
_BYLINE_LABELS = frozenset({"published", "updated", "posted", "date", "dated"})
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
_DECLARED_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?([\w.:-]+)|<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*?(/?)>")
# Elements that never hold others, or whose end tag may be left out (the next one closes them).
_VOID_OR_OPTIONAL_END = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rtc rp "
    "html head body".split()
)
_LOOKS_HTML = re.compile(
    r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)


def item_from_bytes(data: bytes, kind: Kind, source: str, settings: Settings) -> Document | Page:
    """A whole text file as one document, or an HTML file as a page, its id being the name it
    was read by."""
    if kind == "html":
        return Page(source, data, id=source)
    document = text_document(text_from_bytes(data, source), source)
    check_unicode(document.text, source)
    check_length(document.text, source, settings)
    return document


def document_from_page(page: Page, settings: Settings) -> Document:
    """The page's article text and metadata, as one document; InputError when it has none."""
    declared = _declared_charset(page.data[:SNIFF_BYTES])
    html = text_from_bytes(page.data, page.source, declared)
    check_depth(html, page.source, settings)
    document = html_document(html, page.source)
    check_unicode(document.text, page.source)
    check_length(document.text, page.source, settings)
    return replace(document, id=page.id, url=document.url or page.url, page_sha256=page.sha256)


def sniff_kind(head: bytes) -> Kind:
    """JSON Lines if the data opens with `{`, HTML if it opens with a tag of a page, else text."""
    sample = head.decode(bom_encoding(head) or "utf-8", errors="ignore")
    sample = sample.removeprefix("\ufeff").lstrip()
    if sample.startswith("{"):
        return "jsonl"
    return "html" if _LOOKS_HTML.match(sample) else "text"


def check_length(text: str, source: str, settings: Settings, prefix: str = "") -> None:
    """InputError when a text is shorter than `min_document_chars`, not counting outer spaces."""
    chars = len(text.strip())
    if chars < settings.min_document_chars:
        raise InputError(
            source,
            f"{prefix}too short ({chars} characters < min_document_chars "
            f"{settings.min_document_chars})",
        )


def too_large(size: int | None, limit: int) -> str:
    """The reason for skipping an oversized input; `size` None when it was not read to the end."""
    limit_shown = _size(limit)
    if size is None:
        return f"too large (more than the {limit_shown} limit; raise max_document_bytes)"
    shown = _size(size)
    if shown == limit_shown:  # "5.0 MB > 5.0 MB" would read as a contradiction
        shown, limit_shown = f"{size:,} bytes", f"{limit:,} bytes"
    return f"too large ({shown} > {limit_shown} limit; raise max_document_bytes)"


def normalise_lang(value: object, text: str = "") -> str:
    """The primary language subtag, lowercased ("en-GB" → "en"); when none is given, the
    language `text` is written in; "en" when that cannot be told either."""
    if isinstance(value, str):
        primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
        if primary:
            return primary
    return (detect_lang(text) if text.strip() else None) or "en"


# --- plain text ---------------------------------------------------------------------


def text_document(text: str, source: str) -> Document:
    """The whole file as the text; a short first line is the title, a second may be a byline."""
    lines = _header_lines(text)
    title = _title(lines[0]) if lines else None
    outlet, published = parse_byline(lines[1]) if len(lines) > 1 else (None, None)
    return Document(
        id=source,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        lang=normalise_lang(None, text),
        source=source,
    )


def parse_byline(line: str) -> tuple[str | None, str | None]:
    """(outlet, YYYY-MM-DD) from "Reuters — 2025-03-14" or "By Jo Roe, AP, 14 March 2025".

    Only a line that ends in a date set off by a separator counts, so an ordinary sentence
    ending in a date is not taken for a byline.
    """
    match = _BYLINE_DATE.search(line) if len(line) <= _BYLINE_MAX_CHARS else None
    published = iso_date(match.group()) if match else None
    if match is None or published is None:
        return None, None
    rest = line[: match.start()].rstrip()
    if rest and rest[-1] not in _BYLINE_SEPARATOR_CHARS:
        return None, None
    rest = rest.rstrip(_BYLINE_SEPARATOR_CHARS + " ")
    names = [part.strip() for part in _BYLINE_SEPARATOR.split(rest) if part.strip()]
    names = [name for name in names if not _is_byline_label(name)]
    outlet = names[-1] if names and len(names[-1]) <= _OUTLET_MAX_CHARS else None
    return outlet, published


def _header_lines(text: str) -> list[str]:
    """The first two non-blank lines, stripped, looking only at the start of the text."""
    pieces = text[:_HEADER_CHARS].split("\n")
    if len(text) > _HEADER_CHARS:
        pieces.pop()  # may be cut mid-line
    return [line.strip() for line in pieces if line.strip()][:2]


def _title(line: str) -> str | None:
    """A short first line without a final period is a headline (a Markdown `#` is dropped)."""
    title = line.lstrip("#").strip()
    if title and len(title) < _TITLE_MAX_CHARS and not title.endswith("."):
        return title
    return None


def _is_byline_label(part: str) -> bool:
    """An author ("By Jo Roe"), a label ("Published") or a weekday: not the outlet."""
    lowered = part.lower()
    return lowered.startswith("by ") or lowered in _BYLINE_LABELS or is_weekday(lowered)


# --- HTML ---------------------------------------------------------------------------


def html_document(html: str, source: str) -> Document:
    """The page's main text and metadata as trafilatura finds them, without nav and footers."""
    page = _extract_page(html, source)
    text = normalise_text(page.text) if page is not None and page.text else ""
    if page is None or not text.strip():
        raise InputError(source, "no article text found in HTML")
    return Document(
        id=source,
        text=text,
        url=_clean(page.url),
        outlet=_clean(page.sitename),
        title=_clean(page.title),
        published=iso_date(page.date) if isinstance(page.date, str) else None,
        lang=normalise_lang(page.language or _html_lang(html), text),
        source=source,
    )


def check_depth(html: str, source: str, settings: Settings) -> None:
    """InputError when elements nest deeper than `max_html_depth`, found by counting tags
    before any parser sees the page: lxml would truncate it, and nesting is how a page makes
    a parser recurse."""
    depth = deepest = 0
    limit = settings.max_html_depth
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_OR_OPTIONAL_END or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                raise InputError(
                    source,
                    f"HTML nested too deeply (more than max_html_depth {limit} elements)",
                )


def _extract_page(html: str, source: str) -> ExtractedPage | None:
    try:
        page = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except RecursionError as err:
        raise InputError(source, "HTML nested too deeply to parse") from err
    except (LxmlError, ValueError) as err:  # lxml's parser errors; trafilatura's own on odd markup
        raise InputError(source, f"malformed HTML: {_one_line(str(err))}") from err
    return page if isinstance(page, ExtractedPage) else None


def _declared_charset(head: bytes) -> str | None:
    """The charset a page declares in a meta tag or XML declaration, if any."""
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _html_lang(html: str) -> str | None:
    match = _HTML_LANG.search(html[:SNIFF_BYTES])
    return match.group(1) if match else None


# --- JSON Lines ---------------------------------------------------------------------


def jsonl_documents(
    stream: BinaryIO, head: bytes, source: str, settings: Settings
) -> Iterator[Document | SkippedInput]:
    """One document a line; a bad line becomes a SkippedInput ("path:LINE") and reading goes on.

    `head` is the stream's first bytes, already read to check it is UTF-8 text.
    """
    encoding = bom_encoding(head) or utf16_without_bom(head)
    if encoding is not None and encoding.startswith(("utf-16", "utf-32")):
        shown = encoding[:6].upper()
        raise InputError(
            source, f"JSON Lines must be UTF-8, not {shown}; re-save the file as UTF-8"
        )
    if looks_binary(head):
        raise InputError(source, BINARY)
    seen_a_line = False
    for number, raw in _numbered_lines(stream, settings.max_document_bytes):
        if raw is not None and not raw.strip():
            continue
        seen_a_line = True
        try:
            yield _jsonl_document(raw, number, source, settings)
        except InputError as err:
            yield SkippedInput(err.source, err.reason)
    if not seen_a_line:
        raise InputError(source, EMPTY)


def _numbered_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Lines numbered from 1, the first without a UTF-8 BOM; None for a line over `limit` bytes.

    An oversized line is skipped in chunks, so it is never held in memory whole.
    """
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if line == b"\n":
            number += _skip_blank_lines(stream)
            continue
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(SNIFF_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line.removeprefix(codecs.BOM_UTF8) if number == 1 else line


def _skip_blank_lines(stream: BinaryIO) -> int:
    """Pass over a run of empty lines a buffer at a time, returning how many: 150 MB of them
    (a few kB compressed) would otherwise cost a readline call each."""
    peek = getattr(stream, "peek", None)
    skipped = 0
    while peek is not None and (buffered := peek(SNIFF_BYTES)):
        run = len(buffered) - len(buffered.lstrip(b"\n"))
        if run == 0:
            break
        stream.read(run)
        skipped += run
    return skipped


def _jsonl_document(raw: bytes | None, number: int, source: str, settings: Settings) -> Document:
    where = f"{source}:{number}"
    prefix = f"line {number}: "
    if raw is None:
        raise InputError(where, prefix + too_large(None, settings.max_document_bytes))
    record = _json_object(raw, where, prefix)
    text = _text_field(record, where, prefix)
    check_length(text, where, settings, prefix)
    published = record.get("published")
    return Document(
        id=_document_id(record.get("id"), where, prefix),
        text=text,
        url=_clean(record.get("url")),
        outlet=_clean(record.get("outlet")),
        title=_clean(record.get("title")),
        published=iso_date(published) if isinstance(published, str) else None,
        lang=normalise_lang(record.get("lang"), text),
        source=where,
    )


def _json_object(raw: bytes, where: str, prefix: str) -> dict[str, Any]:
    """The line parsed as a JSON object, or InputError saying what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line = decode_bytes(raw, where)
        except InputError:
            raise InputError(where, prefix + UNDECODABLE) from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        # valid JSON parses with or without a final newline, so a failing unterminated
        # last line is most likely a file cut off mid-write
        hint = "" if raw.endswith(b"\n") else " (the last line looks cut off)"
        reason = f"{err.msg[:1].lower()}{err.msg[1:]} (column {err.colno})"
        raise InputError(where, f"{prefix}not JSON{hint}: {reason}") from err
    except RecursionError as err:
        raise InputError(where, f"{prefix}not JSON: nested too deeply") from err
    except ValueError as err:  # an integer of more digits than Python converts (4,300)
        raise InputError(where, f"{prefix}a number too long to read (over 4,300 digits)") from err
    if not isinstance(record, dict):
        raise InputError(where, f"{prefix}not a JSON object but {_json_type(record)}")
    return record


def _text_field(record: dict[str, Any], where: str, prefix: str) -> str:
    text = record.get("text")
    if text is None:
        raise InputError(where, prefix + "missing text")
    if not isinstance(text, str):
        raise InputError(where, f"{prefix}text is {_json_type(text)}, not a string")
    check_unicode(text, where, prefix)
    text = normalise_text(text)
    if not text.strip():
        raise InputError(where, prefix + "empty text")
    return text


def _document_id(value: object, where: str, prefix: str) -> str:
    """The line's own id as a string, or "path:LINE" when it has none.

    A number is taken as written; an object, list or true/false would become an id nobody
    could type back, so the line is refused.
    """
    if value is None or value == "":
        return where
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(where, f"{prefix}id is {_json_type(value)}, not a string or number")
    if isinstance(value, str):
        check_unicode(value, where, prefix, "id")
        return value
    return str(value)


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    names = {dict: "an object", list: "a list", str: "a string", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# --- shared -------------------------------------------------------------------------


def _clean(value: object) -> str | None:
    """A metadata string, NFC and stripped, with what no ledger can store (NUL, lone
    surrogates) dropped; None for anything blank or not a string."""
    if isinstance(value, str):
        value = _UNSTORABLE.sub("", value)
        if value.strip():
            return normalise_text(value).strip()
    return None


def check_unicode(text: str, source: str, prefix: str = "", field: str = "text") -> None:
    """InputError for a text no ledger can store as it is: a lone surrogate (JSON can
    spell one, "\\ud800", but it is no character) or NUL, which PostgreSQL refuses; the
    record is skipped on either backend rather than changed behind the reader's back."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return
    char = found.group()
    what = "a NUL character" if char == "\0" else "a lone surrogate, not valid Unicode"
    raise InputError(
        source, f"{prefix}{field} holds {what} (U+{ord(char):04X}) at offset {found.start():,}"
    )


def _size(size: int) -> str:
    """A byte count as people read it: "52.4 MB", "12.0 kB", "300 bytes"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def _one_line(text: str) -> str:
    return " ".join(text.split())
