"""The figure board: every competing figure for one event, side by side.

A board groups an event's claims into distinct figures: the same value (or range) with the
same qualifier and measure, from the same claimant. For each figure it says who relays it,
who corroborates it, when it first and last appeared, and how many *independent* documents
carry it: a wire story republished by five outlets is one source with four copies.

One claimant is one row: the spellings of a body (confirmed aliases, and proposed ones at
`AUTO_ALIAS_SCORE` or above until a user rejects them) group under its canonical name, and
a person who gave a body's figure under the body. A sub-count (a claim whose `part_of`
points at its total) is shown under its total, never as a rival figure nor in a series.
Figures the linker placed with little confidence are listed apart, with the reason.

    >>> board = build_board(ledger, "ostrel-crackdown-2025")
    >>> for figure in board.figures: ...
    >>> board.series["Varnia Rights Watch / killed"]   # ((date, value), ...) over time

Everything here only reads the ledger, through the few methods `BoardSource` names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from .claimant_rows import row_names
from .errors import LedgerError
from .model import (
    MEASURES,
    AliasProposal,
    Board,
    BoardFigure,
    Claim,
    CopyOf,
    Document,
    Event,
    EventLink,
    EventSummary,
)

UNATTRIBUTED = "(unattributed)"
MAIN_MEASURE = "killed"
AUTO_ALIAS_SCORE = 0.9  # a proposed alias this sure groups on the board unless rejected
UNCERTAIN_SCORE = 0.4  # a figure linked less surely than this is listed apart
COMPARABLE_FIGURES = 3  # an event with fewer figures has nothing to compare: lists fold it


class BoardSource(Protocol):
    """What the board reads from a ledger (`tolltrace.store.Ledger` provides all of it)."""

    path: str

    def events(self) -> list[Event]: ...

    def event(self, event_id: str) -> Event | None: ...

    def event_claims(self, event_id: str) -> list[tuple[Claim, EventLink]]: ...

    def copies(self) -> list[CopyOf]: ...

    def claimant_types(self) -> dict[str, str]: ...

    def claimant_aliases(self, status: str | None = None) -> list[AliasProposal]: ...

    def document(self, doc_id: str) -> Document | None: ...


@dataclass(frozen=True)
class Sighting:
    """One claim with what the board needs of its document."""

    claim: Claim
    published: str | None
    original: str  # the document this one copies, or its own id
    claimant: str  # the claim's claimant under its canonical name
    score: float = 1.0  # how sure the linker is that the claim belongs to the event
    written: str = ""  # that claimant as the text wrote it


def describe_value(approx: str, value_min: int, value_max: int | None) -> str:
    """A figure in words: "at least 61", "180–450", "about 40", "up to 180", "~200 (vague)"."""
    if value_max is not None and value_max != value_min:
        return f"{value_min:,}–{value_max:,}"
    if approx == "exact":
        return f"{value_min:,}"
    if approx == "vague":
        return f"~{value_min:,} (vague)"
    return f"{approx} {value_min:,}"


def claimant_of(claim: Claim, canonical: dict[str, str] | None = None) -> str:
    """Whom a figure belongs to, under its canonical name: of the names it is credited to,
    the first one the registry or the user knows, else the first ("the group" before
    "Iran Human Rights" names the group)."""
    name = written_claimant(claim, canonical)
    return (canonical or {}).get(name, name)


def written_claimant(claim: Claim, canonical: dict[str, str] | None = None) -> str:
    """The name `claimant_of` picks, as the text wrote it."""
    canonical = canonical or {}
    known = set(canonical.values())
    names = [name for name in claim.claimed_by if name.strip()]
    if not names:
        return UNATTRIBUTED
    return next((n for n in names if n in canonical or n in known), names[0])


def canonical_names(source: BoardSource) -> dict[str, str]:
    """Aliases to the names they stand for: the confirmed ones, and proposals scored
    `AUTO_ALIAS_SCORE` or more; chains of aliases followed to their end."""
    aliases = source.claimant_aliases()
    rejected = {(a.alias, a.name) for a in aliases if a.status == "rejected"}
    found: dict[str, str] = {}
    for alias in sorted(aliases, key=lambda a: (a.status != "confirmed", -a.score, a.alias)):
        sure = alias.status == "confirmed" or (
            alias.status == "proposed" and alias.score >= AUTO_ALIAS_SCORE
        )
        if sure and (alias.alias, alias.name) not in rejected:
            found.setdefault(alias.alias, alias.name)
    for alias in found:
        seen = {alias}
        while found[alias] in found and found[found[alias]] not in seen:
            seen.add(found[alias])
            found[alias] = found[found[alias]]
    return {alias: name for alias, name in found.items() if alias != name}


def type_of(name: str, types: dict[str, str]) -> str:
    """A claimant's type from the ledger's registry, matched exactly then case-insensitively."""
    if name in types:
        return types[name]
    folded = {key.casefold(): value for key, value in types.items()}
    return folded.get(name.casefold(), "unknown")


def originals(copies: Iterable[CopyOf]) -> dict[str, str]:
    """Each copied document's first original, following chains of copies (and ignoring loops)."""
    parent = {copy.doc_id: copy.original_id for copy in copies}
    roots: dict[str, str] = {}
    for doc_id in parent:
        seen = {doc_id}
        root = parent[doc_id]
        while root in parent and parent[root] not in seen:
            seen.add(root)
            root = parent[root]
        roots[doc_id] = root
    return roots


