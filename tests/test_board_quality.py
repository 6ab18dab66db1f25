"""The floors of the board measurement (docs/evaluation.md) on real coverage of four events:
`tolltrace eval --board` on ../shared/eval/dev/news-events.jsonl, run in this process so the
model loaded by the other tests is reused. Skipped when ../shared is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tolltrace.cli import cli

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
EVENTS = SHARED / "dev" / "news-events.jsonl"


@pytest.mark.skipif(not EVENTS.is_file(), reason="needs ../shared/eval/dev/news-events.jsonl")
def test_board_floors_on_real_coverage_of_four_events() -> None:
    result = CliRunner().invoke(
        cli, ["eval", "--board", str(EVENTS), "--scorer", str(SHARED / "score.py"), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = {split["split"]: split for split in json.loads(result.output)}
    english, every = scores["English"], scores["all languages"]
    assert len(english["events"]) == len(every["events"]) == 4
    assert english["macro_f1"] >= 0.55, english
    assert english["bcubed_f1"] >= 0.95, english
    assert every["macro_f1"] >= 0.28, every
    assert every["bcubed_f1"] >= 0.95, every
    for event in english["events"]:
        assert event["held"] == 1.0, event  # each event's figures on one board


@pytest.mark.skipif(not EVENTS.is_file(), reason="needs ../shared/eval/dev/news-events.jsonl")
def test_eval_board_refuses_options_that_score_figures() -> None:
    runner = CliRunner()
    mixed = runner.invoke(cli, ["eval", "--board", str(EVENTS), "--min-strict-f1", "0.5"])
    assert mixed.exit_code == 2 and "score figures, not boards" in mixed.output
    several = runner.invoke(cli, ["eval", str(EVENTS), str(EVENTS)])
    assert several.exit_code == 2 and "several only with --board" in several.output
