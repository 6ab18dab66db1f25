"""What a researcher reads off a board: one row per claimant, sub-counts under their total
and out of the series, doubtful figures apart with the reason, small events folded."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from click.testing import CliRunner
from fastapi.testclient import TestClient

from boards import build_ledger
from test_board import HandMade, figure
from tolltrace.board import AUTO_ALIAS_SCORE, build_board, claimant_of
from tolltrace.claimant_rows import row_names
from tolltrace.cli import cli
from tolltrace.model import AliasProposal, Claim, Document, Event, EventLink
from tolltrace.store import Ledger
from tolltrace.web import create_app

EVENT = Event("lune", "Lune floods", "disaster", "lune", "2031-09-10", "2031-09-14")


def _source(claims: list[Claim], **fields) -> HandMade:
    docs = {c.doc_id: Document(id=c.doc_id, text="x", published="2031-09-1" + c.doc_id[-1])
            for c in claims}
    return HandMade(events_=[EVENT], links={"lune": claims}, docs=docs, **fields)


def _rows(board) -> list[tuple[str, int]]:
    return sorted((f.claimant, f.value_min) for f in board.figures)


def test_spellings_of_one_body_on_a_board_share_one_row() -> None:
    claims = [
        figure("d1", 40, "Lusenian Red Cross"),
        figure("d2", 40, "Red Cross teams"),
        figure("d3", 52, "Lusenian Red Cross"),
        figure("d4", 30, "Interior Ministry"),
    ]
    board = build_board(_source(claims), "lune")
    assert _rows(board) == [("Interior Ministry", 30), ("Lusenian Red Cross", 40),
                            ("Lusenian Red Cross", 52)]
    forty = next(f for f in board.figures if f.value_min == 40)
    assert set(forty.names) == {"Lusenian Red Cross", "Red Cross teams"}
    assert board.series["Lusenian Red Cross / killed"] == (
        ("2031-09-11", 40), ("2031-09-12", 40), ("2031-09-13", 52))


def test_a_name_two_bodies_hold_stays_its_own_row() -> None:
    rows = row_names((n, n) for n in ("Human Rights", "Iran Human Rights", "Human Rights Watch"))
    assert rows["Human Rights"] == "Human Rights"
    assert rows["Iran Human Rights"] != rows["Human Rights Watch"]


def test_sure_aliases_group_until_rejected_and_unsure_ones_are_only_proposed() -> None:
    claims = [figure("d1", 40, "VRW"), figure("d2", 40, "Varnia Rights Watch"),
              figure("d3", 55, "Varnia Right Wacht")]
    sure = AliasProposal("VRW", "Varnia Rights Watch", AUTO_ALIAS_SCORE + 0.05)
    unsure = AliasProposal("Varnia Right Wacht", "Varnia Rights Watch", AUTO_ALIAS_SCORE - 0.1)
    board = build_board(_source(claims, aliases=[sure, unsure]), "lune")
    assert _rows(board) == [("Varnia Right Wacht", 55), ("Varnia Rights Watch", 40)]
    assert board.proposed == (unsure,)

    rejected = replace(sure, status="rejected")
    board = build_board(_source(claims, aliases=[sure, rejected]), "lune")
    assert ("VRW", 40) in _rows(board)


def test_a_speaker_groups_under_the_body_not_as_a_claimant_of_their_own() -> None:
    spoken = figure("d1", 61, "Lusenian Red Cross", speaker="Ana Ruiz")
    alone = figure("d2", 70, "Ana Ruiz")
    said = AliasProposal("Ana Ruiz", "Lusenian Red Cross", 0.95)
    board = build_board(_source([spoken, alone], aliases=[said]), "lune")
    assert {f.claimant for f in board.figures} == {"Lusenian Red Cross"}
    several = figure("d3", 9, None)
    several.claimed_by = ("the group", "Lusenian Red Cross")
    assert claimant_of(several, {"Red Cross": "Lusenian Red Cross"}) == "Lusenian Red Cross"


def test_sub_counts_sit_under_their_total_and_stay_out_of_the_series() -> None:
    total = figure("d1", 143, "Lune Civil Defence")
    children = figure("d1", 19, "Lune Civil Defence")
    total.start, children.start = 10, 40
    children.part_of = total.start
    later = figure("d3", 160, "Lune Civil Defence")
    board = build_board(_source([total, children, later]), "lune")
    assert _rows(board) == [("Lune Civil Defence", 143), ("Lune Civil Defence", 160)]
    head = next(f for f in board.figures if f.value_min == 143)
    assert [(p.value_min, p.claim_ids) for p in head.parts] == [(19, (children.id,))]
    assert board.series["Lune Civil Defence / killed"] == (("2031-09-11", 143),
                                                          ("2031-09-13", 160))


def test_a_sub_count_whose_total_is_elsewhere_stands_on_its_own() -> None:
    orphan = figure("d1", 19, "Lune Civil Defence", part_of=500)
    board = build_board(_source([orphan]), "lune")
    assert _rows(board) == [("Lune Civil Defence", 19)]


@dataclass
class Doubtful(HandMade):
    """A source whose link scores come from `scores` by claim id."""

    scores: dict[int, float] = field(default_factory=dict)

    def event_claims(self, event_id: str) -> list[tuple[Claim, EventLink]]:
        return [(c, EventLink(c.id or 0, event_id, self.scores.get(c.id or 0, 0.9)))
                for c in self.links.get(event_id, [])]


def test_figures_placed_with_little_confidence_are_listed_apart_with_the_reason() -> None:
    sure, weak = figure("d1", 40, "Interior Ministry"), figure("d2", 900, "Lune Herald")
    source = Doubtful(**vars(_source([sure, weak])))
    source.scores = {weak.id: 0.2}
    board = build_board(source, "lune")
    assert _rows(board) == [("Interior Ministry", 40)]
    assert [(f.value_min, "little confidence" in (f.uncertain or "")) for f in board.uncertain] \
        == [(900, True)]
    assert "Lune Herald / killed" not in board.series
    source.docs["d2"] = Document(id="d2", text="x")  # no date
    [undated] = build_board(source, "lune").uncertain
    assert "no date" in (undated.uncertain or "")


def test_events_command_folds_events_too_small_to_compare(tmp_path) -> None:
    db = str(build_ledger(tmp_path / "ledger.db"))
    runner = CliRunner()
    folded = runner.invoke(cli, ["events", "--db", db])
    assert folded.exit_code == 0 and "Serrat" not in folded.output
    assert "1 smaller event(s) folded" in folded.output
    everything = runner.invoke(cli, ["events", "--db", db, "--all"])
    assert "Serrat" in everything.output and "folded" not in everything.output


def test_web_board_shows_a_sub_count_under_its_total_and_doubtful_figures_apart(
    tmp_path,
) -> None:
    text = "The civil defence said 143 people died, 19 of them children. A blog said 900."
    doc = Document("d1", text, published="2031-09-11", outlet="Lune Herald")

    def at(mention: str, value: int, claimant: str, **fields) -> Claim:
        start = text.index(mention)
        return Claim(doc_id="d1", start=start, end=start + len(mention), mention=mention,
                     value_min=value, value_max=None, approx="exact", measure="killed",
                     claimed_by=(claimant,), sentence=text, **fields)

    claims = [at("143", 143, "Lune Civil Defence"),
              at("19", 19, "Lune Civil Defence", part_of=text.index("143")),
              at("900", 900, "a blog")]
    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        ledger.add_document(doc, claims)
        stored = {c.mention: c.id for c in ledger.claims()}
        ledger.replace_events([EVENT], [
            EventLink(stored["143"], "lune", 0.8), EventLink(stored["19"], "lune", 0.8),
            EventLink(stored["900"], "lune", 0.1)])
    client = TestClient(create_app(path, allowed_hosts=["testserver"]))
    data = client.get("/events/lune.json").json()
    [killed] = data["measures"]
    assert [f["value_min"] for f in killed["figures"]] == [143]
    assert [p["value_min"] for p in killed["figures"][0]["parts"]] == [19]
    assert [f["value_min"] for f in data["uncertain"]] == [900]
    page = client.get("/events/lune").text
    assert "of which" in page and "Figures whose event is uncertain" in page
