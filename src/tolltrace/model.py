"""The data types every stage shares: documents in, number mentions and claims out.

Stages pass these plain dataclasses to each other and never each other's internals,
so a claim read back from the ledger is the same object the extractor produced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Approx = Literal["exact", "about", "at least", "more than", "up to", "range", "vague"]
Measure = Literal[
    "killed",
    "injured",
    "casualties",
    "arrested",
    "died_of_disease",
    "missing",
    "displaced",
    "executed",
    "other",
]

APPROX_VALUES: tuple[str, ...] = (
    "exact",
    "about",
    "at least",
    "more than",
    "up to",
    "range",
    "vague",
)
MEASURES: tuple[str, ...] = (
    "killed",
    "injured",
    "casualties",
    "arrested",
    "died_of_disease",
    "missing",
    "displaced",
    "executed",
    "other",
)


def sha256_of(text: str) -> str:
    """The content hash that identifies a stored text (UTF-8 of the NFC-normalised string)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article as stored: `text` is already NFC-normalised, so offsets index it exactly."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    lang: str = "en"
    source: str | None = None  # where it was read from: a path, "path:line", or "-"
    page_sha256: str | None = None  # of the raw HTML the text was taken from; None for text

    @property
    def sha256(self) -> str:
        return sha256_of(self.text)

    @classmethod
    def from_record(cls, row: Mapping[str, Any]) -> Document:
        """A document from a record in the shared JSONL format (gold files), its text taken
        as is so the record's offsets still index it."""
        return cls(
            id=str(row["id"]),
            text=row["text"],
            url=row.get("url"),
            outlet=row.get("outlet"),
            title=row.get("title"),
            published=row.get("published"),
            lang=row.get("lang") or "en",
        )


@dataclass(frozen=True)
class NumberMention:
    """An amount read from text, before anyone decides whether it counts people.

    `start`/`end` are character offsets into the string that was read; they cover the
    qualifier too ("at least 304", "between 180 and 450", "many more thousands").
    """

    start: int
    end: int
    value_min: int
    value_max: int | None
    approx: Approx
    text: str


@dataclass
class Claim:
    """One human-toll figure as a document reports it, with its provenance.

    `claimed_by` is empty only when the text attributes the figure to no one and the
    document has no outlet; unattributed figures otherwise belong to the outlet.
    """

    doc_id: str
    start: int
    end: int
    mention: str
    value_min: int
    value_max: int | None
    approx: Approx
    measure: Measure
    counted: str | None = None  # what is counted, in the text's own words ("protesters")
    claimed_by: tuple[str, ...] = ()
    via: str | None = None
    corroborated_by: str | None = None
    as_of: str | None = None  # YYYY-MM-DD
    hypothetical: bool = False
    event: str | None = None
    sentence: str = ""
    confidence: float = 0.5
    # a sub-count ("including 12 children") points at its total: the document offset where
    # the total's mention starts; None for a figure that is no part of another
    part_of: int | None = None
    # the person who gave the figure for the organisation in `claimed_by` ("Joel Millman, a
    # spokesman for IOM"): the board groups by the organisation, the person is kept apart
    speaker: str | None = None
    id: int | None = None  # the ledger's row id, once stored

    def to_prediction(self) -> dict[str, Any]:
        """The claim in the scorer's prediction format plus every other field."""
        row = asdict(self)
        names = list(self.claimed_by)
        if self.speaker and self.speaker not in names:
            names.append(self.speaker)  # the gold lists the person beside the organisation
        row["claimed_by"] = names[0] if len(names) == 1 else (names or None)
        return row


