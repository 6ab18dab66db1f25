"""How much of what the articles state about an event its board shows, on annotated sets.

For every gold event with at least `MIN_FIGURES` figures, the *stated* rows are the distinct
(claimant, measure, value) of its figures, hypotheticals apart; the *shown* rows are those
of the board a user would open for it: the linked event that holds most of its matched
figures. A shown row matches a stated one when measure and value agree and the claimant
names it by the shared scorer's rules (`any_source`, imported from the scorer file like
`tolltrace eval` does). Board precision, recall and F1 per event, their macro mean, and the
linking scores (B-cubed, pairwise) over the figures extraction found, for every document
and for the English ones alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..api import extract
from ..board import build_board
from ..model import Board, BoardFigure, Claim, Document
from ..settings import Settings
from ..store import Ledger
from .evaluate import bcubed_scores, match_claims, pairwise_scores
from .linker import link
from .settings import LinkSettings

MIN_FIGURES = 3  # an event with fewer figures has no competing figures to compare
SPLITS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("all languages", None),
    ("English", frozenset({"en"})),
)

SameSource = Callable[[Any, Any], bool]
SameValue = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Row:
    """One (claimant, measure, value) row: names as the gold or the board gives them."""

    names: tuple[str, ...]
    measure: str
    value_min: int
    approx: str

    def as_scored(self) -> dict[str, Any]:
        return {"value_min": self.value_min, "approx": self.approx}

    def __str__(self) -> str:
        return f"{' | '.join(self.names)} / {self.measure} / {self.value_min:,}"


@dataclass(frozen=True)
class EventBoardScore:
    event: str  # the gold key
    figures: int  # its non-hypothetical gold figures
    board: str | None  # the linked event shown for it; None when no figure was found
    held: float  # share of its matched figures on that board
    stated: int
    shown: int
    matched: int
    precision: float
    recall: float
    f1: float
    missed: tuple[str, ...] = ()  # stated rows not on the board: "claimant / measure / value"
    unstated: tuple[str, ...] = ()  # rows the board shows that no article states for the event


@dataclass(frozen=True)
class BoardScores:
    split: str
    documents: int
    gold_figures: int
    matched_claims: int
    events: tuple[EventBoardScore, ...]
    macro_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Rules:
    """The shared scorer's claimant and value rules, from its file."""

    def __init__(self, scorer: Any) -> None:
        self.same_source: SameSource = scorer.any_source
        self.same_value: SameValue = scorer.same_value

    def same_row(self, shown: Row, stated: Row) -> bool:
        return (
            shown.measure == stated.measure
            and self.same_value(shown.as_scored(), stated.as_scored())
            and self.same_source(list(shown.names), list(stated.names))
        )


def evaluate_boards(
    rows: Sequence[Mapping[str, Any]],
    scorer: Any,
    settings: Settings | None = None,
    link_settings: LinkSettings | None = None,
) -> list[BoardScores]:
    """Board and linking scores of the gold documents, for each of `SPLITS` that has any."""
    documents = [Document.from_record(row) for row in rows]
    extracted = {doc.id: claims for doc, claims in extract(documents, settings)}
    rules = Rules(scorer)
    found = []
    for name, langs in SPLITS:
        kept = [row for row in rows if langs is None or (row.get("lang") or "en") in langs]
        if kept:
            found.append(_score_split(name, kept, extracted, rules, link_settings))
    return found


