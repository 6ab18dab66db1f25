"""Compressed files read as streams: gzip and Zstandard, never decompressed whole.

A document is decompressed only up to `max_document_bytes` (plus one byte, to tell), so a
compression bomb costs that much memory and stops with a reason. Corrupt compressed data
ends the file with one `InputError`; the documents read before it are kept.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import zstandard

from ..errors import InputError
from ..model import Document, Page, SkippedInput
from ..settings import Settings
from .decode import SNIFF_BYTES
from .readers import item_from_bytes, jsonl_documents, too_large
from .sources import Compression, Kind

_CORRUPT = (gzip.BadGzipFile, EOFError, zlib.error, zstandard.ZstdError)


def compressed_documents(
    file: BinaryIO, kind: Kind, compression: Compression, label: str, settings: Settings
) -> Iterator[Document | Page | SkippedInput]:
    """Documents of a compressed JSON Lines or text file, decompressed as they are read."""
    stream = io.BufferedReader(_Decompressing(file, compression, label), SNIFF_BYTES)
    if kind == "jsonl":
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        yield from jsonl_documents(stream, head, label, settings)
        return
    limit = settings.max_document_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(label, "decompressed, " + too_large(None, limit))
    yield item_from_bytes(data, kind, label, settings)


class _Decompressing(io.RawIOBase):
    """The decompressed bytes of a file; corrupt data raises an InputError naming the file."""

    def __init__(self, file: BinaryIO, compression: Compression, label: str) -> None:
        super().__init__()
        self._label = label
        self._compression = compression
        self._inner: BinaryIO
        if compression == "gzip":
            self._inner = gzip.GzipFile(fileobj=file, mode="rb")
        else:
            reader = zstandard.ZstdDecompressor().stream_reader(file, read_across_frames=True)
            self._inner = reader  # type: ignore[assignment]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            return self._inner.readinto(buffer)  # type: ignore[attr-defined]
        except _CORRUPT as err:
            detail = " ".join(str(err).split()) or type(err).__name__
            raise InputError(
                self._label, f"corrupt {self._compression} data ({detail}); stopped reading here"
            ) from err
