"""Linking quality on an annotated set: event pairwise P/R, B-cubed P/R/F1, copies P/R.

    python bench/linking_eval.py [tests/data/linking.jsonl] [--json] [--min-bcubed-f1 0.85]

Loads the spaCy model (extraction runs first), then links in a temporary in-memory ledger.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

from tolltrace.link.evaluate import LinkingScores, evaluate_linking

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "linking.jsonl"


def report(scores: LinkingScores, gold: Path, seconds: float) -> str:
    s = scores
    return "\n".join([
        f"{gold} on {date.today().isoformat()} (tolltrace {version('tolltrace')}, "
        f"datasketch {version('datasketch')}, rapidfuzz {version('rapidfuzz')}), {seconds:.1f} s",
        f"documents {s.documents}  gold figures {s.gold_figures}  matched claims "
        f"{s.matched_claims}  gold events {s.gold_events}  predicted events {s.predicted_events}",
        f"pairwise  P {s.pairwise_precision:.3f}  R {s.pairwise_recall:.3f}",
        f"B-cubed   P {s.bcubed_precision:.3f}  R {s.bcubed_recall:.3f}  F1 {s.bcubed_f1:.3f}",
        f"copies    P {s.copy_precision:.3f}  R {s.copy_recall:.3f}",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--json", action="store_true", help="Print the scores as JSON.")
    parser.add_argument("--min-bcubed-f1", type=float, help="Exit 1 below this B-cubed F1.")
    args = parser.parse_args()
    started = time.perf_counter()
    scores = evaluate_linking(args.gold)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(report(scores, args.gold, elapsed))
    if args.min_bcubed_f1 is not None and scores.bcubed_f1 < args.min_bcubed_f1:
        sys.exit(1)


if __name__ == "__main__":
    main()