def sightings(source: BoardSource, event_id: str) -> list[Sighting]:
    """The event's claims, each with its document's date, original and link score."""
    roots = originals(source.copies())
    canonical = canonical_names(source)
    published: dict[str, str | None] = {}
    found: list[Sighting] = []
    for claim, link in source.event_claims(event_id):
        if claim.doc_id not in published:
            document = source.document(claim.doc_id)
            published[claim.doc_id] = document.published if document else None
        original = roots.get(claim.doc_id, claim.doc_id)
        found.append(
            Sighting(
                claim, published[claim.doc_id], original, claimant_of(claim, canonical),
                1.0 if link.decided else link.score, written_claimant(claim, canonical),
            )
        )
    return found


def build_board(source: BoardSource, event_id: str) -> Board:
    """The board of one event; `LedgerError` when the ledger has no such event."""
    event = source.event(event_id)
    if event is None:
        raise LedgerError(source.path, f"no event {event_id!r}; 'tolltrace events' lists them")
    seen = sightings(source, event_id)
    names = {name for s in seen for name in s.claim.claimed_by}
    proposed = tuple(
        alias
        for alias in source.claimant_aliases("proposed")
        if alias.score < AUTO_ALIAS_SCORE and alias.alias in names
    )
    return board_of(event, seen, source.claimant_types(), proposed)


def board_of(
    event: Event,
    seen: Sequence[Sighting],
    types: dict[str, str],
    proposed: Sequence[AliasProposal] = (),
) -> Board:
    """A board from claims already gathered: the pure part of `build_board`. Spellings of
    one claimant in these claims share a row (claimant_rows.py)."""
    rows = row_names((s.written or s.claimant, s.claimant) for s in seen)
    seen = [replace(s, claimant=rows[s.written or s.claimant]) for s in seen]
    totals = totals_of(seen)
    rivals = [s for s in seen if s.claim.id not in totals]
    parts: dict[int, list[Sighting]] = defaultdict(list)
    for sighting in seen:
        if sighting.claim.id in totals:
            parts[totals[sighting.claim.id]].append(sighting)
    figures, uncertain = [], []
    for figure in _figures(rivals, types):
        under = [p for cid in figure.claim_ids for p in parts.get(cid, [])]
        figure = replace(figure, parts=tuple(_figures(under, types)))
        mine = [s for s in rivals if s.claim.id in figure.claim_ids]
        scores = [s.score for s in mine]
        if scores and max(scores) < UNCERTAIN_SCORE:
            undated = not any(s.published or s.claim.as_of for s in mine)
            figure = replace(figure, uncertain=_doubt(max(scores), undated))
            uncertain.append(figure)
        else:
            figures.append(figure)
    counted = [s for s in rivals if s.claim.id not in _ids(uncertain)]
    return Board(
        event=event,
        figures=tuple(figures),
        series=series_of(counted),
        uncertain=tuple(uncertain),
        proposed=tuple(proposed),
    )


