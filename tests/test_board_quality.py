"""The floors of the board measurement (docs/evaluation.md) on real coverage of four events:
`tolltrace eval --board` on ../shared/eval/dev/news-events.jsonl, run in this process so the
model loaded by the other tests is reused. Skipped when ../shared is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tolltrace.cli import cli
from tolltrace.link.board_eval import Row, match_rows

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
    assert english["macro_f1"] >= 0.60, english
    assert english["bcubed_f1"] >= 0.95, english
    # with figures read in every language, some foreign-language accounts still link apart
    assert every["macro_f1"] >= 0.43, every
    assert every["bcubed_f1"] >= 0.90, every
    for event in english["events"]:
        assert event["held"] == 1.0, event  # each event's figures on one board


@pytest.mark.skipif(not EVENTS.is_file(), reason="needs ../shared/eval/dev/news-events.jsonl")
def test_eval_board_refuses_options_that_score_figures() -> None:
    runner = CliRunner()
    mixed = runner.invoke(cli, ["eval", "--board", str(EVENTS), "--min-strict-f1", "0.5"])
    assert mixed.exit_code == 2 and "score figures, not boards" in mixed.output
    several = runner.invoke(cli, ["eval", str(EVENTS), str(EVENTS)])
    assert several.exit_code == 2 and "several only with --board" in several.output


class ExactRules:
    """Rows match only when claimant, measure and value are the same."""

    def same_row(self, shown: Row, stated: Row) -> bool:
        return (shown.names, shown.measure, shown.value_min) == (
            stated.names, stated.measure, stated.value_min)


def test_board_rows_missed_and_unstated_are_named() -> None:
    stated = [Row(("UN",), "killed", 40, "exact"), Row(("UN",), "injured", 9, "exact")]
    shown = [Row(("Herald",), "killed", 40, "exact"), Row(("UN",), "killed", 40, "exact")]
    assert match_rows(shown, stated, ExactRules()) == {1: 0}
    assert str(stated[1]) == "UN / injured / 9"
