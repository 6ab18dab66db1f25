"""Number recall per language: how many gold figures hold an amount the reader finds.

    python bench/number_recall.py [GOLD.jsonl ...] [--misses] [--min-recall 0.95]

A gold figure counts as found when `find_numbers(text, lang)` returns a mention that
overlaps its evidence with the gold `value_min`. This isolates the number reader from the
rest of extraction (no model is loaded), so it shows what a language pack's `[numbers]`
table reaches before the toll words and attribution do their part. Defaults to the shared
multilingual dev sets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from tolltrace.extract.numbers import find_numbers

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
DEFAULT_GOLD = [DEV / "news-multi.jsonl", DEV / "news-iran.jsonl", DEV / "news-events.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--misses", action="store_true", help="List the figures not found.")
    parser.add_argument("--min-recall", type=float, help="Exit 1 below this overall recall.")
    args = parser.parse_args()
    found_in, total = Counter[str](), Counter[str]()
    seconds = 0.0
    for path in args.gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            document = json.loads(line)
            lang, text = document.get("lang") or "en", document["text"]
            started = time.perf_counter()
            mentions = find_numbers(text, lang)
            seconds += time.perf_counter() - started
            for figure in document["figures"]:
                start = text.find(figure["evidence"])
                end = start + len(figure["evidence"])
                total[lang] += 1
                if any(
                    m.start < end and start < m.end and m.value_min == figure["value_min"]
                    for m in mentions
                ):
                    found_in[lang] += 1
                elif args.misses:
                    print(f"miss {document['id']} {figure['value_min']}: {figure['evidence']!r}")
    for lang in sorted(total):
        print(f"{lang}  {found_in[lang]:4d}/{total[lang]:<4d} {found_in[lang] / total[lang]:.3f}")
    recall = sum(found_in.values()) / max(1, sum(total.values()))
    print(f"all {sum(found_in.values()):4d}/{sum(total.values()):<4d} {recall:.3f}  "
          f"({seconds * 1000:.0f} ms reading, packs compiled on first use)")
    if args.min_recall is not None and recall < args.min_recall:
        sys.exit(1)


if __name__ == "__main__":
    main()
