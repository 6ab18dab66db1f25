"""Throughput of tolltrace against the bare spaCy model it wraps, on one core.

    .venv/bin/python bench/throughput.py [--n 5000] [--bare-n 500] [--quick] [--json PATH]
                                         [--breakdown N] [--cpu N | --no-pin]

Why a ratio: absolute speed depends on the machine and on what else runs on it; tolltrace
and `nlp.pipe` over the same texts, timed in the same process, share both, so their ratio
says what the prefilter buys. A second baseline runs the model parts tolltrace uses over
only the windows the prefilter picks, every article's: tolltrace over it is the overhead of
everything tolltrace adds (prefilter, components, claims). The targets (>= 100 articles/s on
one core, >= 3x bare spaCy over whole articles, <= 1.3x bare spaCy over the windows) are
reported, never asserted: a slow run prints MISSED and still exits 0.

Bare spaCy manages ~7 articles/s on one core here, so by default it is timed on the first
500 articles only and compared per article; the output says so. `--breakdown N` also times
each pipeline stage on N articles, to show where tolltrace's own time goes.
"""

from __future__ import annotations

import os

# One thread for every numeric library, set before numpy/thinc load, so the rates are per
# core. The process is also pinned to one CPU below (--no-pin to skip).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("BLIS_NUM_THREADS", "1")

import argparse
import gc
import json
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import spacy

import tolltrace
from corpus import generate_articles
from tolltrace.api import extractor_for
from tolltrace.extract.extensions import figures_of
from tolltrace.extract.pipeline import NUMBERS, UNUSED_MODEL_PARTS, load_model
from tolltrace.extract.segment import analysis_text, candidate_windows, sentence_spans

TARGET_RATE = 100.0  # articles/s on one core
TARGET_RATIO = 3.0  # tolltrace over bare nlp.pipe
TARGET_OVERHEAD = 1.3  # tolltrace's time over bare nlp.pipe on the windows it parses
STAGE_LABELS = {"tolltrace_entities": "ner (tolltrace_entities)"}
REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")


@dataclass
class Rate:
    """One timed pass: how many articles and bytes in how many seconds."""

    articles: int
    megabytes: float
    seconds: float
    cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def mb_per_second(self) -> float:
        return self.megabytes / self.seconds

    @property
    def per_cpu_second(self) -> float:
        """Less sensitive than wall time to other processes sharing the core."""
        return self.articles / self.cpu_seconds if self.cpu_seconds else float("nan")


