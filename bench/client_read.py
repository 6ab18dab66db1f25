"""How fast one ingest client reads, against how fast one worker extracts.

    .venv/bin/python bench/client_read.py [--n 2000] [--words 600] [--quick] [--json PATH]

In a distributed ingest the client reads every input and hashes each text, or each raw
HTML page, before any worker sees it, so at some number of workers the client, not the
model, sets the pace. This script measures that number on one core: the same generated
articles stored as a WARC.gz of HTML pages (with the navigation, sidebars, scripts and
footers a news site wraps around an article) and as a .jsonl.gz of texts, each read back as
an ingest client reads them and hashed; then the pages parsed into texts (trafilatura: in a
single-process run the client does it, on a cluster the workers do) and the texts
extracted with `tolltrace.extract`. Reading rate / a worker's rate is how many
single-threaded workers one client keeps busy.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core for the extraction baseline too

import argparse
import gzip
import html
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import tolltrace
from corpus import generate_articles
from tolltrace.ingest import read_inputs

SECTIONS = ("World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion", "Video")


def page(document: tolltrace.Document, index: int) -> str:
    """A news page: the article inside the boilerplate a site adds around it."""
    head, _, body = document.text.partition("\n")
    paragraphs = "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p.strip()
    )
    nav = " ".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    related = "".join(
        f'<li><a href="/story/{index + k}">More coverage: story {index + k} of the week</a></li>'
        for k in range(1, 9)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(head)} | {html.escape(document.outlet or "News")}</title>
<script>window.analytics = {{page: {index}, section: "world"}};</script>
<style>body {{ font-family: serif; }} .ad {{ height: 250px; }}</style></head>
<body><header><a class="logo" href="/">{html.escape(document.outlet or "News")}</a>
<nav><ul>{nav}</ul></nav><form action="/search"><input name="q"></form></header>
<div class="ad">Advertisement</div>
<main><article><h1>{html.escape(head)}</h1>
<p class="byline">By Staff Reporter, published {document.published}</p>
{paragraphs}
</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>
<footer><p>Copyright {document.outlet}. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
<script>document.querySelectorAll(".ad").forEach(function (el) {{ el.remove(); }});</script>
</body></html>"""


def write_warc(path: Path, documents: Sequence[tolltrace.Document]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for index, document in enumerate(documents):
            body = page(document, index).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            url = f"https://news.example/story/{index}"
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )


def write_jsonl_gz(path: Path, documents: Sequence[tolltrace.Document]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for document in documents:
            row = {"id": document.id, "text": document.text, "outlet": document.outlet}
            out.write(json.dumps({**row, "published": document.published}) + "\n")


def timed(run: Callable[[], int]) -> tuple[int, float]:
    """(items, CPU seconds) of one run."""
    started = time.process_time()
    items = run()
    return items, time.process_time() - started


def read_and_hash(path: Path) -> int:
    """What a cluster's client does: pages stay pages, hashed as raw bytes."""
    items = read_inputs([str(path)], tolltrace.Settings(), pages=True)
    return sum(1 for item in items if not isinstance(item, tolltrace.SkippedInput) and item.sha256)


def read_parse_and_hash(path: Path) -> int:
    """What a single-process run does: every page parsed into a text, the text hashed."""
    return sum(1 for document in tolltrace.read_documents([str(path)]) if document.sha256)


def run(args: argparse.Namespace) -> dict[str, Any]:
    documents = generate_articles(args.n, words=args.words)
    with tempfile.TemporaryDirectory(prefix="tolltrace-read-") as tmp:
        warc, jsonl = Path(tmp) / "pages.warc.gz", Path(tmp) / "texts.jsonl.gz"
        write_warc(warc, documents)
        write_jsonl_gz(jsonl, documents)
        sizes = {"warc_gz_mb": warc.stat().st_size / 1e6, "jsonl_gz_mb": jsonl.stat().st_size / 1e6}
        pages, warc_seconds = timed(lambda: read_and_hash(warc))
        parsed, parse_seconds = timed(lambda: read_parse_and_hash(warc))
        texts, jsonl_seconds = timed(lambda: read_and_hash(jsonl))
    sample = documents[: args.extract_n]
    list(tolltrace.extract(sample[:8]))  # loads the pipeline
    extracted, extract_seconds = timed(lambda: sum(1 for _ in tolltrace.extract(sample)))
    return {
        "date": date.today().isoformat(),
        "command": " ".join([".venv/bin/python", "bench/client_read.py", *sys.argv[1:]]),
        "articles": args.n,
        "words": args.words,
        **sizes,
        "warc_pages": pages,
        "warc_per_cpu_second": pages / warc_seconds,
        "warc_parsed_per_cpu_second": parsed / parse_seconds,
        "parse_seconds_per_page": (parse_seconds - warc_seconds) / parsed,
        "jsonl_per_cpu_second": texts / jsonl_seconds,
        "extract_per_cpu_second": extracted / extract_seconds,
        "extracted": extracted,
    }


def report(result: dict[str, Any]) -> str:
    extract = result["extract_per_cpu_second"]
    # a worker given pages parses each one before extracting from it
    page_worker = 1 / (1 / extract + result["parse_seconds_per_page"])
    rows = [
        f"client reading {result['date']}  ({result['articles']:,} generated "
        f"{result['words']}-word articles; CPU time in one process)",
        "",
        "| pass | items | per CPU-second | workers one client feeds |",
        "|---|---:|---:|---:|",
        f"| read + hash pages, WARC.gz of HTML ({result['warc_gz_mb']:.1f} MB): "
        f"a cluster's client | {result['warc_pages']:,} | {result['warc_per_cpu_second']:,.0f} "
        f"| {result['warc_per_cpu_second'] / page_worker:,.0f} |",
        f"| read + parse + hash texts, the same WARC.gz: a client that parses "
        f"| {result['warc_pages']:,} | {result['warc_parsed_per_cpu_second']:.0f} "
        f"| {result['warc_parsed_per_cpu_second'] / extract:.1f} |",
        f"| read + hash, .jsonl.gz of texts ({result['jsonl_gz_mb']:.1f} MB) "
        f"| {result['articles']:,} | {result['jsonl_per_cpu_second']:,.0f} "
        f"| {result['jsonl_per_cpu_second'] / extract:,.0f} |",
        f"| tolltrace.extract (the baseline: one worker) | {result['extracted']:,} "
        f"| {extract:.0f} | 1 |",
        f"| parse + extract (one worker given pages) | | {page_worker:.0f} | |",
        "",
        f"parsing a page: {result['parse_seconds_per_page'] * 1000:.1f} ms",
        f"rerun: {result['command']}",
    ]
    if result["warc_pages"] != result["articles"]:
        rows.insert(1, f"WARNING: {result['warc_pages']} of {result['articles']} pages read")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, help="articles (2000; --quick 200)")
    parser.add_argument("--words", type=int, default=600, help="words per article (600)")
    parser.add_argument("--extract-n", type=int, help="articles extracted (500; --quick 60)")
    parser.add_argument("--quick", action="store_true", help="a smoke check")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results")
    args = parser.parse_args(argv)
    args.n = args.n or (200 if args.quick else 2000)
    args.extract_n = min(args.extract_n or (60 if args.quick else 500), args.n)
    result = run(args)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
