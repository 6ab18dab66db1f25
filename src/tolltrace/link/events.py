"""Events: claims of many documents grouped around the one thing that happened.

Claims of one document (a copy counts as its original: a republished wire story is the
same report) that share an event key stay together. The keys of one document that fall
in the same period form a *segment*: the document's account of what is happening now, or
of a past event it recalls. Two segments of different documents are comparable when their
dates lie within a window (longer for long-running kinds such as conflicts and epidemics)
and are then scored from 0 to 1 on their documents' wording, the places and kinds their
keys name, shared figures and measures. Average-linkage clustering over comparable pairs
joins groups while their mean score reaches the threshold. Everything is sorted first, so
the same ledger always gives the same events with the same ids.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import Claim, Event
from .features import (
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
from .places import gazetteer
from .settings import LinkSettings

_MIN_SHARED_FIGURE = 10  # smaller numbers recur by chance ("three police officers")
_TEXT_SCALE = 0.35  # TF-IDF cosine at which two documents count as fully alike
_WEIGHTS = {"text": 0.45, "key": 0.3, "figure": 0.15, "measure": 0.1}
# Across languages wording says nothing: places, kinds and figures carry the whole score.
_WEIGHTS_ACROSS = {"text": 0.0, "key": 0.55, "figure": 0.27, "measure": 0.18}


@dataclass
class Segment:
    """Claims of one document (or its original) about one period, keys kept whole."""

    index: int
    document: str  # the original's id for a copy
    claims: list[Claim] = field(default_factory=list)
    dates: tuple[date, date] | None = None
    places: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)  # gazetteer places, in any language
    kinds: Counter[str] = field(default_factory=Counter)
    figures: set[tuple[str, int]] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)

    def add(self, claims: Iterable[Claim], dates: tuple[date, date] | None) -> None:
        places = gazetteer()
        for claim in claims:
            key = parse_key(claim.event)
            self.claims.append(claim)
            self.places.update([key.place] if key.place else [])
            site = places.place_of_slug(key.place) if key.place else None
            self.sites.update([site] if site else places.places_in(claim.sentence))
            kind = key.kind or places.kind_in(claim.sentence)
            self.kinds.update([kind] if kind else [])
            self.measures.add(claim.measure)
            if claim.value_min >= _MIN_SHARED_FIGURE and not claim.hypothetical:
                self.figures.add((claim.measure, claim.value_min))
        for day in dates or ():
            self.dates = widen(self.dates, day)

    @property
    def kind(self) -> str | None:
        return min(self.kinds) if self.kinds else None

    @property
    def main_kinds(self) -> set[str]:
        """The kinds named by more than half as many of its figures as the most named one: a
        stray "arrests" in an account of executions does not make it an account of arrests."""
        top = max(self.kinds.values(), default=0)
        return {kind for kind, n in self.kinds.items() if n * 2 > top}


@dataclass(frozen=True)
class Corpus:
    """What the linker knows of the documents: dates, originals and wording."""

    published: Mapping[str, str | None]
    originals: Mapping[str, str]  # copy -> original
    vectors: Mapping[str, Vector]  # by original id
    years: Mapping[str, frozenset[int]] = field(default_factory=dict)  # years each text writes
    langs: Mapping[str, str] = field(default_factory=dict)

    def original(self, doc_id: str) -> str:
        return self.originals.get(doc_id, doc_id)


@dataclass(frozen=True)
class Clustering:
    """Which claims go together, and how sure the linker is of each claim's place."""

    groups: list[list[Claim]]
    scores: dict[int, float]  # claim id -> score in [0, 1]


def claim_date(
    claim: Claim, published: str | None, written: Collection[int] | None = None
) -> date | None:
    """When a figure stands: its as_of, the month its sentence names, else the article's date.

    In an undated article, a date in a year the text never writes (given in `written`) was
    worked out from a relative phrase ("last month") against the day it was read: unknown.
    """
    found = None
    month = parse_key(claim.event).month
    if claim.as_of:
        found = parse_date(claim.as_of)
    elif month and (published is None or not published.startswith(month)):
        found = month_middle(month)
    else:
        return parse_date(published)
    if published is None and written is not None and found and found.year not in written:
        return None
    return found