def _megabytes(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _timed(texts: Sequence[str], run: Callable[[], T]) -> tuple[Rate, T]:
    """Run `run()` once with the collector settled first, so earlier garbage is not billed."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    rate = Rate(
        len(texts), _megabytes(texts), time.perf_counter() - wall, time.process_time() - cpu
    )
    return rate, out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def prefilter_share(texts: Sequence[str]) -> dict[str, float]:
    """How much of the corpus the regex prefilter sends to the model: sentences that overlap
    a candidate window, and characters inside windows."""
    sentences = sent = chars = window_chars = n_windows = 0
    for text in texts:
        spans = sentence_spans(analysis_text(text))
        windows = candidate_windows(text)
        sentences += len(spans)
        sent += sum(any(s < w.end and w.start < e for w in windows) for s, e in spans)
        chars += len(text)
        window_chars += sum(w.end - w.start for w in windows)
        n_windows += len(windows)
    return {
        "sentences": sentences,
        "sentences_sent": sent,
        "sentence_share": sent / sentences if sentences else 0.0,
        "char_share": window_chars / chars if chars else 0.0,
        "windows_per_article": n_windows / len(texts) if texts else 0.0,
    }


def _pin_to_one_cpu(cpu: int | None) -> int | None:
    """Pin to `cpu` (default: the last one allowed, CPU 0 takes more interrupts); None
    where affinity cannot be set."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    chosen = max(os.sched_getaffinity(0)) if cpu is None else cpu
    os.sched_setaffinity(0, {chosen})
    return chosen


def _tree() -> str:
    """The commit measured, marked dirty when the working tree differs (read-only git)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def breakdown(
    documents: Sequence[tolltrace.Document], settings: tolltrace.Settings
) -> list[tuple[str, float]]:
    """Where tolltrace's time goes, by stage: the same articles through ever longer prefixes
    of the pipeline (disabling later components with spaCy's public `select_pipes`); a
    stage's cost is the difference from the prefix before it. The first prefix ends with
    the parser, as claims need sentences: it holds the prefilter, the number reader (which
    picks the windows the model sees), the model's encoder, tagger and parser, and making
    claims. Returns (stage, seconds) pairs."""
    nlp = extractor_for(settings).nlp
    names = nlp.pipe_names
    first = names[: names.index("parser") + 1]
    stages = [(f"prefilter, {', '.join(first)}, claims", len(first))]
    stages += [
        (STAGE_LABELS.get(name, name), keep)
        for keep, name in enumerate(names, start=1)
        if keep > stages[0][1]
    ]
    texts = [d.text for d in documents]
    costs: list[tuple[str, float]] = []
    before = 0.0
    for stage, keep in stages:
        with nlp.select_pipes(disable=nlp.pipe_names[keep:]):
            rate, _ = _timed(texts, lambda: list(tolltrace.extract(documents, settings)))
        costs.append((stage, max(rate.cpu_seconds - before, 0.0)))
        before = rate.cpu_seconds
    return costs


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Generate the corpus, then time the prefilter, tolltrace and bare spaCy on it."""
    cpu = None if args.no_pin else _pin_to_one_cpu(args.cpu)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    documents = generate_articles(args.n, words=args.words, seed=args.seed)
    texts = [d.text for d in documents]
    generated = time.perf_counter() - started
    share = prefilter_share(texts)
    prefilter, _ = _timed(texts, lambda: [candidate_windows(t) for t in texts])

    settings = tolltrace.Settings(batch_size=args.batch_size)
    list(tolltrace.extract(documents[: args.warmup], settings))  # loads the pipeline
    full, results = _timed(texts, lambda: list(tolltrace.extract(documents, settings)))
    claims = sum(len(found) for _, found in results)
    rss_tolltrace = _peak_rss_mb()
    del results

    model = load_model(settings)
    bare_texts = texts[: args.bare_n]
    for _ in model.pipe(texts[: args.warmup]):
        pass

    def bare_pass() -> None:
        for _ in model.pipe(bare_texts, batch_size=args.batch_size):
            pass

    bare, _ = _timed(bare_texts, bare_pass)
    ratio = full.per_second / bare.per_second
    cpu_ratio = full.per_cpu_second / bare.per_cpu_second
    windows, parsed_windows = bare_on_windows(texts, settings, args.batch_size)
    overhead = full.seconds / windows.seconds
    return {
        "date": date.today().isoformat(),
        "command": " ".join([".venv/bin/python", "bench/throughput.py", *sys.argv[1:]]),
        "tree": _tree(),
        "machine": {
            "cpus": os.cpu_count(),
            "pinned_cpu": cpu,
            "load_before": load_before,
            "load_after": os.getloadavg()[0],
            "python": platform.python_version(),
            "spacy": spacy.__version__,
            "model": f"{settings.model} {spacy.util.get_package_version(settings.model)}",
        },
        "corpus": {
            "articles": len(texts),
            "megabytes": round(_megabytes(texts), 2),
            "words_per_article": round(sum(len(t.split()) for t in texts) / len(texts)),
            "seed": args.seed,
            "generated_seconds": round(generated, 2),
        },
        "prefilter": {**share, "alone": asdict(prefilter)},
        "tolltrace": {**asdict(full), "batch_size": args.batch_size, "claims": claims},
        "bare_spacy": {**asdict(bare), "subset": len(bare_texts) < len(texts)},
        "bare_on_windows": {**asdict(windows), "windows": parsed_windows},
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "overhead": overhead,
        "cpu_overhead": full.cpu_seconds / windows.cpu_seconds,
        "targets": {
            "articles_per_second": TARGET_RATE,
            "met_rate": full.per_second >= TARGET_RATE,
            "ratio": TARGET_RATIO,
            "met_ratio": ratio >= TARGET_RATIO,
            "overhead": TARGET_OVERHEAD,
            "met_overhead": overhead <= TARGET_OVERHEAD,
        },
        "peak_rss_mb": {"after_tolltrace": rss_tolltrace, "at_end": _peak_rss_mb()},
        "breakdown_articles": min(args.breakdown, len(documents)),
        "breakdown": breakdown(documents[: args.breakdown], settings) if args.breakdown else [],
    }


def bare_on_windows(
    texts: Sequence[str], settings: tolltrace.Settings, batch_size: int
) -> tuple[Rate, int]:
    """The model parts tolltrace runs (all but UNUSED_MODEL_PARTS, the recognizer included)
    over the very windows tolltrace gives the model (those the prefilter picks and the number
    reader finds an amount in), as the model sees them; per article, so it compares with
    tolltrace's own rate. The windows are picked before the clock starts."""
    model = load_model(settings, exclude=UNUSED_MODEL_PARTS)
    pipeline = extractor_for(settings).nlp
    read_numbers = pipeline.get_pipe(NUMBERS)
    windows = [
        window.text
        for text in texts
        for window in candidate_windows(text)
        if figures_of(read_numbers(pipeline.make_doc(window.text)))
    ]
    for _ in model.pipe(windows[:100]):
        pass

    def bare_pass() -> None:
        for _ in model.pipe(windows, batch_size=batch_size):
            pass

    rate, _ = _timed(texts, bare_pass)
    return rate, len(windows)


def _rate(section: dict[str, Any]) -> Rate:
    return Rate(
        section["articles"], section["megabytes"], section["seconds"], section["cpu_seconds"]
    )


def report(result: dict[str, Any]) -> str:
    """The dated table a reader pastes into docs/benchmarks.md, and how to rerun it."""
    machine, corpus, share = result["machine"], result["corpus"], result["prefilter"]
    full, bare = _rate(result["tolltrace"]), _rate(result["bare_spacy"])
    windows = _rate(result["bare_on_windows"])
    prefilter = _rate(share["alone"])
    targets = result["targets"]
    pinned = machine["pinned_cpu"]
    load = f"{machine['load_before']:.2f} before, {machine['load_after']:.2f} after"
    subset = (
        f"first {bare.articles} of {corpus['articles']} articles, compared per article"
        if result["bare_spacy"]["subset"]
        else "all articles"
    )

    def line(name: str, rate: Rate, note: str = "") -> str:
        return (
            f"| {name:<17} | {rate.articles:>8} | {rate.seconds:>7.1f} | {rate.per_second:>10.1f}"
            f" | {rate.mb_per_second:>6.2f} | {rate.per_cpu_second:>14.1f} | {note}"
        )

    rows = [
        f"throughput {result['date']}  tree {result['tree']}",
        f"machine: {machine['cpus']} CPUs, "
        + (f"pinned to CPU {pinned}" if pinned is not None else "not pinned")
        + f", 1-min load {load}; Python {machine['python']}, spaCy {machine['spacy']},"
        f" {machine['model']}",
        f"corpus: {corpus['articles']} synthetic articles (bench/corpus.py, seed "
        f"{corpus['seed']}), {corpus['megabytes']} MB, ~{corpus['words_per_article']} words each",
        "",
        f"| {'pass':<17} | articles | wall s  | articles/s | MB/s   | articles/CPU-s | note",
        f"|{'-' * 19}|{'-' * 10}|{'-' * 9}|{'-' * 12}|{'-' * 8}|{'-' * 16}|------",
        line("prefilter alone", prefilter, "regex windows only"),
        line(
            "tolltrace.extract",
            full,
            f"batch {result['tolltrace']['batch_size']}; {result['tolltrace']['claims']} claims",
        ),
        line("bare nlp.pipe", bare, subset),
        line("bare on windows", windows, "the model parts tolltrace runs, on its windows"),
        "",
        f"tolltrace / bare spaCy: {result['ratio']:.2f}x  (target >= {targets['ratio']:.0f}x: "
        f"{'met' if targets['met_ratio'] else 'MISSED'}; per CPU-second "
        f"{result['cpu_ratio']:.2f}x)",
        f"tolltrace / bare spaCy on the same windows: {result['overhead']:.2f}x the time  "
        f"(target <= {targets['overhead']:.1f}x: {'met' if targets['met_overhead'] else 'MISSED'};"
        f" per CPU-second {result['cpu_overhead']:.2f}x)",
        f"tolltrace articles/s: {full.per_second:.1f}  (target >= "
        f"{targets['articles_per_second']:.0f} on one core: "
        f"{'met' if targets['met_rate'] else 'MISSED'})",
        f"prefilter kept {share['sentences_sent']} of {share['sentences']} sentences "
        f"({share['sentence_share']:.1%}) and {share['char_share']:.1%} of characters: "
        f"{share['windows_per_article']:.1f} windows per article, of which the number reader "
        f"passes {result['bare_on_windows']['windows'] / corpus['articles']:.1f} to the model",
        f"peak RSS: {result['peak_rss_mb']['after_tolltrace']:.0f} MB after tolltrace, "
        f"{result['peak_rss_mb']['at_end']:.0f} MB with the bare model loaded too",
        "",
    ]
    if result["breakdown"]:
        total = sum(seconds for _, seconds in result["breakdown"])
        rows.append(
            f"where tolltrace's time goes (CPU s on the first {result['breakdown_articles']} "
            "articles, each stage timed as the difference from the pipeline before it):"
        )
        rows += [
            f"  {stage:<28} {seconds:>6.2f} s  {seconds / total:>6.1%}"
            for stage, seconds in result["breakdown"]
        ]
        rows.append("")
    rows.append(f"rerun: {result['command']}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, help="articles to generate (5000; --quick 300)")
    parser.add_argument("--bare-n", type=int, help="articles bare spaCy is timed on (500; 30)")
    parser.add_argument("--words", type=int, default=600, help="words per article (600)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=tolltrace.Settings().batch_size)
    parser.add_argument("--warmup", type=int, default=8, help="articles run before timing (8)")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke check: 300 articles, bare on 30"
    )
    parser.add_argument("--cpu", type=int, help="CPU to pin to (default: the last allowed)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    parser.add_argument(
        "--breakdown",
        type=int,
        default=0,
        metavar="N",
        help="also time each pipeline stage on the first N articles (off by default)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results")
    args = parser.parse_args(argv)
    args.n = args.n or (300 if args.quick else 5000)
    args.bare_n = min(args.bare_n or (30 if args.quick else 500), args.n)
    if args.n < 1 or args.bare_n < 1:
        parser.error("--n and --bare-n must be at least 1")

    result = run(args)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
