"""Streaming input: WARC archives, gzip and Zstandard files, read a record or line at a time."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import tolltrace
from tolltrace.ingest import count_inputs, read_inputs, readers
from tolltrace.model import Document, SkippedInput
from tolltrace.settings import Settings
from tolltrace.store import Ledger
from warchelpers import html_warc

SETTINGS = Settings()

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav><a href="/">Home</a> <a href="/world">World navigation menu</a></nav>
<article><h1>{title}</h1>
<p>At least {n} people were killed when the river burst its banks on Thursday, officials said.</p>
<p>Rescue teams were still searching for 12 missing residents late into the night, according
to the regional governor, who called it the worst disaster in a generation.</p>
</article></body></html>"""


def page(n: int) -> bytes:
    return PAGE.format(title=f"{n} killed in flood", n=n).encode()


def jsonl(count: int) -> bytes:
    rows = (
        {"id": f"d{i}", "text": f"Report {i}: {i + 2} people were killed."} for i in range(count)
    )
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


def write_warc(path: Path, gzipped: bool, corrupt_record: int | None = None) -> Path:
    """warcinfo, a request, three HTML pages, an image, a redirect; one record garbled if asked."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)

    def response(uri: str, body: bytes, media_type: str, status: str = "200 OK") -> object:
        headers = StatusAndHeaders(status, [("Content-Type", media_type)], protocol="HTTP/1.1")
        return writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )

    request = StatusAndHeaders("GET /1 HTTP/1.1", [("Host", "a.example")], is_http_request=True)
    records = [
        writer.create_warcinfo_record(path.name, {"software": "tests"}),
        writer.create_warc_record(
            "https://a.example/1", "request", payload=io.BytesIO(b""), http_headers=request
        ),
        response("https://a.example/1", page(40), "text/html; charset=utf-8"),
        response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        response("https://a.example/2", page(50), "text/html"),
        response("https://a.example/old", b"<html>moved</html>", "text/html", "301 Moved"),
        response("https://a.example/3", page(60), "application/xhtml+xml"),
    ]
    starts = []
    for record in records:
        starts.append(out.tell())
        writer.write_record(record)
    data = bytearray(out.getvalue())
    if corrupt_record is not None:  # numbered from 1, like the labels
        start = starts[corrupt_record - 1]
        if gzipped:
            data[start : starts[corrupt_record]] = gzip.compress(b"WARX/1.0 garbled\r\n\r\n")
        else:
            data[start : start + 8] = b"WARX/1.0"
    path.write_bytes(bytes(data))
    return path


def read_all(paths: list[Path], settings: Settings = SETTINGS) -> list[Document | SkippedInput]:
    return list(read_inputs([str(p) for p in paths], settings))


def documents(items: list[Document | SkippedInput]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def skips(items: list[Document | SkippedInput]) -> list[SkippedInput]:
    return [item for item in items if isinstance(item, SkippedInput)]


# --- WARC ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_documents_and_the_rest_is_passed_over(
    tmp_path: Path, name: str
) -> None:
    path = write_warc(tmp_path / name, gzipped=name.endswith(".gz"))
    items = read_all([path])
    assert skips(items) == []
    label = path.as_posix()
    assert [(doc.id, doc.source) for doc in documents(items)] == [
        ("https://a.example/1", f"{label}#record-3"),
        ("https://a.example/2", f"{label}#record-5"),
        ("https://a.example/3", f"{label}#record-7"),
    ]
    first = documents(items)[0]
    assert first.url == "https://a.example/1"
    assert first.title == "40 killed in flood"
    assert "At least 40 people were killed" in first.text
    assert "navigation menu" not in first.text  # the same HTML path as an .html file


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_corrupt_record_is_one_skip_and_the_rest_is_read(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, gzipped=name.endswith(".gz"), corrupt_record=5)
    items = read_all([path])
    assert [doc.id for doc in documents(items)] == ["https://a.example/1", "https://a.example/3"]
    (skip,) = skips(items)
    assert skip.source == f"{path.as_posix()}#record-5"
    assert skip.reason.startswith("corrupt WARC record (")
    assert "\n" not in skip.reason


def test_warc_page_without_article_text_is_skipped_by_record(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://a.example/empty",
            "response",
            payload=io.BytesIO(b"<html><body></body></html>"),
            http_headers=headers,
        )
    )
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(out.getvalue())
    assert read_all([path]) == [
        SkippedInput(f"{path.as_posix()}#record-1", "no article text found in HTML")
    ]


def test_warc_pages_read_before_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page is known by the hash of its bytes before any parsing: re-ingesting a web
    archive (or an .html file) costs reading it, not taking every page apart again."""
    path = write_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "story.html").write_bytes(page(70))
    inputs = [str(path), str(tmp_path / "site")]
    db = tmp_path / "ledger.db"
    first = tolltrace.ingest(inputs, db)
    assert (first.added, first.unchanged, first.skipped) == (4, 0, [])

    def parse_refused(html: str, source: str) -> Document:
        raise AssertionError(f"{source} parsed again")

    monkeypatch.setattr(readers, "html_document", parse_refused)
    again = tolltrace.ingest(inputs, db)
    assert (again.added, again.unchanged, again.skipped) == (0, 4, [])