@dataclass(frozen=True)
class Page:
    """An HTML page as read, before its article text is taken out: that costs more than
    reading the page, so it can be left to the workers of a cluster. `sha256` of the raw bytes
    tells a page already ingested without parsing it again."""

    source: str  # where it was read from: a path, "file.warc.gz#record-N", or "-"
    data: bytes
    id: str  # the document id it will get: the source, or a WARC record's target URI
    url: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class SkippedInput:
    """An input that could not be read, and why, in words a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class IngestReport:
    """What one ingest run did; the CLI prints it and picks the exit status from it."""

    added: int = 0
    unchanged: int = 0
    claims: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    # documents stored without figures because no pipeline reads their language, by language
    unsupported: dict[str, int] = field(default_factory=dict)

    @property
    def ingested_anything(self) -> bool:
        return self.added + self.unchanged > 0


CLAIMANT_TYPES: tuple[str, ...] = (
    "government",
    "rights group",
    "news agency",
    "opposition group",
    "international body",
    "health authority",
    "unknown",
)


@dataclass(frozen=True)
class Claimant:
    """A source of figures under its canonical name, with the other names it goes by."""

    name: str
    type: str = "unknown"
    aliases: tuple[str, ...] = ()
    # phrases that describe the body rather than name it ("the UN health agency"): a text
    # that uses one is credited to the name
    descriptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CopyOf:
    """A document that republishes another (a wire story in many outlets): one source, not two."""

    doc_id: str
    original_id: str
    similarity: float


@dataclass(frozen=True)
class Event:
    """Something that happened, as the linker groups claims of many documents around it."""

    id: str
    label: str
    kind: str | None = None
    place: str | None = None
    first_date: str | None = None  # YYYY-MM-DD of the earliest document or as_of
    last_date: str | None = None


@dataclass(frozen=True)
class EventLink:
    """A claim placed in an event, with how sure the linker is; `decided` marks a user's call."""

    claim_id: int
    event_id: str
    score: float
    decided: bool = False


@dataclass(frozen=True)
class BoardFigure:
    """One distinct figure for an event and measure, with everyone who carries it."""

    measure: str
    value_min: int
    value_max: int | None
    approx: str
    claimant: str
    claimant_type: str
    relays: tuple[str, ...]
    corroborations: tuple[str, ...]
    first_seen: str | None
    latest_seen: str | None
    as_of: str | None
    independent_documents: int
    copies: int
    hypothetical: bool
    claim_ids: tuple[int, ...]
    names: tuple[str, ...] = ()  # every spelling grouped under `claimant`, as the texts wrote it
    parts: tuple[BoardFigure, ...] = ()  # its sub-counts ("including 12 children")
    uncertain: str | None = None  # why its event is uncertain; None when it is not


@dataclass(frozen=True)
class Board:
    """Every competing figure for one event, and each claimant's series over time.

    `figures` are the rival figures, each with its sub-counts under it; `uncertain` the
    figures whose place in this event is in doubt, with the reason; `proposed` the aliases
    of its claimants that wait for a user's word."""

    event: Event
    figures: tuple[BoardFigure, ...]
    series: dict[str, tuple[tuple[str, int], ...]]  # "claimant / measure" -> ((date, value), ...)
    uncertain: tuple[BoardFigure, ...] = ()
    proposed: tuple[AliasProposal, ...] = ()


@dataclass(frozen=True)
class EventSummary:
    """An event in a list: how many figures, and how far apart the lowest and highest are."""

    event: Event
    claims: int
    documents: int
    claimants: int
    lowest: int | None
    highest: int | None

    @property
    def spread(self) -> float | None:
        if not self.lowest or not self.highest:
            return None
        return self.highest / self.lowest


@dataclass(frozen=True)
class AliasProposal:
    """Another name for a claimant, with how close the names are (0 to 1) and the user's word."""

    alias: str
    name: str
    score: float
    status: str = "proposed"  # proposed | confirmed | rejected


@dataclass(frozen=True)
class LinkReport:
    """What one linking run found; the CLI prints it."""

    events: int = 0
    claims_linked: int = 0
    copies: int = 0
    alias_proposals: int = 0
    decisions_applied: int = 0
    documents_hashed: int = 0  # new MinHash signatures; the rest were read from the ledger