def totals_of(seen: Sequence[Sighting]) -> dict[int, int]:
    """Each sub-count's total, by claim id: the claim of the same document whose mention
    starts where the sub-count's `part_of` points. A sub-count whose total is not among
    these claims stands as a figure of its own."""
    starts = {(s.claim.doc_id, s.claim.start): s.claim.id for s in seen}
    found = {}
    for sighting in seen:
        claim = sighting.claim
        total = starts.get((claim.doc_id, claim.part_of)) if claim.part_of is not None else None
        if claim.id is not None and total is not None and total != claim.id:
            found[claim.id] = total
    return found


def _figures(seen: Sequence[Sighting], types: dict[str, str]) -> list[BoardFigure]:
    groups: dict[tuple, list[Sighting]] = defaultdict(list)
    for sighting in seen:
        groups[_figure_key(sighting)].append(sighting)
    figures = [_figure(key, group, types) for key, group in groups.items()]
    return sorted(figures, key=_figure_order)


def _doubt(score: float, undated: bool) -> str:
    reason = (
        f"linked with little confidence ({score:.2f}): its date, place or wording barely "
        "matches the rest of the event"
    )
    return reason + ("; its article gives no date" if undated else "")


def _ids(figures: Iterable[BoardFigure]) -> set[int]:
    return {cid for figure in figures for cid in figure.claim_ids}


def _range_top(claim: Claim) -> int | None:
    """The high end of a real range; None when the figure is one number."""
    if claim.value_max is None or claim.value_max == claim.value_min:
        return None
    return claim.value_max


def _figure_key(sighting: Sighting) -> tuple:
    claim = sighting.claim
    return (
        claim.measure,
        sighting.claimant,
        claim.value_min,
        _range_top(claim),
        claim.approx,
        claim.hypothetical,
    )


def _figure(key: tuple, group: list[Sighting], types: dict[str, str]) -> BoardFigure:
    measure, claimant, value_min, value_max, approx, hypothetical = key
    claims = [sighting.claim for sighting in group]
    dates = sorted(s.published for s in group if s.published)
    as_of = sorted(c.as_of for c in claims if c.as_of)
    documents = {s.claim.doc_id for s in group}
    independent = {s.original for s in group}
    return BoardFigure(
        measure=measure,
        value_min=value_min,
        value_max=value_max,
        approx=approx,
        claimant=claimant,
        claimant_type=type_of(claimant, types),
        relays=_distinct(c.via for c in claims),
        corroborations=_distinct(c.corroborated_by for c in claims),
        first_seen=dates[0] if dates else None,
        latest_seen=dates[-1] if dates else None,
        as_of=as_of[0] if as_of else None,
        independent_documents=len(independent),
        copies=len(documents) - len(independent),
        hypothetical=hypothetical,
        claim_ids=tuple(sorted(c.id for c in claims if c.id is not None)),
        names=_distinct(name for c in claims for name in c.claimed_by[:1]),
    )


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({value for value in values if value}))


def _measure_rank(measure: str) -> int:
    return MEASURES.index(measure) if measure in MEASURES else len(MEASURES)


def _figure_order(figure: BoardFigure) -> tuple:
    return (
        _measure_rank(figure.measure),
        figure.hypothetical,
        figure.value_min,
        figure.value_max or figure.value_min,
        figure.claimant.casefold(),
    )