def segments_of(
    claims: Iterable[Claim], corpus: Corpus, settings: LinkSettings
) -> list[Segment]:
    """Each document's keys, split where a key lies outside the window around the document's
    date (a past event it recalls); keys of one recalled period stay together."""
    keys: dict[tuple[str, str], list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (corpus.original(c.doc_id), c.event or "", _ref(c))):
        keys.setdefault((corpus.original(claim.doc_id), claim.event or ""), []).append(claim)
    segments: dict[tuple[str, str], Segment] = {}
    for (document, key), members in keys.items():
        published = parse_date(corpus.published.get(document))
        dates = _interval(members, corpus)
        window = settings.window_for(parse_key(key).kind)
        gap = gap_days(dates, (published, published) if published else None)
        period = "now" if gap is None or gap <= window else (parse_key(key).month or key)
        segment = segments.get((document, period))
        if segment is None:
            segment = segments[(document, period)] = Segment(len(segments), document)
        segment.add(members, dates)
    return list(segments.values())


def _interval(claims: Iterable[Claim], corpus: Corpus) -> tuple[date, date] | None:
    interval = None
    for claim in claims:
        written = corpus.years.get(claim.doc_id)
        interval = widen(interval, claim_date(claim, corpus.published.get(claim.doc_id), written))
    return interval


def _ref(claim: Claim) -> tuple[str, int, int]:
    return (claim.doc_id, claim.start, claim.end)


class Scorer:
    """How alike two segments of different documents are, when their dates are comparable."""

    def __init__(self, corpus: Corpus, settings: LinkSettings) -> None:
        self.corpus = corpus
        self.settings = settings

    def score(self, a: Segment, b: Segment) -> float | None:
        """A score in [0, 1], or None when the two cannot be one event."""
        if a.document == b.document:
            return None  # its segments are periods apart
        window = max(self.settings.window_for(a.kind), self.settings.window_for(b.kind))
        gap = gap_days(a.dates, b.dates)
        if gap is not None and gap > window:
            return None
        text = cosine(self._vector(a), self._vector(b)) / _TEXT_SCALE
        parts = {
            "text": min(1.0, text),
            "key": _key_agreement(a, b),
            "figure": 1.0 if a.figures & b.figures else 0.0,
            "measure": 1.0 if a.measures & b.measures else 0.0,
        }
        weights = _WEIGHTS if self._same_language(a, b) else _WEIGHTS_ACROSS
        return time_agreement(gap, window) * sum(weights[k] * v for k, v in parts.items())

    def _same_language(self, a: Segment, b: Segment) -> bool:
        langs = self.corpus.langs
        return langs.get(a.document, "en") == langs.get(b.document, "en")

    def _vector(self, segment: Segment) -> Vector:
        return self.corpus.vectors.get(segment.document, {})


def _key_agreement(a: Segment, b: Segment) -> float:
    """Mean agreement of the key parts both name; 0.5 when they name none in common. Places
    the gazetteer knows are compared along its hierarchy, others by the words of the keys;
    two accounts of one country whose keys name different places the gazetteer does not
    know ("odisha", "bihar") agree only as far as those places do."""
    places = gazetteer()
    place = places.agreement(a.sites, b.sites)
    unknown_a = {p for p in a.places if places.place_of_slug(p) is None}
    unknown_b = {p for p in b.places if places.place_of_slug(p) is None}
    local = place_agreement(unknown_a, unknown_b)
    if place is None:
        place = place_agreement(a.places, b.places)
    elif local is not None:
        place = min(place, local)
    votes = [place, kind_agreement(a.main_kinds, b.main_kinds)]
    known = [vote for vote in votes if vote is not None]
    return sum(known) / len(known) if known else 0.5


def cluster_claims(
    claims: Sequence[Claim], corpus: Corpus, settings: LinkSettings
) -> Clustering:
    """Group claims into events and score each claim's membership."""
    segments = segments_of(claims, corpus, settings)
    pairs = _pair_scores(segments, Scorer(corpus, settings))
    undated = {s.index for s in segments if s.dates is None}
    dated_pairs = {k: v for k, v in pairs.items() if not undated & set(k)}
    members = average_linkage(len(segments), dated_pairs, settings.link_threshold)
    members = place_undated(members, undated, pairs, settings)
    scores: dict[int, float] = {}
    for group in members:
        for index in group:
            certainty = _certainty(index, group, pairs)
            scores.update({c.id: certainty for c in segments[index].claims if c.id is not None})
    groups = [[claim for index in group for claim in segments[index].claims] for group in members]
    return Clustering(groups, scores)


