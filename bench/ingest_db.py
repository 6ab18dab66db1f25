"""Ledger writes: documents/s and claims/s stored into SQLite and PostgreSQL.

The articles are extracted once, before any timing; then the same documents and claims are
written into a fresh ledger on each backend with `Ledger.add_document`, one transaction per
document as `tolltrace ingest` does, and written again (every text already there: the
re-ingest path). Then 2 and 4 writer processes, each with its own share of the documents,
write into one fresh ledger at once, as sharded `tolltrace ingest` runs do: their combined
rate. PostgreSQL is the server at $TOLLTRACE_BENCH_POSTGRES, or else a throwaway
local cluster started as `.ci/run` starts one (Debian's `postgresql` package), or skipped.

    .venv/bin/python bench/ingest_db.py            # 1,000 articles
    .venv/bin/python bench/ingest_db.py --quick    # 150 articles

The table is printed and appended to docs/benchmarks.md under "Ledger writes".
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from datetime import date
from importlib.metadata import version
from pathlib import Path
from threading import Barrier

import sqlalchemy

from corpus import generate_articles
from tolltrace import Claim, Document, extract
from tolltrace.store import Ledger
from tolltrace.store.backend import parse_target

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADING = "## Ledger writes"
INTRO = f"""{HEADING}

`bench/ingest_db.py` extracts synthetic articles once, then times only the writes: the same
documents and claims stored with `Ledger.add_document` (one transaction per document, as
`tolltrace ingest` does) into a fresh SQLite file and a fresh PostgreSQL schema, then
written again when every text is already stored (a re-run of the same ingest); then 2 and 4
writer processes at once, each with its share of the documents, into one new ledger (as
sharded ingests write; their combined rate). PostgreSQL is `$TOLLTRACE_BENCH_POSTGRES`, or
a local cluster the script starts as `.ci/run` does.

```sh
.venv/bin/python bench/ingest_db.py            # 1,000 articles
.venv/bin/python bench/ingest_db.py --quick    # 150 articles
TOLLTRACE_BENCH_POSTGRES=postgresql://user@host/db .venv/bin/python bench/ingest_db.py
```
"""

Extracted = list[tuple[Document, list[Claim]]]
CONCURRENT_WRITERS = (2, 4)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_cluster() -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster on a free local port, as .ci/run starts one; None when
    Debian's postgresql is not installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        yield None
        return
    bin_dir = found[-1].parent
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    work = Path(tempfile.mkdtemp(prefix="tolltrace-pg."))
    if as_postgres:
        shutil.chown(work, "postgres")
    data, port = work / "data", free_port()

    def run(*command: str | Path) -> None:
        subprocess.run([*as_postgres, *map(str, command)], check=True, capture_output=True)

    try:
        run(bin_dir / "initdb", "-D", data, "-U", "tolltrace", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = f"-p {port} -k {work} -c listen_addresses=127.0.0.1"
        run(bin_dir / "pg_ctl", "-D", data, "-l", work / "server.log", "-w", "-o", options, "start")
        run(bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "tolltrace", "bench")
        yield f"postgresql://tolltrace@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def fresh_schema(server: str) -> Iterator[str]:
    """A new, empty schema on the server, dropped afterwards: the ledger URL to write to."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(parse_target(server)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = parse_target(server)[1].update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.set(drivername="postgresql").render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def time_writes(target: str, extracted: Extracted) -> tuple[float, float]:
    """Seconds to write every document into a new ledger, then to write them all again."""
    with Ledger(target) as ledger:
        start = time.perf_counter()
        for document, claims in extracted:
            ledger.add_document(document, claims)
        first = time.perf_counter() - start
        start = time.perf_counter()
        for document, claims in extracted:
            ledger.add_document(document, claims)
        again = time.perf_counter() - start
        counts = ledger.counts()
    assert counts == {"documents": len(extracted), "claims": sum(len(c) for _, c in extracted)}
    return first, again


def _write_share(
    target: str, share: Extracted, barrier: Barrier
) -> tuple[float, float]:  # runs in a writer process
    with Ledger(target) as ledger:
        barrier.wait()
        start = time.time()
        for document, claims in share:
            ledger.add_document(document, claims)
        return start, time.time()


