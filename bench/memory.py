"""Memory against corpus size: peak RSS of a distributed ingest at two corpus sizes.

    .venv/bin/python bench/memory.py [--sizes 10000 100000] [--quick] [--words 150] [--json PATH]

Each size runs in a fresh process (peak RSS only ever grows within one): it writes a
.jsonl.gz of generated articles to a temporary directory, one article at a time, then runs
`tolltrace.ingest(..., workers=2)`, as `tolltrace ingest --workers 2` does: a local Dask
cluster of two single-threaded worker processes, with the scheduler, the reader and the
single writer in this process. It reports the peak RSS of this process and of each worker
(the kernel's high-water mark, VmHWM, read while they run), and their current RSS at every
tenth of the corpus. Streaming means neither may grow with the corpus: the report prints the
ratio of the large run's peaks to the small run's (target: about 1.0; 10 times the articles).

Articles are short (150 words) by default, so the 100,000-article run takes about a quarter
of an hour on two cores instead of an hour; `--quick` runs 2,000 and 20,000.
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
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import psutil

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


class WorkerWatch:
    """The ingest's worker processes, sampled twice a second from a thread: their peak RSS
    (the kernel's high-water mark) and their latest RSS."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self.current: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkerWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            for child in psutil.Process().children(recursive=True):
                try:
                    status = Path(f"/proc/{child.pid}/status").read_text()
                except OSError:
                    continue  # it has just exited
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                self.peaks[child.pid] = int(fields["VmHWM"].split()[0]) / 1024
                self.current[child.pid] = int(fields["VmRSS"].split()[0]) / 1024

    def workers(self, table: dict[int, float]) -> list[float]:
        """The largest processes: the workers (the others are multiprocessing's helpers)."""
        return sorted(table.values())[-WORKERS:]


def current_rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def measure(n: int, words: int) -> dict[str, Any]:
    """One size, in this process: generate, ingest through a local cluster, read the peaks."""
    checkpoints: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="tolltrace-memory-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl.gz"
        size = write_corpus(corpus, n, words)
        before = peak_rss_mb()
        written = 0
        with WorkerWatch() as watch:

            def on_document(document: tolltrace.Document, claims: int | None) -> None:
                nonlocal written
                written += 1
                if written % max(n // 10, 1) == 0:
                    workers = watch.workers(watch.current)
                    checkpoints.append(
                        {"documents": written, "ingest_mb": current_rss_mb(), "workers_mb": workers}
                    )

            report = tolltrace.ingest(
                [str(corpus)], Path(tmp) / "ledger.db", workers=WORKERS, on_document=on_document
            )
        return {
            "documents": n,
            "added": report.added,
            "claims": report.claims,
            "corpus_gz_mb": size / 1e6,
            "peak_before_ingest_mb": before,
            "ingest_peak_mb": peak_rss_mb(),
            "worker_peaks_mb": watch.workers(watch.peaks),
            "checkpoints": checkpoints,
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
    ]
    rows += ["", f"current RSS MB during the {large['documents']:,}-document run:", ""]
    rows += ["| documents written | ingest process | workers |", "|---:|---:|---:|"]
    rows += [
        f"| {point['documents']:,} | {point['ingest_mb']:.0f} "
        f"| {' / '.join(f'{w:.0f}' for w in point['workers_mb'])} |"
        for point in large["checkpoints"]
    ]
    rows += ["", f"rerun: {command}"]
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