def test_a_second_capture_of_a_stored_article_is_one_document_with_both_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archives hold the same article captured twice with different bytes around it (a
    timestamp, an advert): its text is stored once, both pages point at it, and neither
    is parsed on the next run."""
    first_capture = page(40)
    second_capture = first_capture.replace(b"</body>", b"<!-- captured again --></body>")
    path = html_warc(
        tmp_path / "captures.warc.gz",
        [("https://a.example/1", first_capture), ("https://a.example/1", second_capture)],
    )
    db = tmp_path / "ledger.db"
    report = tolltrace.ingest([str(path)], db)
    assert (report.added, report.unchanged) == (1, 1)
    with Ledger(db) as ledger:
        (stored,) = ledger.documents()
        assert stored.page_sha256 == hashlib.sha256(first_capture).hexdigest()
        assert ledger.has_page(hashlib.sha256(second_capture).hexdigest())
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT doc_id, source FROM pages ORDER BY source").fetchall()
    label = path.as_posix()
    assert rows == [(stored.id, f"{label}#record-1"), (stored.id, f"{label}#record-2")]

    monkeypatch.setattr(readers, "html_document", None)  # any parse would fail loudly
    again = tolltrace.ingest([str(path)], db)
    assert (again.added, again.unchanged, again.skipped) == (0, 2, [])


# --- compressed JSON Lines and text -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "compress"),
    [
        ("d.jsonl.gz", gzip.compress),
        ("d.jsonl.zst", zstandard.ZstdCompressor().compress),
        ("d.ndjson.gz", gzip.compress),
    ],
)
def test_compressed_jsonl_reads_like_plain_jsonl(tmp_path: Path, name: str, compress) -> None:
    plain = tmp_path / "d.jsonl"
    plain.write_bytes(jsonl(50))
    packed = tmp_path / name
    packed.write_bytes(compress(jsonl(50)))
    expected = [(doc.id, doc.text) for doc in documents(read_all([plain]))]
    items = read_all([packed])
    assert [(doc.id, doc.text) for doc in documents(items)] == expected
    assert documents(items)[2].source == f"{packed.as_posix()}:3"


def test_gzipped_text_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"Headline\r\n\r\nForty killed.\r\n"))
    (doc,) = read_all([path])
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.text) == (
        path.as_posix(),
        "Headline",
        "Headline\n\nForty killed.\n",
    )


def test_gzip_bomb_stops_at_max_document_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 30_000_000))  # 30 MB in about 30 kB
    settings = Settings(max_document_bytes=1_000_000)
    assert read_all([path], settings) == [
        SkippedInput(
            path.as_posix(),
            "decompressed, too large (more than the 1.0 MB limit; raise max_document_bytes)",
        )
    ]


def test_gzipped_jsonl_oversized_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    big = json.dumps({"text": "x" * 3_000_000}).encode() + b"\n"
    path.write_bytes(gzip.compress(big + jsonl(2)))
    items = read_all([path], Settings(max_document_bytes=100_000))
    assert [doc.id for doc in documents(items)] == ["d0", "d1"]
    assert skips(items)[0].reason.startswith("line 1: too large")


def scrambled_jsonl(count: int) -> bytes:
    """JSON Lines that do not compress to nothing, so half the file is half the lines."""
    rows = (
        {"id": f"d{i}", "text": f"{i} killed. {i * 2654435761 % 2**32:08x}"} for i in range(count)
    )
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


def test_truncated_gzip_keeps_what_was_read_and_says_so(tmp_path: Path) -> None:
    whole = gzip.compress(scrambled_jsonl(20_000))
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = read_all([path])
    assert len(documents(items)) > 1_000
    (skip,) = skips(items)
    assert skip.source == path.as_posix()
    assert skip.reason.startswith("corrupt gzip data (Compressed file ended")


def test_truncated_zstd_reports_the_cut_line(tmp_path: Path) -> None:
    # zstandard's stream reader ends quietly at a cut, so the cut-off line is what shows it
    whole = zstandard.compress(scrambled_jsonl(20_000))
    path = tmp_path / "d.jsonl.zst"
    path.write_bytes(whole[: len(whole) // 2])
    items = read_all([path])
    assert len(documents(items)) > 1_000
    (skip,) = skips(items)
    assert "the last line looks cut off" in skip.reason


def test_not_actually_gzip_is_one_skip(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(jsonl(3))
    (skip,) = read_all([path])
    assert isinstance(skip, SkippedInput)
    assert skip.reason.startswith("corrupt gzip data (Not a gzipped file")


def test_directories_and_globs_pick_up_streamed_suffixes(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", gzipped=True)
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(jsonl(1)))
    (tmp_path / "c.jsonl.zst").write_bytes(zstandard.compress(jsonl(1)))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(b"Forty killed."))
    (tmp_path / "e.tar.gz").write_bytes(gzip.compress(b"not read"))
    (tmp_path / "f.gz").write_bytes(gzip.compress(b"not read"))
    assert count_inputs([str(tmp_path)]) == 4
    assert count_inputs([str(tmp_path / "*.gz")]) == 3
    sources = [item.source for item in read_all([tmp_path])]
    assert [Path(s).name for s in sources if s] == [
        "a.warc.gz#record-3",
        "a.warc.gz#record-5",
        "a.warc.gz#record-7",
        "b.jsonl.gz:1",
        "c.jsonl.zst:1",
        "d.txt.gz",
    ]


def test_unsupported_compressed_suffix_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "pages.html.gz"
    path.write_bytes(gzip.compress(page(1)))
    (skip,) = read_all([path])
    assert isinstance(skip, SkippedInput)
    assert skip.reason.startswith("unsupported file type '.gz'")
    assert ".warc.gz, .jsonl.gz, .ndjson.gz, .jsonl.zst" in skip.reason


# --- memory stays flat --------------------------------------------------------------


def live_peak(items: Iterator[Document | SkippedInput]) -> tuple[int, int]:
    """How many documents were read, and the most that were alive at once while reading."""
    alive: weakref.WeakSet[Document] = weakref.WeakSet()
    count = peak = 0
    for item in items:
        if isinstance(item, Document):
            alive.add(item)
            count += 1
            peak = max(peak, len(alive))
        del item
    return count, peak


@pytest.mark.parametrize("name", ["big.jsonl.gz", "big.jsonl.zst", "big.warc.gz"])
def test_streamed_files_hold_one_document_at_a_time(tmp_path: Path, name: str) -> None:
    """The property behind a flat memory curve: reading never keeps documents around, so
    10 times the documents hold no more of them at once."""
    results = []
    for count in (200, 2_000):
        path = tmp_path / f"{count}-{name}"
        if name.endswith(".warc.gz"):
            out = io.BytesIO()
            writer = WARCWriter(out, gzip=True)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            for i in range(count // 20):  # pages take longer: a tenth as many
                writer.write_record(
                    writer.create_warc_record(
                        f"https://a.example/{i}",
                        "response",
                        payload=io.BytesIO(page(i)),
                        http_headers=headers,
                    )
                )
            path.write_bytes(out.getvalue())
        elif name.endswith(".gz"):
            path.write_bytes(gzip.compress(jsonl(count)))
        else:
            path.write_bytes(zstandard.compress(jsonl(count)))
        results.append(live_peak(read_inputs([str(path)], SETTINGS)))
    (small, small_peak), (large, large_peak) = results
    assert large == 10 * small
    assert small_peak == large_peak == 1
