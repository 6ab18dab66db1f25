"""The figure board on hand-made events: figures, independent sources, series and spread."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from boards import build_ledger
from tolltrace.board import (
    Sighting,
    build_board,
    busiest_events,
    describe_value,
    event_summaries,
    originals,
    series_of,
)
from tolltrace.cli import cli
from tolltrace.errors import LedgerError
from tolltrace.model import AliasProposal, Claim, CopyOf, Document, Event, EventLink


@dataclass
class HandMade:
    """A BoardSource held in memory: events, their claims, documents, copies and types."""

    events_: list[Event] = field(default_factory=list)
    links: dict[str, list[Claim]] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)
    copies_: list[CopyOf] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)
    aliases: list[AliasProposal] = field(default_factory=list)
    path: str = "hand-made"

    def events(self) -> list[Event]:
        return self.events_

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events_ if e.id == event_id), None)

    def event_claims(self, event_id: str) -> list[tuple[Claim, EventLink]]:
        return [(c, EventLink(c.id or 0, event_id, 0.9)) for c in self.links.get(event_id, [])]

    def copies(self) -> list[CopyOf]:
        return self.copies_

    def claimant_types(self) -> dict[str, str]:
        return self.types

    def claimant_aliases(self, status: str | None = None) -> list[AliasProposal]:
        return [a for a in self.aliases if status is None or a.status == status]

    def document(self, doc_id: str) -> Document | None:
        return self.docs.get(doc_id)


_ids = iter(range(1, 10_000))


def figure(doc: str, value: int, claimant: str | None, measure: str = "killed", **fields) -> Claim:
    mention = str(value)
    return Claim(
        doc_id=doc, start=0, end=len(mention), mention=mention, value_min=value,
        value_max=fields.pop("value_max", None), approx=fields.pop("approx", "exact"),
        measure=measure, claimed_by=(claimant,) if claimant else (), id=next(_ids), **fields,
    )


@pytest.fixture
def crackdown() -> HandMade:
    """A wire story and two copies, a rights group raising its count, a ministry, a projection."""
    dates = {"wire": "2025-03-11", "copy1": "2025-03-11", "copy2": "2025-03-12",
             "vrw1": "2025-03-12", "vrw2": "2025-03-15", "ministry": "2025-03-18",
             "alliance": "2025-03-14"}
    docs = {d: Document(id=d, text="x", published=p) for d, p in dates.items()}
    event = Event("ostrel", "Ostrel crackdown", "protests", "ostrel", "2025-03-11", "2025-03-18")
    claims = [
        *(figure(d, 61, "hospital sources", approx="at least", via="Nord Press Agency")
          for d in ("wire", "copy1", "copy2")),
        *(figure(d, 12, "Interior Ministry") for d in ("wire", "copy1", "copy2")),
        figure("vrw1", 104, "Varnia Rights Watch", approx="at least", as_of="2025-03-12"),
        figure("vrw2", 143, "Varnia Rights Watch", corroborated_by="UN"),
        figure("vrw2", 19, "Varnia Rights Watch"),  # part of that day's 143
        figure("vrw2", 104, "Varnia Rights Watch", as_of="2025-03-12"),
        figure("ministry", 17, "Interior Ministry", as_of="2025-03-18"),
        figure("alliance", 300, "Civic Alliance", approx="more than"),
        figure("alliance", 2000, "Civic Alliance", approx="vague", hypothetical=True),
        figure("alliance", 2000, "Civic Alliance", "arrested", approx="vague"),
        figure("alliance", 180, None, value_max=450, approx="range"),
    ]
    quake = Event("serrat", "Serrat quake", "earthquake", "serrat", "2025-06-02", "2025-06-04")
    docs["nes"] = Document(id="nes", text="x", published="2025-06-02")
    return HandMade(
        events_=[event, quake],
        links={"ostrel": claims, "serrat": [figure("nes", 38, "National Emergency Service")]},
        docs=docs,
        copies_=[CopyOf("copy1", "wire", 0.93), CopyOf("copy2", "copy1", 0.91)],
        types={"Varnia Rights Watch": "rights group", "interior ministry": "government",
               "Civic Alliance": "opposition group"},
    )


def by_claimant(board, claimant: str, value: int, measure: str = "killed"):
    return next(f for f in board.figures
                if f.claimant == claimant and f.value_min == value and f.measure == measure)


def test_board_counts_wire_copies_as_one_independent_source(crackdown: HandMade) -> None:
    board = build_board(crackdown, "ostrel")
    wire = by_claimant(board, "hospital sources", 61)
    assert (wire.independent_documents, wire.copies) == (1, 2)
    assert wire.relays == ("Nord Press Agency",)
    assert (wire.first_seen, wire.latest_seen) == ("2025-03-11", "2025-03-12")
    assert len(wire.claim_ids) == 3


def test_board_keeps_one_figure_per_value_qualifier_and_claimant(crackdown: HandMade) -> None:
    board = build_board(crackdown, "ostrel")
    vrw = [f for f in board.figures if f.claimant == "Varnia Rights Watch"]
    assert sorted((f.value_min, f.approx) for f in vrw) == [
        (19, "exact"), (104, "at least"), (104, "exact"), (143, "exact")]
    assert by_claimant(board, "Varnia Rights Watch", 143).corroborations == ("UN",)
    assert by_claimant(board, "Varnia Rights Watch", 104).as_of == "2025-03-12"


def test_board_types_claimants_from_the_registry_case_insensitively(crackdown: HandMade) -> None:
    board = build_board(crackdown, "ostrel")
    assert by_claimant(board, "Interior Ministry", 12).claimant_type == "government"
    assert by_claimant(board, "Civic Alliance", 300).claimant_type == "opposition group"
    assert by_claimant(board, "hospital sources", 61).claimant_type == "unknown"
    unattributed = by_claimant(board, "(unattributed)", 180)
    assert (unattributed.value_max, unattributed.claimant_type) == (450, "unknown")


def test_board_sorts_by_measure_then_puts_hypothetical_figures_last(crackdown: HandMade) -> None:
    board = build_board(crackdown, "ostrel")
    measures = [f.measure for f in board.figures]
    assert measures == sorted(measures, key=["killed", "arrested"].index)
    killed = [f for f in board.figures if f.measure == "killed"]
    assert killed[-1].hypothetical and killed[-1].value_min == 2000
    assert [f.value_min for f in killed[:-1]] == sorted(f.value_min for f in killed[:-1])


def test_board_series_follow_a_claimant_over_time(crackdown: HandMade) -> None:
    series = build_board(crackdown, "ostrel").series
    assert series["Varnia Rights Watch / killed"] == (("2025-03-12", 104), ("2025-03-15", 143))
    # copy2 republishes the wire a day later: not a new point
    assert series["Interior Ministry / killed"] == (("2025-03-11", 12), ("2025-03-18", 17))
    assert series["Civic Alliance / killed"] == (("2025-03-14", 300),)  # no hypothetical 2000


def test_board_series_prefer_counts_over_upper_bounds() -> None:
    un = [figure("d", 96, "UN", approx="at least"), figure("d", 180, "UN", approx="up to")]
    series = series_of([Sighting(c, "2025-03-17", "d", "UN") for c in un])
    assert series == {"UN / killed": (("2025-03-17", 96),)}


def test_board_of_an_unknown_event_names_the_fix(crackdown: HandMade) -> None:
    with pytest.raises(LedgerError, match="tolltrace events"):
        build_board(crackdown, "nowhere")


def test_board_follows_copy_chains_and_survives_loops() -> None:
    chain = [CopyOf("c", "b", 0.9), CopyOf("b", "a", 0.9), CopyOf("x", "y", 0.9),
             CopyOf("y", "x", 0.9)]
    roots = originals(chain)
    assert roots["c"] == "a" and roots["b"] == "a"
    assert roots["x"] in ("x", "y")


def test_event_summaries_give_the_spread_of_the_main_measure(crackdown: HandMade) -> None:
    summaries = event_summaries(crackdown)
    assert [s.event.id for s in summaries] == ["ostrel", "serrat"]
    ostrel = summaries[0]
    assert (ostrel.lowest, ostrel.highest) == (12, 450)  # the range's top end, no projection
    assert ostrel.spread == pytest.approx(37.5)
    assert ostrel.documents == 7 and ostrel.claimants == 5
    assert busiest_events(crackdown) == ["ostrel"]
    assert busiest_events(crackdown, 5) == ["ostrel", "serrat"]


def test_event_summaries_filter_by_search_kind_and_measure(crackdown: HandMade) -> None:
    assert [s.event.id for s in event_summaries(crackdown, search="QUAKE")] == ["serrat"]
    assert [s.event.id for s in event_summaries(crackdown, kind="protests")] == ["ostrel"]
    arrested = event_summaries(crackdown, measure="arrested")
    assert [(s.event.id, s.lowest, s.highest) for s in arrested] == [("ostrel", 2000, 2000)]
    assert event_summaries(crackdown, search="nothing like it") == []


def test_describe_value_reads_like_the_text() -> None:
    assert describe_value("at least", 61, None) == "at least 61"
    assert describe_value("range", 180, 450) == "180–450"
    assert describe_value("exact", 1214, 1214) == "1,214"
    assert describe_value("vague", 200, None) == "~200 (vague)"


def test_board_spread_ignores_parts_of_a_larger_count() -> None:
    docs = {"d": Document(id="d", text="x", published="2025-03-11"),
            "e": Document(id="e", text="x", published="2025-03-12")}
    claims = [figure("d", 12, "Interior Ministry"), figure("d", 3, "Interior Ministry"),
              figure("e", 58, "Varnia Rights Watch")]
    source = HandMade(events_=[Event("x", "X")], links={"x": claims}, docs=docs)
    [summary] = event_summaries(source)
    assert (summary.lowest, summary.highest) == (12, 58)  # "3 of them police" is no estimate


def test_board_and_events_commands_print_the_board(tmp_path: Path) -> None:
    db = str(build_ledger(tmp_path / "ledger.db"))
    runner = CliRunner()
    shown = runner.invoke(cli, ["board", "--db", db])  # the event with most claims
    assert shown.exit_code == 0, shown.output
    assert "Ostrel crackdown" in shown.output and "killed: 12 to 143" in shown.output
    assert "hospital sources" in shown.output and "(+1 copy)" in shown.output
    assert "Varnia Rights Watch / killed" in shown.output and "104 (03-12) → 143 (03-15)" in (
        shown.output)
    listed = runner.invoke(cli, ["events", "--db", db, "--format", "json", "--search", "quake"])
    assert [row["event"]["id"] for row in json.loads(listed.output)] == ["serrat-quake-2025"]
    table = runner.invoke(cli, ["events", "--db", db])
    assert "×11.9" in table.output
    missing = runner.invoke(cli, ["board", "nowhere", "--db", db])
    assert missing.exit_code != 0 and "tolltrace events" in str(missing.exception)
