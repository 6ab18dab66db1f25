"""Web archives the tests write themselves: HTML responses in a WARC, gzipped per record."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def html_warc(path: Path, pages: list[tuple[str, bytes]]) -> Path:
    """One HTTP 200 text/html response record per (uri, body), in order."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
    for uri, body in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    path.write_bytes(out.getvalue())
    return path
