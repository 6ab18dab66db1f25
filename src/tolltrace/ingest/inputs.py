"""The ingest entry points: what the user named, read lazily into documents and skips.

Files are listed when `read_inputs` is called and read only as its iterator is consumed,
one at a time; every problem with one input is a `SkippedInput`, never an exception.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Document, Page, SkippedInput
from ..settings import Settings
from .decode import SNIFF_BYTES
from .readers import (
    document_from_page,
    item_from_bytes,
    jsonl_documents,
    sniff_kind,
    too_large,
)
from .sources import STDIN, Source, describe_os_error, expand_inputs
from .streams import compressed_documents
from .warc import warc_pages

VANISHED = "vanished before it could be read"


def read_inputs(
    inputs: Iterable[str], settings: Settings, *, pages: bool = False
) -> Iterator[Document | Page | SkippedInput]:
    """Documents from paths, directories, globs and "-" (stdin), in order, with a SkippedInput
    for each input, or JSON line, that cannot be read. With `pages`, HTML comes as `Page`s
    for the caller to turn into documents (`parse_page`) where it likes."""
    planned = list(expand_inputs(inputs))
    items = _read_planned(planned, settings)
    return items if pages else _pages_read_here(items, settings)


def count_inputs(inputs: Iterable[str]) -> int:
    """How many files the inputs expand to ("-" counts as one): a progress bar's total."""
    return sum(isinstance(item, Source) for item in expand_inputs(inputs))


def parse_page(page: Page, settings: Settings) -> Document | SkippedInput:
    """The page's article text as a document, or why it has none."""
    try:
        return document_from_page(page, settings)
    except InputError as err:
        return SkippedInput(err.source, err.reason)


def _pages_read_here(
    items: Iterator[Document | Page | SkippedInput], settings: Settings
) -> Iterator[Document | SkippedInput]:
    for item in items:
        yield parse_page(item, settings) if isinstance(item, Page) else item


def _read_planned(
    planned: list[Source | SkippedInput], settings: Settings
) -> Iterator[Document | Page | SkippedInput]:
    for item in planned:
        if isinstance(item, SkippedInput):
            yield item
        else:
            yield from _read_source(item, settings)


def _read_source(source: Source, settings: Settings) -> Iterator[Document | Page | SkippedInput]:
    try:
        if source.path is None:
            yield from _read_stdin(settings)
        elif source.kind == "warc" or source.compression is not None:
            yield from _read_stream(source.path, source, settings)
        elif source.kind == "jsonl":
            yield from _read_jsonl_file(source.path, source.label, settings)
        else:
            data = _read_file(source.path, source.label, settings.max_document_bytes)
            yield item_from_bytes(data, source.kind, source.label, settings)
    except InputError as err:
        yield SkippedInput(err.source, err.reason)


def _read_file(path: Path, label: str, limit: int) -> bytes:
    """A file's bytes, its size checked before reading so an oversized file is never read."""
    size = _regular_file_size(path, label)
    if size > limit:
        raise InputError(label, too_large(size, limit))
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as err:
        raise InputError(label, _reason(err)) from err
    if len(data) > limit:  # it grew after the check
        raise InputError(label, too_large(None, limit))
    return data


def _read_jsonl_file(
    path: Path, label: str, settings: Settings
) -> Iterator[Document | SkippedInput]:
    _regular_file_size(path, label)
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
            file.seek(0)
            yield from jsonl_documents(file, head, label, settings)
    except OSError as err:
        raise InputError(label, _reason(err)) from err


def _read_stream(
    path: Path, source: Source, settings: Settings
) -> Iterator[Document | Page | SkippedInput]:
    """A WARC or compressed file, read record by record or line by line as it decompresses."""
    _regular_file_size(path, source.label)
    try:
        with open(path, "rb") as file:
            if source.kind == "warc":
                yield from warc_pages(file, source.label, settings)
            elif source.compression is not None:
                yield from compressed_documents(
                    file, source.kind, source.compression, source.label, settings
                )
    except OSError as err:
        raise InputError(source.label, _reason(err)) from err


def _read_stdin(settings: Settings) -> Iterator[Document | Page | SkippedInput]:
    """Standard input in whichever format its first bytes show; JSON Lines stay streamed."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(STDIN, "standard input is not available")
    head = stream.read(SNIFF_BYTES)
    kind = sniff_kind(head)
    if kind == "jsonl":
        replayed = io.BufferedReader(_Replay(head, stream))
        yield from jsonl_documents(replayed, head, STDIN, settings)
        return
    limit = settings.max_document_bytes
    data = head + stream.read(max(limit + 1 - len(head), 0))
    if len(data) > limit:
        raise InputError(STDIN, too_large(None, limit))
    yield item_from_bytes(data, kind, STDIN, settings)


def _regular_file_size(path: Path, label: str) -> int:
    """The size of a regular file; InputError for anything else, which could block or mislead."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise InputError(label, _reason(err)) from err
    if not stat.S_ISREG(info.st_mode):
        raise InputError(label, "not a regular file")
    return info.st_size


def _reason(err: OSError) -> str:
    """Listing found the file, so a file missing now has vanished rather than never existed."""
    return VANISHED if isinstance(err, FileNotFoundError) else describe_os_error(err)


class _Replay(io.RawIOBase):
    """A stream's first bytes, already read to sniff its format, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._head[: len(buffer)] if self._head else self._rest.read(len(buffer))
        self._head = self._head[len(chunk) :]
        buffer[: len(chunk)] = chunk
        return len(chunk)
