"""How well linking groups figures into events and finds copies, on an annotated set.

The gold file is JSON Lines in the shared gold format plus, per document, `events` (its
event keys) and `copy_of` (the id of the document it republishes, or null), and an `event`
on every figure. Documents are extracted and stored with their text untouched, linked, and
each stored claim is matched to a gold figure of its document the way the shared scorer
does: spans overlap and values agree. Scores count matched claims only, so extraction's
misses do not count against the linker.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from ..api import extract
from ..model import Claim, Document
from ..settings import Settings
from ..store import Ledger
from .linker import link
from .settings import LinkSettings


@dataclass(frozen=True)
class LinkingScores:
    documents: int
    gold_figures: int
    matched_claims: int
    gold_events: int
    predicted_events: int
    pairwise_precision: float
    pairwise_recall: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    copy_precision: float
    copy_recall: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_linking(
    gold: str | Path,
    settings: Settings | None = None,
    link_settings: LinkSettings | None = None,
) -> LinkingScores:
    """Extract, store and link the gold documents in a fresh ledger and score the result."""
    rows = _read_jsonl(Path(gold))
    documents = [Document.from_record(row) for row in rows]
    exact_copies: list[tuple[str, str]] = []
    with Ledger(":memory:") as ledger:
        for document, claims in extract(documents, settings):
            if not ledger.add_document(document, claims):
                exact_copies.append((document.id, _stored_id(ledger, document)))
        link(ledger, link_settings)
        claims = ledger.claims()
        predicted = {cid: link.event_id for cid, link in ledger.event_links().items()}
        copies = [(c.doc_id, c.original_id) for c in ledger.copies()] + exact_copies
    gold_of = match_claims(rows, claims)
    items = sorted(cid for cid in gold_of if cid in predicted)
    pairwise = pairwise_scores({i: predicted[i] for i in items}, {i: gold_of[i] for i in items})
    bcubed = bcubed_scores({i: predicted[i] for i in items}, {i: gold_of[i] for i in items})
    copy_scores = _precision_recall(_pairs(copies), _pairs(_gold_copies(rows)))
    return LinkingScores(
        documents=len(rows),
        gold_figures=sum(len(row.get("figures", [])) for row in rows),
        matched_claims=len(items),
        gold_events=len({gold_of[i] for i in items}),
        predicted_events=len({predicted[i] for i in items}),
        pairwise_precision=pairwise[0],
        pairwise_recall=pairwise[1],
        bcubed_precision=bcubed[0],
        bcubed_recall=bcubed[1],
        bcubed_f1=_f1(*bcubed),
        copy_precision=copy_scores[0],
        copy_recall=copy_scores[1],
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _stored_id(ledger: Ledger, document: Document) -> str:
    """The id under which the ledger already holds this exact text."""
    for stored in ledger.documents():
        if stored.sha256 == document.sha256:
            return stored.id
    return document.id


def match_claims(rows: Iterable[Mapping[str, Any]], claims: Sequence[Claim]) -> dict[int, str]:
    """Gold event of each claim that matches a gold figure (overlapping span, same value);
    each figure and each claim is matched at most once, in text order."""
    by_doc: dict[str, list[Claim]] = {}
    for claim in claims:
        by_doc.setdefault(claim.doc_id, []).append(claim)
    matched: dict[int, str] = {}
    for row in rows:
        for figure, start, end in _gold_spans(row):
            for claim in by_doc.get(str(row["id"]), []):
                if claim.id is None or claim.id in matched:
                    continue
                if claim.start < end and claim.end > start and _same_value(claim, figure):
                    matched[claim.id] = str(figure["event"])
                    break
    return matched


def _gold_spans(row: Mapping[str, Any]) -> Iterable[tuple[Mapping[str, Any], int, int]]:
    for figure in row.get("figures", []):
        if "start" in figure and "end" in figure:
            yield figure, figure["start"], figure["end"]
            continue
        start = row["text"].find(figure["evidence"])
        if start >= 0:
            yield figure, start, start + len(figure["evidence"])


def _same_value(claim: Claim, figure: Mapping[str, Any]) -> bool:
    gold = figure.get("value_min")
    if gold is None:
        return False
    if "vague" in (claim.approx, figure.get("approx")):
        return (
            claim.value_min > 0
            and gold > 0
            and (math.floor(math.log10(claim.value_min)) == math.floor(math.log10(gold)))
        )
    return claim.value_min == gold


def pairwise_scores(predicted: Mapping[int, str], gold: Mapping[int, str]) -> tuple[float, float]:
    """Precision and recall of "these two claims are one event" over all pairs of claims."""
    same_predicted = same_gold = both = 0
    for a, b in combinations(sorted(predicted), 2):
        p, g = predicted[a] == predicted[b], gold[a] == gold[b]
        same_predicted += p
        same_gold += g
        both += p and g
    return _ratio(both, same_predicted), _ratio(both, same_gold)


def bcubed_scores(predicted: Mapping[int, str], gold: Mapping[int, str]) -> tuple[float, float]:
    """B-cubed precision and recall: per claim, the share of its predicted event that is in
    its gold event, and the share of its gold event found in its predicted event."""
    if not predicted:
        return 0.0, 0.0
    cells = Counter((predicted[i], gold[i]) for i in predicted)
    sizes_p = Counter(predicted.values())
    sizes_g = Counter(gold[i] for i in predicted)
    precision = sum(cells[(predicted[i], gold[i])] / sizes_p[predicted[i]] for i in predicted)
    recall = sum(cells[(predicted[i], gold[i])] / sizes_g[gold[i]] for i in predicted)
    return round(precision / len(predicted), 4), round(recall / len(predicted), 4)


def _gold_copies(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for row in rows:
        originals = row.get("copy_of") or []
        for original in [originals] if isinstance(originals, str) else originals:
            found.append((str(row["id"]), str(original)))
    return found


def _pairs(edges: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
    """Every pair of documents in one group of copies (copies of one original copy each other)."""
    groups: dict[str, set[str]] = {}
    for a, b in edges:
        merged = groups.get(a, {a}) | groups.get(b, {b})
        for member in merged:
            groups[member] = merged
    return {frozenset(pair) for group in groups.values() for pair in combinations(sorted(group), 2)}


def _precision_recall(found: set, expected: set) -> tuple[float, float]:
    hits = len(found & expected)
    return _ratio(hits, len(found)), _ratio(hits, len(expected))


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