def series_of(seen: Sequence[Sighting]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each claimant's figure per measure over time, as ((date, value), ...) by date.

    A point's date is the claim's `as_of`, else its document's publication date. On one
    date a claimant's count is the highest figure it gives then: "19 of the dead were
    children" is part of that day's 143, not a new count. Upper bounds ("up to 180") count
    only on a date with no other figure; hypothetical figures never do, nor do copies of a
    document the event also holds (a wire story republished a day later says nothing new).
    """
    by_date: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    present = {sighting.claim.doc_id for sighting in seen}
    for sighting in seen:
        claim = sighting.claim
        date = claim.as_of or sighting.published
        repeated = sighting.original != claim.doc_id and sighting.original in present
        if claim.hypothetical or not date or repeated:
            continue
        by_date[f"{sighting.claimant} / {claim.measure}"][date].append(claim)
    series: dict[str, tuple[tuple[str, int], ...]] = {}
    for name in sorted(by_date, key=str.casefold):
        points = []
        for date, claims in sorted(by_date[name].items()):
            points.append((date, headline(claims)))
        series[name] = tuple(points)
    return series


def main_measure(figures: Iterable[BoardFigure]) -> str | None:
    """The measure a spread is taken on: killed when there is any, else the one with the
    most claims."""
    counts: dict[str, int] = defaultdict(int)
    for figure in figures:
        if not figure.hypothetical:
            counts[figure.measure] += max(1, len(figure.claim_ids))
    if not counts:
        return None
    if MAIN_MEASURE in counts:
        return MAIN_MEASURE
    return min(counts, key=lambda m: (-counts[m], _measure_rank(m)))


def headline(claims: Sequence[Claim]) -> int:
    """A claimant's count among the figures it gives for one date: the highest, since the
    others are parts of it ("143 killed, 19 of them children"); an upper bound ("up to 180")
    only when it is all there is."""
    counts = [c for c in claims if c.approx != "up to"] or claims
    return max(c.value_min for c in counts)


def spread(board: Board, measure: str | None = None) -> tuple[int | None, int | None]:
    """The lowest and highest non-hypothetical figure of a measure (the main one by default).

    The lowest is the lowest *count* a claimant gives, a point of its series: a part of a
    larger figure it states for the same date is not a competing estimate. The highest is
    the highest figure anyone gives, the top of a range or an upper bound included.
    """
    measure = measure or main_measure(board.figures)
    real = [f for f in board.figures if f.measure == measure and not f.hypothetical]
    if not real:
        return None, None
    counts = [v for key, points in board.series.items() if key.endswith(f" / {measure}")
              for _, v in points]
    lowest = min(counts) if counts else min(f.value_min for f in real)
    return lowest, max(f.value_max or f.value_min for f in real)


def summary_of(
    board: Board, seen: Sequence[Sighting], measure: str | None = None
) -> EventSummary:
    """An event's counts and spread, from its board and the claims it was built from."""
    lowest, highest = spread(board, measure)
    return EventSummary(
        event=board.event,
        claims=len(seen),
        documents=len({s.claim.doc_id for s in seen}),
        claimants=len({f.claimant for f in (*board.figures, *board.uncertain)}),
        lowest=lowest,
        highest=highest,
    )


def event_summaries(
    source: BoardSource,
    search: str | None = None,
    measure: str | None = None,
    kind: str | None = None,
) -> list[EventSummary]:
    """Events with their spread, most claims first.

    `search` matches the event's id, label, place or kind (case-insensitive substring);
    `measure` keeps events with figures of that measure and takes the spread on it;
    `kind` keeps events of that kind.
    """
    needle = search.casefold().strip() if search else ""
    types = source.claimant_types()
    summaries = []
    for event in source.events():
        if kind and (event.kind or "") != kind:
            continue
        if needle and not _matches(event, needle):
            continue
        seen = sightings(source, event.id)
        board = board_of(event, seen, types)
        if measure and not any(f.measure == measure for f in board.figures):
            continue
        summaries.append(summary_of(board, seen, measure))
    summaries.sort(key=lambda s: (-s.claims, s.event.first_date or "", s.event.id))
    return summaries


def _matches(event: Event, needle: str) -> bool:
    fields = (event.id, event.label, event.place, event.kind)
    return any(needle in field.casefold() for field in fields if field)


def event_of_claims(source: BoardSource) -> dict[int, Event]:
    """The event each linked claim belongs to, by claim id."""
    found: dict[int, Event] = {}
    for event in source.events():
        for claim, _link in source.event_claims(event.id):
            if claim.id is not None:
                found[claim.id] = event
    return found


def busiest_events(source: BoardSource, count: int = 1) -> list[str]:
    """The ids of the events with the most claims, for `tolltrace board` without an event."""
    return [summary.event.id for summary in event_summaries(source)[:count]]