def place_undated(
    members: list[list[int]],
    undated: set[int],
    pairs: Mapping[tuple[int, int], float],
    settings: LinkSettings,
) -> list[list[int]]:
    """Put the accounts without a date into dated events: undated accounts that are very
    alike (`undated_unit_threshold`) go as one unit into the dated event they are most like,
    when their mean score to its dated accounts reaches `undated_threshold`; the rest group
    among themselves at that threshold. An undated account only joins an event: it never
    joins two dated events into one."""
    def mean(unit: Sequence[int], group: Sequence[int]) -> float:
        found = [pairs.get((min(i, o), max(i, o))) for i in unit for o in group]
        known = [score for score in found if score is not None]
        return sum(known) / len(known) if known else 0.0

    dated = [group for group in members if not set(group) <= undated]
    among = {k: v for k, v in pairs.items() if set(k) <= undated}
    size = max(undated, default=-1) + 1
    units = [g for g in average_linkage(size, among, settings.undated_unit_threshold)
             if g[0] in undated]
    placed: dict[int, list[int]] = {}
    left: list[int] = []
    for unit in units:
        best = max(dated, key=lambda group: (mean(unit, group), -group[0]), default=None)
        if best is not None and mean(unit, best) >= settings.undated_threshold:
            placed.setdefault(best[0], []).extend(unit)
        else:
            left.extend(unit)
    rest_pairs = {k: v for k, v in among.items() if set(k) <= set(left)}
    rest = [g for g in average_linkage(size, rest_pairs, settings.undated_threshold)
            if g[0] in left]
    joined = [[*group, *placed.get(group[0], [])] for group in dated]
    return sorted(sorted(group) for group in [*joined, *rest])


def _pair_scores(
    segments: Sequence[Segment], scorer: Scorer
) -> dict[tuple[int, int], float]:
    """Scores of every comparable pair, by (lower index, higher index)."""
    ordered = sorted(segments, key=lambda s: (s.dates[0] if s.dates else date.max, s.index))
    pairs = {}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            score = scorer.score(a, b)
            if score is not None:
                pairs[(min(a.index, b.index), max(a.index, b.index))] = score
    return pairs


def average_linkage(
    count: int, pairs: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Join the two groups with the highest mean score over their comparable pairs until
    none reaches the threshold; groups with no comparable pair never join.

    A heap with lazy deletion keeps it near O(E log E); ties go to the smallest indexes, so
    the result never depends on dict order.
    """
    members = {i: [i] for i in range(count)}
    links: dict[int, dict[int, tuple[float, int]]] = {i: {} for i in range(count)}
    for (a, b), score in pairs.items():
        links[a][b] = links[b][a] = (score, 1)
    heap = [(-score, a, b) for (a, b), score in pairs.items() if score >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in links[a]:
            continue
        total, n = links[a][b]
        if abs(total / n + negative) > 1e-12:
            continue  # a stale entry: the groups changed since it was pushed
        _merge(a, b, members, links)
        for other, (total, n) in links[a].items():
            if total / n >= threshold:
                heapq.heappush(heap, (-total / n, min(a, other), max(a, other)))
    return sorted(sorted(group) for group in members.values())


def _merge(
    a: int,
    b: int,
    members: dict[int, list[int]],
    links: dict[int, dict[int, tuple[float, int]]],
) -> None:
    members[a].extend(members.pop(b))
    for other, (total, n) in links.pop(b).items():
        if other == a:
            continue
        old_total, old_n = links[a].get(other, (0.0, 0))
        links[a][other] = links[other][a] = (old_total + total, old_n + n)
        del links[other][b]
    links[a].pop(b, None)


def _certainty(index: int, group: Sequence[int], pairs: Mapping[tuple[int, int], float]) -> float:
    """How sure a segment's place is: its mean score to the comparable rest of its event, or,
    alone or with nothing comparable, how far it is from joining anything."""
    def score(other: int) -> float | None:
        return pairs.get((min(index, other), max(index, other)))

    inside = [s for s in (score(other) for other in group if other != index) if s is not None]
    if inside:
        return round(sum(inside) / len(inside), 3)
    outside = [s for (a, b), s in pairs.items() if index in (a, b)]
    return round(1.0 - max(outside, default=0.0), 3)


def build_event(
    members: Sequence[Claim],
    published: Mapping[str, str | None],
    event_id: str | None = None,
    label: str | None = None,
    years: Mapping[str, Collection[int]] | None = None,
) -> tuple[Event, list[Claim]]:
    """An event from its claims, which it returns earliest first.

    Kind and place are the ones most claims name; without an id, the earliest claim gives one.
    `years` (the years each document writes) keeps guessed dates of undated documents out.
    """
    years = years or {}
    ordered = sorted(members, key=lambda c: _order(c, published))
    event_id = event_id or event_id_of(ordered[0])
    found = (claim_date(c, published.get(c.doc_id), years.get(c.doc_id)) for c in ordered)
    dates = sorted(d for d in found if d)
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
