"""Web archives (WARC, plain or gzipped per record): each HTML response is one document.

Records are streamed one at a time; each HTML response is a `Page` that goes through the
same HTML path as an .html file, wherever the caller chooses: here or on a cluster's
workers. Requests, metadata, redirects and non-HTML responses are no articles and are
passed over in silence. A corrupt record is one `SkippedInput`; reading starts again at the
next record boundary, so one bad record costs one record, not the rest of the archive.
"""

from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from ..model import Page, SkippedInput
from ..settings import Settings
from .readers import too_large

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CORRUPT = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, ValueError, EOFError)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"\nWARC/1."
_SCAN_BYTES = 1 << 16
_DEFLATE_MAX_RATIO = 1032  # the most deflate can expand: a longer record cannot fit
_TRUNCATED = "truncated: the file ends inside this record; the records before it are kept"


def warc_pages(
    file: BinaryIO, label: str, settings: Settings
) -> Iterator[Page | SkippedInput]:
    """The HTML responses of a WARC file as pages, labelled "file.warc.gz#record-N"."""
    number = 0  # of the last record read, counting every record in the file
    reported = 0  # the last record already reported as unreadable
    offset: int | None = 0
    size = os.fstat(file.fileno()).st_size
    gzipped = _is_gzip(file)
    while offset is not None:
        file.seek(offset)
        records = ArchiveIterator(file)
        read_here = False
        while True:
            try:
                with contextlib.redirect_stderr(io.StringIO()) as warned:
                    record = next(records, None)
                if warned.getvalue() and number != reported:  # the last record's length was off
                    yield SkippedInput(f"{label}#record-{number}", _corrupt(warned.getvalue()))
                if record is None:
                    if gzipped and _cut_short(file, offset):
                        yield SkippedInput(f"{label}#record-{number + 1}", _TRUNCATED)
                    return
                number, read_here, offset = number + 1, True, records.offset
                overlong = _overlong(record, size - records.offset, gzipped)
                if overlong is not None:
                    yield SkippedInput(f"{label}#record-{number}", overlong)
                    offset = _next_record_start(file, records.offset + 1)
                    break
                item = _record_item(record, f"{label}#record-{number}", settings)
            except _CORRUPT as err:
                # a failure before the next record parsed belongs to the last one read
                if not (read_here and records.member_info is None):
                    number += 1
                yield SkippedInput(f"{label}#record-{number}", _corrupt(err))
                offset = _next_record_start(file, records.offset + 1)
                break
            if isinstance(item, SkippedInput):
                reported = number
            if item is not None:
                yield item


def _overlong(record: ArcWarcRecord, remaining: int, gzipped: bool) -> str | None:
    """Why a record's Content-Length cannot be true: more than the rest of the file holds
    (or, gzipped, could hold at deflate's best ratio). Believed, it would swallow the records
    after it as its content."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():
        return None  # _record_item says so
    limit = remaining * _DEFLATE_MAX_RATIO if gzipped else remaining
    if int(length) <= limit:
        return None
    return (
        f"corrupt WARC record (Content-Length {int(length):,} is more than the file holds); "
        "the rest of the file is read"
    )


def _cut_short(file: BinaryIO, offset: int) -> bool:
    """Whether a .warc.gz ends inside a gzip member, after the record at `offset`: warcio
    stops there in silence, as if the archive were whole."""
    file.seek(offset)
    member, started = zlib.decompressobj(wbits=31), False
    while chunk := file.read(_SCAN_BYTES):
        while chunk:
            try:
                member.decompress(chunk, _SCAN_BYTES)  # the output is dropped, bounded per call
            except zlib.error:
                return False  # corrupt, not cut: reading the record reports that
            chunk, started = member.unconsumed_tail, True
            if member.eof:
                chunk += member.unused_data
                member, started = zlib.decompressobj(wbits=31), False
    return started


def _record_item(
    record: ArcWarcRecord, source: str, settings: Settings
) -> Page | SkippedInput | None:
    """The record's page, a SkippedInput if it cannot be read, or None if it is no page at
    all."""
    length = record.rec_headers.get_header("Content-Length") or ""
    if record.rec_type is None or not length.strip().isdigit():
        return SkippedInput(source, "corrupt WARC record (no WARC-Type or Content-Length)")
    headers = record.http_headers
    if record.rec_type != "response" or headers is None:
        return None
    media_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if not headers.get_statuscode().startswith("2") or media_type not in _HTML_TYPES:
        return None
    limit = settings.max_document_bytes
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return SkippedInput(source, too_large(None, limit))
    uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header(
        "WARC-Record-ID"
    )
    return Page(source, data, id=uri or source, url=uri)


def _is_gzip(file: BinaryIO) -> bool:
    """Whether the archive is gzipped (record by record), by its first bytes."""
    file.seek(0)
    return file.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC


def _next_record_start(file: BinaryIO, position: int) -> int | None:
    """Where the next record may begin at or after `position`: a gzip member in a .warc.gz,
    a "WARC/1." line in a plain WARC; None at the end of the file."""
    gzipped = _is_gzip(file)
    marker, skip = (_GZIP_MAGIC, 0) if gzipped else (_WARC_START, 1)
    file.seek(position)
    carried = b""
    while chunk := file.read(_SCAN_BYTES):
        window = carried + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carried) + found + skip
        carried = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def _corrupt(err: Exception | str) -> str:
    """The reason, cut short and stripped of the undecodable bytes a broken record shows."""
    printable = "".join(char for char in str(err) if char.isascii() and char.isprintable())
    detail = " ".join(printable.split())[:80] or type(err).__name__
    return f"corrupt WARC record ({detail}); the rest of the file is read"
