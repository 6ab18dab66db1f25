"""The CI floor for linking on the annotated set (loads the spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tolltrace.link.evaluate import evaluate_linking

pytestmark = pytest.mark.slow

GOLD = Path(__file__).resolve().parent / "data" / "linking.jsonl"


def test_linking_quality_bcubed_f1_floor() -> None:
    scores = evaluate_linking(GOLD)
    assert scores.matched_claims >= 0.8 * scores.gold_figures
    assert scores.bcubed_f1 >= 0.85, scores
    assert scores.copy_precision >= 0.9 and scores.copy_recall >= 0.9, scores
