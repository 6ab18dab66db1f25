"""Memory against corpus size: peak RSS of a distributed ingest at two corpus sizes.

    .venv/bin/python bench/memory.py [--sizes 10000 100000] [--quick] [--words 150] [--json PATH]

Each size runs in a fresh process (peak RSS only ever grows within one): it writes a
.jsonl.gz of generated articles to a temporary directory, one article at a time, starts a
local Dask cluster of two single-threaded workers, and runs `tolltrace.ingest` on the file
through the cluster's scheduler address, as `tolltrace ingest --scheduler` would. It then
reads the peak RSS of the ingest process (reader, scheduler, single writer) and of each
worker. Streaming means neither may grow with the corpus: the report prints the ratio of
the large run's peaks to the small run's (target: about 1.0; 10 times the articles).

Articles are short (150 words) by default, so the 100,000-article run takes about half an
hour on two cores instead of two; `--quick` runs 2,000 and 20,000.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

import tolltrace
from corpus import generate_article

WORKERS = 2
HERE = Path(__file__).resolve().parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def write_corpus(path: Path, n: int, words: int) -> int:
    """n generated articles as gzipped JSON Lines, written one at a time; returns the bytes."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for index in range(n):
            doc = generate_article(index, words=words)
            row = {"id": doc.id, "text": doc.text, "url": doc.url, "outlet": doc.outlet}
            out.write(json.dumps({**row, "title": doc.title, "published": doc.published}) + "\n")
    return path.stat().st_size


def measure(n: int, words: int) -> dict[str, Any]:
    """One size, in this process: generate, ingest through a local cluster, read the peaks."""
    with tempfile.TemporaryDirectory(prefix="tolltrace-memory-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl.gz"
        size = write_corpus(corpus, n, words)
        before = peak_rss_mb()
        with (
            LocalCluster(
                n_workers=WORKERS, threads_per_worker=1, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            report = tolltrace.ingest(
                [str(corpus)], Path(tmp) / "ledger.db", scheduler=cluster.scheduler_address
            )
            workers = sorted(client.run(peak_rss_mb).values())
        return {
            "documents": n,
            "added": report.added,
            "claims": report.claims,
            "corpus_gz_mb": size / 1e6,
            "peak_before_ingest_mb": before,
            "ingest_peak_mb": peak_rss_mb(),
            "worker_peaks_mb": workers,
        }


def run_child(n: int, words: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(n), "--words", str(words)],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        },
    )
    if done.returncode != 0:
        sys.exit(f"the {n}-document run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: list[dict[str, Any]], words: int, command: str) -> str:
    small, large = results
    rows = [
        f"memory {date.today().isoformat()}  ({words}-word articles streamed from .jsonl.gz, "
        f"{WORKERS} Dask workers, one SQLite writer)",
        "",
        "| documents | .jsonl.gz MB | claims | ingest process peak MB | worker peaks MB |",
        "|---:|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {r['documents']:,} | {r['corpus_gz_mb']:.1f} | {r['claims']:,} "
        f"| {r['ingest_peak_mb']:.0f} | {' / '.join(f'{w:.0f}' for w in r['worker_peaks_mb'])} |"
        for r in results
    ]
    ratio_ingest = large["ingest_peak_mb"] / small["ingest_peak_mb"]
    ratio_worker = max(large["worker_peaks_mb"]) / max(small["worker_peaks_mb"])
    rows += [
        "",
        f"{large['documents'] / small['documents']:.0f}x the documents: ingest process peak "
        f"x{ratio_ingest:.2f}, largest worker peak x{ratio_worker:.2f}",
        "",
        f"rerun: {command}",
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs=2, help="two corpus sizes (10000 100000)")
    parser.add_argument("--quick", action="store_true", help="2,000 and 20,000 articles")
    parser.add_argument("--words", type=int, default=150, help="words per article (150)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.words)))
        return 0
    sizes = args.sizes or ((2_000, 20_000) if args.quick else (10_000, 100_000))
    results = [run_child(n, args.words) for n in sizes]
    command = " ".join([".venv/bin/python", "bench/memory.py", *sys.argv[1:]])
    print(report(results, args.words, command))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
