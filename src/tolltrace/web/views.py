"""What each page shows, as plain JSON-ready dicts: the `.json` twin of a page is exactly this,
and its HTML is this rendered by a template (plus the chart and the highlighted text)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

from ..board import (
    COMPARABLE_FIGURES,
    BoardSource,
    Sighting,
    board_of,
    build_board,
    canonical_names,
    claimant_of,
    describe_value,
    event_of_claims,
    event_summaries,
    sightings,
    spread,
    type_of,
)
from ..model import MEASURES, Board, BoardFigure, Claim, Event, EventSummary

ALIAS_STATUSES = ("proposed", "confirmed", "rejected")


@dataclass(frozen=True)
class Window:
    """One page of a list: `size` rows (already capped by the app), page `number` from 1."""

    size: int
    number: int = 1

    def cut(self, rows: list[Any]) -> tuple[list[Any], dict[str, int]]:
        """This page's rows, and where it lies: page number, size, total rows and pages."""
        pages = max(1, -(-len(rows) // self.size))
        start = (self.number - 1) * self.size
        shown = rows[start : start + self.size]
        return shown, {"number": self.number, "size": self.size, "total": len(rows), "pages": pages}


def path_part(value: str) -> str:
    """A value as one URL path segment ("/" and "#" escaped too)."""
    return quote(value, safe="")


def event_href(event_id: str) -> str:
    return f"/events/{path_part(event_id)}"


def claim_href(claim: Claim) -> str:
    return f"/documents/{path_part(claim.doc_id)}#claim-{claim.id}"


def claimant_href(name: str) -> str:
    return f"/claimants/{path_part(name)}"


def event_dict(event: Event) -> dict[str, Any]:
    return {**asdict(event), "href": event_href(event.id)}


def summary_dict(summary: EventSummary) -> dict[str, Any]:
    spread = summary.spread
    return {
        "event": event_dict(summary.event),
        "claims": summary.claims,
        "documents": summary.documents,
        "claimants": summary.claimants,
        "lowest": summary.lowest,
        "highest": summary.highest,
        "spread": round(spread, 2) if spread else None,
        "small": summary.claims < COMPARABLE_FIGURES,
    }


def events_view(
    source: BoardSource,
    q: str | None,
    measure: str | None,
    kind: str | None,
    window: Window | None = None,
) -> dict[str, Any]:
    """One page of the events list with the filters applied, and the filter form's choices."""
    summaries = event_summaries(source, search=q, measure=measure, kind=kind)
    kinds = sorted({event.kind for event in source.events() if event.kind})
    shown, page = (window or Window(max(len(summaries), 1))).cut(summaries)
    return {
        "filters": {"q": q or "", "measure": measure or "", "kind": kind or ""},
        "measures": list(MEASURES),
        "kinds": kinds,
        "events": [summary_dict(summary) for summary in shown],
        "page": page,
    }


def aliases_view(source: BoardSource, status: str | None, window: Window) -> dict[str, Any]:
    """One page of the claimant aliases (open proposals first), each name with its type."""
    types = source.claimant_types()
    order = {name: rank for rank, name in enumerate(ALIAS_STATUSES)}
    aliases = sorted(
        source.claimant_aliases(status),
        key=lambda a: (order.get(a.status, len(order)), -a.score, a.alias, a.name),
    )
    shown, page = window.cut(aliases)
    return {
        "status": status or "",
        "statuses": list(ALIAS_STATUSES),
        "aliases": [
            {**asdict(alias), "type": type_of(alias.name, types), "href": claimant_href(alias.name)}
            for alias in shown
        ],
        "page": page,
    }


def figure_dict(figure: BoardFigure, seen: dict[int, Sighting]) -> dict[str, Any]:
    """A board figure with its text, its claims and a link to its first appearance."""
    claims = [seen[i] for i in figure.claim_ids if i in seen]
    claims.sort(key=lambda s: (s.published or "9999", s.claim.doc_id, s.claim.start))
    return {
        **asdict(figure),
        "parts": [figure_dict(part, seen) for part in figure.parts],
        "other_names": [name for name in figure.names if name != figure.claimant],
        "text": describe_value(figure.approx, figure.value_min, figure.value_max),
        "claimant_href": claimant_href(figure.claimant),
        "href": claim_href(claims[0].claim) if claims else None,
        "claims": [
            {
                "id": s.claim.id,
                "doc_id": s.claim.doc_id,
                "mention": s.claim.mention,
                "published": s.published,
                "href": claim_href(s.claim),
            }
            for s in claims
        ],
    }


def add_bars(figures: list[dict[str, Any]]) -> None:
    """Give each figure its bar: percent of the highest real figure of its measure."""
    for measure in {f["measure"] for f in figures}:
        mine = [f for f in figures if f["measure"] == measure]
        real = [f for f in mine if not f["hypothetical"]] or mine
        top = max(f["value_max"] or f["value_min"] for f in real) or 1
        for figure in mine:
            share = 100 * (figure["value_max"] or figure["value_min"]) / top
            figure["bar"] = round(min(100.0, share), 1)


def _measures(board: Board, figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures grouped by measure, in the model's order, hypothetical ones apart, each with
    the length of its bar (percent of the highest real figure) and the measure's spread."""
    add_bars(figures)
    groups: list[dict[str, Any]] = []
    for measure in dict.fromkeys(f["measure"] for f in figures):
        mine = [f for f in figures if f["measure"] == measure]
        lowest, highest = spread(board, measure)
        groups.append(
            {
                "measure": measure,
                "figures": [f for f in mine if not f["hypothetical"]],
                "hypothetical": [f for f in mine if f["hypothetical"]],
                "lowest": lowest,
                "highest": highest,
                "ratio": round(highest / lowest, 2) if lowest and highest else None,
            }
        )
    return groups


def event_view(source: BoardSource, event_id: str) -> dict[str, Any] | None:
    """An event's board: figures by measure, and each claimant's series."""
    event = source.event(event_id)
    if event is None:
        return None
    seen = sightings(source, event_id)
    board = build_board(source, event_id)
    by_id = {s.claim.id: s for s in seen if s.claim.id is not None}
    figures = [figure_dict(figure, by_id) for figure in board.figures]
    return {
        "uncertain": [figure_dict(figure, by_id) for figure in board.uncertain],
        "proposed": [asdict(alias) for alias in board.proposed],
        "event": event_dict(event),
        "claims": len(seen),
        "documents": len({s.claim.doc_id for s in seen}),
        "independent_documents": len({s.original for s in seen}),
        "measures": _measures(board, figures),
        "series": {
            name: [list(point) for point in points] for name, points in board.series.items()
        },
    }


def claim_dict(
    claim: Claim, event: Event | None, claimant: str, claimant_type: str
) -> dict[str, Any]:
    row = asdict(claim)
    row["claimed_by"] = list(claim.claimed_by)
    return {
        **row,
        "text": describe_value(claim.approx, claim.value_min, claim.value_max),
        "claimant": claimant,
        "claimant_type": claimant_type,
        "event_id": event.id if event else None,
        "event_label": event.label if event else None,
        "href": claim_href(claim),
    }


def document_view(source: BoardSource, doc_id: str, claims: list[Claim]) -> dict[str, Any] | None:
    """A stored document, its text and every claim read from it, with their events."""
    document = source.document(doc_id)
    if document is None:
        return None
    events = event_of_claims(source)
    types = source.claimant_types()
    canonical = canonical_names(source)
    rows = []
    for claim in claims:
        claimant = claimant_of(claim, canonical)
        event = events.get(claim.id) if claim.id is not None else None
        rows.append(claim_dict(claim, event, claimant, type_of(claimant, types)))
    return {"document": {**asdict(document), "sha256": document.sha256}, "claims": rows}


def claimant_view(source: BoardSource, name: str) -> dict[str, Any] | None:
    """A claimant's figures in every event, with its series there."""
    types = source.claimant_types()
    wanted = name.casefold()
    found = []
    for event in source.events():
        seen = [s for s in sightings(source, event.id) if s.claimant.casefold() == wanted]
        if not seen:
            continue
        board = board_of(event, seen, types)
        by_id = {s.claim.id: s for s in seen if s.claim.id is not None}
        figures = [figure_dict(figure, by_id) for figure in board.figures]
        add_bars(figures)
        found.append(
            {
                "event": event_dict(event),
                "figures": figures,
                "series": {k: [list(p) for p in v] for k, v in board.series.items()},
            }
        )
    if not found:
        return None
    canonical = found[0]["figures"][0]["claimant"] if found[0]["figures"] else name
    return {"claimant": canonical, "type": type_of(canonical, types), "events": found}