def _score_split(
    name: str,
    rows: Sequence[Mapping[str, Any]],
    extracted: Mapping[str, list[Claim]],
    rules: Rules,
    link_settings: LinkSettings | None,
) -> BoardScores:
    with Ledger(":memory:") as ledger:
        for row in rows:
            document = Document.from_record(row)
            ledger.add_document(document, [replace(c) for c in extracted[document.id]])
        link(ledger, link_settings)
        claims = ledger.claims()
        predicted = {cid: found.event_id for cid, found in ledger.event_links().items()}
        gold_of = match_claims(rows, claims)
        items = {cid: gold_of[cid] for cid in sorted(gold_of) if cid in predicted}
        linked = {cid: predicted[cid] for cid in items}
        events = []
        for event, figures in sorted(stated_figures(rows).items()):
            if len(figures) >= MIN_FIGURES:
                events.append(_score_event(ledger, event, figures, items, linked, rules))
    bcubed = bcubed_scores(linked, items)
    pairwise = pairwise_scores(linked, items)
    return BoardScores(
        split=name,
        documents=len(rows),
        gold_figures=sum(len(row.get("figures", [])) for row in rows),
        matched_claims=len(items),
        events=tuple(events),
        macro_f1=_mean(e.f1 for e in events),
        bcubed_precision=bcubed[0],
        bcubed_recall=bcubed[1],
        bcubed_f1=_f1(*bcubed),
        pairwise_precision=pairwise[0],
        pairwise_recall=pairwise[1],
    )


def stated_figures(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Row]]:
    """Each gold event's non-hypothetical figures as rows; an unattributed figure is the
    outlet's, as the scorer reads it."""
    found: dict[str, list[Row]] = {}
    for row in rows:
        for figure in row.get("figures", []):
            if figure.get("hypothetical") or not figure.get("event"):
                continue
            names = figure.get("claimed_by") or row.get("outlet") or ""
            found.setdefault(str(figure["event"]), []).append(
                Row(
                    tuple([names] if isinstance(names, str) else names),
                    str(figure.get("measure")),
                    int(figure.get("value_min") or 0),
                    str(figure.get("approx") or "exact"),
                )
            )
    return found


def _score_event(
    ledger: Ledger,
    event: str,
    figures: Sequence[Row],
    gold_of: Mapping[int, str],
    linked: Mapping[int, str],
    rules: Rules,
) -> EventBoardScore:
    stated = distinct(figures, rules)
    held = Counter(linked[cid] for cid, key in gold_of.items() if key == event)
    if not held:
        return EventBoardScore(event, len(figures), None, 0.0, len(stated), 0, 0, 0.0, 0.0, 0.0)
    board_id = min(held, key=lambda e: (-held[e], e))
    board = build_board(ledger, board_id)
    shown = distinct(
        [
            Row((f.claimant,), f.measure, f.value_min, f.approx)
            for f in shown_figures(board)
            if not f.hypothetical
        ],
        rules,
    )
    pairs = match_rows(shown, stated, rules)
    matched = len(pairs)
    precision, recall = _ratio(matched, len(shown)), _ratio(matched, len(stated))
    return EventBoardScore(
        event=event,
        figures=len(figures),
        board=board_id,
        held=round(held[board_id] / sum(held.values()), 4),
        stated=len(stated),
        shown=len(shown),
        matched=matched,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        missed=tuple(str(row) for i, row in enumerate(stated) if i not in pairs.values()),
        unstated=tuple(str(row) for i, row in enumerate(shown) if i not in pairs),
    )


def shown_figures(board: Board) -> list[BoardFigure]:
    """Every figure a user sees on the board: rivals, their sub-counts, and those listed
    apart as uncertain."""
    return [
        shown
        for figure in (*board.figures, *board.uncertain)
        for shown in (figure, *figure.parts)
    ]


def distinct(rows: Iterable[Row], rules: Rules) -> list[Row]:
    """Rows with repeats dropped: the same measure and value from a claimant the scorer
    takes for the same source."""
    kept: list[Row] = []
    for row in rows:
        if not any(rules.same_row(row, other) for other in kept):
            kept.append(row)
    return kept


def match_rows(shown: Sequence[Row], stated: Sequence[Row], rules: Rules) -> dict[int, int]:
    """The stated row each shown row matches (shown index -> stated index), each row used
    once, stated rows in order."""
    used: dict[int, int] = {}
    for at, row in enumerate(stated):
        for index, candidate in enumerate(shown):
            if index not in used and rules.same_row(candidate, row):
                used[index] = at
                break
    return used


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
