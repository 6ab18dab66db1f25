"""Events: claims of many documents grouped around the one thing that happened.

A *unit* is the claims of one document that share an event key; a copy's claims join its
original's units, since a republished wire story is the same report. Two units are scored
from 0 to 1 on their key parts, their dates (within a window that is longer for
long-running kinds such as conflicts and epidemics), their documents' wording, shared
figures and measures. Average-linkage clustering then joins groups of units while their
mean score reaches the threshold. Everything is sorted first, so the same ledger always
gives the same events with the same ids.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import Claim, Event
from .features import (
    Key,
    Vector,
    cosine,
    gap_days,
    kind_agreement,
    month_middle,
    parse_date,
    parse_key,
    place_agreement,
    time_agreement,
    widen,
)
from .settings import LinkSettings

_MIN_SHARED_FIGURE = 10  # smaller numbers recur by chance ("three police officers")
_TEXT_SCALE = 0.35  # TF-IDF cosine at which two documents count as fully alike
_SAME_DOCUMENT = 0.6  # the floor for claims of one document: most report one event
_WEIGHTS = {"text": 0.45, "key": 0.3, "figure": 0.15, "measure": 0.1}


@dataclass
class Unit:
    """Claims of one document (or its original) with the same event key."""

    index: int
    document: str  # the original's id for a copy
    key: Key
    claims: list[Claim] = field(default_factory=list)
    dates: tuple[date, date] | None = None
    figures: set[tuple[str, int]] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Corpus:
    """What the linker knows of the documents: dates, originals, places and wording."""

    published: Mapping[str, str | None]
    originals: Mapping[str, str]  # copy -> original
    vectors: Mapping[str, Vector]  # by original id

    def original(self, doc_id: str) -> str:
        return self.originals.get(doc_id, doc_id)


@dataclass(frozen=True)
class Clustering:
    """Which claims go together, and how sure the linker is of each claim's place."""

    groups: list[list[Claim]]
    scores: dict[int, float]  # claim id -> score in [0, 1]


def claim_date(claim: Claim, published: str | None) -> date | None:
    """When a figure stands: its as_of, the month its sentence names, else the article's date."""
    if claim.as_of:
        return parse_date(claim.as_of)
    month = parse_key(claim.event).month
    if month and (published is None or not published.startswith(month)):
        return month_middle(month)
    return parse_date(published)


def units_of(claims: Iterable[Claim], corpus: Corpus) -> list[Unit]:
    by_key: dict[tuple[str, str], Unit] = {}
    ordered = sorted(claims, key=lambda c: (corpus.original(c.doc_id), c.event or "", _ref(c)))
    for claim in ordered:
        document = corpus.original(claim.doc_id)
        unit = by_key.get((document, claim.event or ""))
        if unit is None:
            unit = Unit(len(by_key), document, parse_key(claim.event))
            by_key[(document, claim.event or "")] = unit
        unit.claims.append(claim)
        unit.dates = widen(unit.dates, claim_date(claim, corpus.published.get(claim.doc_id)))
        unit.measures.add(claim.measure)
        if claim.value_min >= _MIN_SHARED_FIGURE and not claim.hypothetical:
            unit.figures.add((claim.measure, claim.value_min))
    return list(by_key.values())


def _ref(claim: Claim) -> tuple[str, int, int]:
    return (claim.doc_id, claim.start, claim.end)


class Scorer:
    """Pairwise similarity of units, with each document's places gathered once."""

    def __init__(self, units: Sequence[Unit], corpus: Corpus, settings: LinkSettings) -> None:
        self.corpus = corpus
        self.settings = settings
        self.places: dict[str, frozenset[str]] = {}
        gathered: dict[str, set[str]] = {}
        for unit in units:
            if unit.key.place:
                gathered.setdefault(unit.document, set()).add(unit.key.place)
        self.places = {doc: frozenset(places) for doc, places in gathered.items()}

    def score(self, a: Unit, b: Unit) -> float:
        window = max(self.settings.window_for(a.key.kind), self.settings.window_for(b.key.kind))
        gap = gap_days(a.dates, b.dates)
        if gap is not None and gap > window:
            return 0.0
        key = self._key_agreement(a, b)
        if a.document == b.document:
            return _SAME_DOCUMENT + (1 - _SAME_DOCUMENT) * key * time_agreement(gap, window)
        text = min(1.0, cosine(self._vector(a), self._vector(b)) / _TEXT_SCALE)
        parts = {
            "text": text,
            "key": key,
            "figure": 1.0 if a.figures & b.figures else 0.0,
            "measure": 1.0 if a.measures & b.measures else 0.0,
        }
        return time_agreement(gap, window) * sum(_WEIGHTS[k] * v for k, v in parts.items())

    def _vector(self, unit: Unit) -> Vector:
        return self.corpus.vectors.get(unit.document, {})

    def _key_agreement(self, a: Unit, b: Unit) -> float:
        """Mean agreement of the key parts both name; 0.5 when they name none in common."""
        empty: frozenset[str] = frozenset()
        votes = [
            place_agreement(
                a.key.place, b.key.place,
                self.places.get(a.document, empty), self.places.get(b.document, empty),
            ),
            kind_agreement(a.key.kind, b.key.kind),
        ]
        known = [vote for vote in votes if vote is not None]
        return sum(known) / len(known) if known else 0.5


