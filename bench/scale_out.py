"""Scale-out: the same corpus ingested with 1 and then 2 Dask workers, in one run.

    .venv/bin/python bench/scale_out.py [--n 1000] [--words 600] [--quick] [--json PATH]

Why both in one run: the speed-up is a ratio of two timings taken minutes apart on the same
machine, the same articles and the same code path (`ClusterExtractor` feeding one SQLite
writer, as `tolltrace ingest --workers N` does). The pipeline is loaded on every worker
before the clock starts. Each run also reports where the workers' time went: extraction
measured inside the batch, and the rest (shipping batches and claims, scheduling, waiting
for the single writer), plus the writer's own seconds. It also measures, on the ledger it
builds, the bytes a document and a claim take, for the paper estimate in docs/scaling.md.
The target (>= 1.7x on 2 workers) is reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from distributed import Client, LocalCluster

from client_read import page
from corpus import generate_articles
from tolltrace import Document, Ledger, Page, Settings
from tolltrace.scale import ClusterExtractor

TARGET_SPEED_UP = 1.7


@dataclass
class Run:
    """One ingest of the corpus on `workers` workers."""

    workers: int
    articles: int
    claims: int
    seconds: float
    extracting: float  # summed over workers, inside the batches
    writing: float  # the client's writer

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def outside_extraction(self) -> float:
        """The share of worker time not spent extracting: serialisation, scheduling, waiting."""
        return 1 - self.extracting / (self.seconds * self.workers)


def ingest_on(workers: int, documents: Sequence[Document | Page], db: Path) -> Run:
    settings = Settings()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        extractor = ClusterExtractor(client, settings)  # loads the pipeline on every worker
        claims = 0
        writing = 0.0
        started = time.perf_counter()
        with Ledger(db) as ledger:
            for document, found in extractor.extract(documents):
                before = time.perf_counter()
                ledger.add_document(document, found)
                writing += time.perf_counter() - before
                claims += len(found)
        seconds = time.perf_counter() - started
    return Run(workers, len(documents), claims, seconds, extractor.timings.extracting, writing)


def ledger_bytes(db: Path) -> dict[str, float]:
    """Bytes per document (row, text, indexes) and per claim, from SQLite's page statistics."""
    with sqlite3.connect(db) as conn:
        conn.execute("VACUUM")
        owners = dict(conn.execute("SELECT name, tbl_name FROM sqlite_master"))
        pages = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        text = conn.execute("SELECT SUM(length(CAST(text AS BLOB))) FROM documents").fetchone()[0]
    by_table: dict[str, int] = {}
    for name, size in pages:
        table = owners.get(name, name)
        by_table[table] = by_table.get(table, 0) + size
    return {
        "per_document": by_table.get("documents", 0) / documents,
        "text_per_document": text / documents,
        "per_claim": by_table.get("claims", 0) / claims,
        "claims_per_document": claims / documents,
        "file_per_document": db.stat().st_size / documents,
    }


def report(runs: list[Run], sizes: dict[str, float], command: str, pages: bool) -> str:
    one, two = runs
    speed_up = two.per_second / one.per_second
    verdict = "met" if speed_up >= TARGET_SPEED_UP else "MISSED"
    given = "HTML pages, parsed on the workers" if pages else "texts"
    rows = [
        f"scale-out {date.today().isoformat()}  ({one.articles} articles as {given}, "
        f"{os.cpu_count()} CPUs, LocalCluster, 1 thread per worker, one SQLite writer)",
        "",
        "| workers | articles/s | seconds | claims | outside extraction | writer s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {r.workers} | {r.per_second:.1f} | {r.seconds:.1f} | {r.claims} "
        f"| {r.outside_extraction:.1%} | {r.writing:.2f} |"
        for r in runs
    ]
    rows += [
        "",
        f"speed-up on 2 workers: {speed_up:.2f}x (target >= {TARGET_SPEED_UP}x: {verdict})",
        f"per worker: {one.articles / one.extracting:.1f} articles per extraction-second",
        f"ledger: {sizes['per_document']:.0f} B per document "
        f"(text {sizes['text_per_document']:.0f} B), {sizes['per_claim']:.0f} B per claim, "
        f"{sizes['claims_per_document']:.2f} claims per document, "
        f"{sizes['file_per_document']:.0f} B of file per document",
        "",
        f"rerun: {command}",
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, help="articles (1000; --quick 200)")
    parser.add_argument("--words", type=int, default=600, help="words per article (600)")
    parser.add_argument("--quick", action="store_true", help="a smoke check: 200 articles")
    parser.add_argument(
        "--pages", action="store_true", help="send the articles as news pages (HTML) to parse"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results")
    args = parser.parse_args(argv)
    n = args.n or (200 if args.quick else 1000)
    documents = generate_articles(n, words=args.words)
    items: Sequence[Document | Page] = documents
    if args.pages:
        items = [
            Page(f"page-{i}", page(doc, i).encode(), id=doc.id) for i, doc in enumerate(documents)
        ]
    with tempfile.TemporaryDirectory(prefix="tolltrace-scale-") as tmp:
        runs = [ingest_on(w, items, Path(tmp) / f"{w}.db") for w in (1, 2)]
        sizes = ledger_bytes(Path(tmp) / "2.db")
    command = " ".join([".venv/bin/python", "bench/scale_out.py", *sys.argv[1:]])
    print(report(runs, sizes, command, args.pages))
    if args.json:
        results = {"runs": [asdict(r) for r in runs], "ledger_bytes": sizes}
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