def time_concurrent_writes(target: str, extracted: Extracted, writers: int) -> float:
    """Seconds from the first writer's start to the last one's end, `writers` processes each
    writing every `writers`-th document into the same new ledger."""
    Ledger(target).close()  # the schema exists before the writers race
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(writers, mp_context=context) as pool:
        barrier = manager.Barrier(writers)
        shares = [extracted[k::writers] for k in range(writers)]
        spans = list(pool.map(_write_share, [target] * writers, shares, [barrier] * writers))
    with Ledger(target) as ledger:
        assert ledger.counts()["documents"] == len(extracted)
    return max(end for _, end in spans) - min(start for start, _ in spans)


def server_version(server: str) -> str:
    engine = sqlalchemy.create_engine(parse_target(server)[1])
    with engine.connect() as conn:
        text = str(conn.exec_driver_sql("SHOW server_version").scalar())
    engine.dispose()
    return "PostgreSQL " + text.split()[0]


Row = tuple[str, float, float, dict[int, float]]  # backend, first, again, writers -> seconds


def measure(extracted: Extracted) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        first, again = time_writes(str(Path(folder) / "bench.db"), extracted)
        shared = {n: time_concurrent_writes(str(Path(folder) / f"w{n}.db"), extracted, n)
                  for n in CONCURRENT_WRITERS}  # fmt: skip
        rows.append((f"SQLite {sqlite3.sqlite_version} (file, WAL)", first, again, shared))
    given = os.environ.get("TOLLTRACE_BENCH_POSTGRES")
    with nullcontext(given) if given else local_cluster() as server:
        if server is None:
            print("PostgreSQL skipped: set TOLLTRACE_BENCH_POSTGRES or install postgresql")
            return rows
        with fresh_schema(server) as target:
            first, again = time_writes(target, extracted)
        shared = {}
        for n in CONCURRENT_WRITERS:
            with fresh_schema(server) as target:
                shared[n] = time_concurrent_writes(target, extracted, n)
        where = "server" if given else "local cluster, 127.0.0.1"
        rows.append((f"{server_version(server)} ({where})", first, again, shared))
    return rows


def table(extracted: Extracted, rows: list[Row], command: str) -> str:
    documents = len(extracted)
    claims = sum(len(found) for _, found in extracted)
    lines = [
        f"{date.today().isoformat()}: {documents:,} articles, {claims:,} claims, "
        f"{platform.machine()} {os.cpu_count()} cores, tolltrace {version('tolltrace')}, "
        f"SQLAlchemy {version('sqlalchemy')}, psycopg {version('psycopg')}. `{command}`",
        "",
        "| ledger | documents/s | claims/s | re-ingest documents/s | "
        + " | ".join(f"{n} writers, documents/s together" for n in CONCURRENT_WRITERS)
        + " |",
        "|---|---:|---:|---:|" + "---:|" * len(CONCURRENT_WRITERS),
    ]
    for name, first, again, shared in rows:
        together = " | ".join(f"{documents / shared[n]:,.0f}" for n in CONCURRENT_WRITERS)
        lines.append(
            f"| {name} | {documents / first:,.0f} | {claims / first:,.0f} "
            f"| {documents / again:,.0f} | {together} |"
        )
    return "\n".join(lines) + "\n"


def append_to_docs(result: str) -> None:
    """Add the result at the end of this script's section, creating it if needed; the
    file's other sections are left as they are."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if HEADING not in text:
        DOCS.write_text(text.rstrip("\n") + "\n\n" + INTRO + "\n" + result, encoding="utf-8")
        return
    start = text.index(HEADING) + len(HEADING)
    headings = [found for mark in ("\n## ", "\n### ") if (found := text.find(mark, start)) >= 0]
    following = min(headings, default=-1)
    end = len(text) if following < 0 else following + 1
    section = text[:end].rstrip("\n") + "\n\n" + result
    DOCS.write_text(section + ("\n" + text[end:] if following >= 0 else ""), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="150 articles instead of 1,000")
    parser.add_argument("--articles", type=int, help="how many articles to write")
    parser.add_argument("--no-docs", action="store_true", help="print only; leave the docs")
    args = parser.parse_args()
    count = args.articles or (150 if args.quick else 1000)

    start = time.perf_counter()
    extracted = [(doc, list(claims)) for doc, claims in extract(generate_articles(count))]
    print(f"extracted {count} articles in {time.perf_counter() - start:.1f} s (not timed below)")

    command = "python bench/ingest_db.py" + (" --quick" if args.quick else "")
    if args.articles:
        command += f" --articles {args.articles}"
    result = table(extracted, measure(extracted), command)
    print(result)
    if not args.no_docs:
        append_to_docs(result)
        print(f"appended to {DOCS}")


if __name__ == "__main__":
    main()