def cluster_claims(
    claims: Sequence[Claim], corpus: Corpus, settings: LinkSettings
) -> Clustering:
    """Group claims into events and score each claim's membership."""
    units = units_of(claims, corpus)
    scorer = Scorer(units, corpus, settings)
    pairs = _pair_scores(units, scorer)
    members = average_linkage(len(units), pairs, settings.link_threshold)
    scores: dict[int, float] = {}
    for group in members:
        for index in group:
            certainty = _certainty(index, group, pairs, len(units))
            scores.update({claim.id: certainty for claim in units[index].claims if claim.id})
    groups = [[claim for index in group for claim in units[index].claims] for group in members]
    return Clustering(groups, scores)


def _pair_scores(units: Sequence[Unit], scorer: Scorer) -> dict[tuple[int, int], float]:
    """Scores of every pair that could link; pairs scoring 0 are left out."""
    pairs = {}
    for a, b in itertools.combinations(units, 2):
        score = scorer.score(a, b)
        if score > 0:
            pairs[(a.index, b.index)] = score
    return pairs


def average_linkage(
    count: int, pairs: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Join the two groups with the highest mean pairwise score until none reaches threshold.

    Missing pairs count as 0. A heap with lazy deletion keeps it near O(E log E); ties go to
    the smallest indexes, so the result never depends on dict order.
    """
    members = {i: [i] for i in range(count)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(count)}
    for (a, b), score in pairs.items():
        sums[a][b] = sums[b][a] = score
    heap = [(-score, a, b) for (a, b), score in pairs.items() if score >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = sums[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(mean + negative) > 1e-12:
            continue  # a stale entry: the groups changed since it was pushed
        _merge(a, b, members, sums)
        for other, total in sums[a].items():
            average = total / (len(members[a]) * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(a, other), max(a, other)))
    return sorted(sorted(group) for group in members.values())


def _merge(
    a: int, b: int, members: dict[int, list[int]], sums: dict[int, dict[int, float]]
) -> None:
    members[a].extend(members.pop(b))
    for other, total in sums.pop(b).items():
        if other == a:
            continue
        sums[a][other] = sums[a].get(other, 0.0) + total
        sums[other][a] = sums[a][other]
        del sums[other][b]
    sums[a].pop(b, None)


def _certainty(
    index: int, group: Sequence[int], pairs: Mapping[tuple[int, int], float], count: int
) -> float:
    """How sure a unit's place is: its mean score to the rest of its event, or, alone, how
    far it is from joining any other unit."""
    def score(other: int) -> float:
        return pairs.get((min(index, other), max(index, other)), 0.0)

    others = [other for other in group if other != index]
    if others:
        return round(sum(score(other) for other in others) / len(others), 3)
    nearest = max((score(other) for other in range(count) if other != index), default=0.0)
    return round(1.0 - nearest, 3)


def build_event(
    members: Sequence[Claim],
    published: Mapping[str, str | None],
    event_id: str | None = None,
    label: str | None = None,
) -> tuple[Event, list[Claim]]:
    """An event from its claims, which it returns earliest first.

    Kind and place are the ones most claims name; without an id, the earliest claim gives one.
    """
    ordered = sorted(members, key=lambda c: _order(c, published))
    event_id = event_id or event_id_of(ordered[0])
    dates = sorted(d for d in (claim_date(c, published.get(c.doc_id)) for c in ordered) if d)
    first = dates[0].isoformat() if dates else None
    last = dates[-1].isoformat() if dates else None
    kind = _most_common(parse_key(c.event).kind for c in ordered)
    place = _most_common(parse_key(c.event).place for c in ordered)
    label = label or " ".join(
        filter(None, (place or "unplaced", kind or "event", first[:7] if first else None))
    )
    return Event(event_id, label, kind, place, first, last), ordered


def _order(claim: Claim, published: Mapping[str, str | None]) -> tuple:
    day = claim_date(claim, published.get(claim.doc_id))
    return (day.isoformat() if day else "9999-99-99", claim.doc_id, claim.start, claim.end)


def event_id_of(earliest: Claim) -> str:
    """Slug of the earliest claim's key and a hash of where that claim is: stable while the
    event keeps its earliest claim, whatever else joins it."""
    where = f"{earliest.doc_id}:{earliest.start}:{earliest.end}".encode()
    return f"{slug(earliest.event or '') or 'event'}-{hashlib.sha1(where).hexdigest()[:6]}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(value for value in values if value)
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], value))
