"""Exports of the ledger for other tools: claims, events and sources as CSV, JSON Lines or JSON,
and claims as schema.org `Claim` JSON-LD.

    >>> with Ledger("toll.db") as ledger:
    ...     export(ledger, "claims", "csv", sys.stdout)

The claim CSV has the columns a conflict-data coder expects (`CLAIM_COLUMNS`): one row per
claim, `low`/`high` equal for a single number, `date` the figure's as-of date or else its
article's publication date, `quote` the sentence it appears in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import IO, Any, Protocol

from .board import (
    BoardSource,
    Sighting,
    board_of,
    canonical_names,
    claimant_of,
    event_of_claims,
    event_summaries,
    originals,
    type_of,
)
from .escape import json_text, write_csv
from .model import BoardFigure, Claim, Document, Event

FORMATS: tuple[str, ...] = ("csv", "jsonl", "json", "schema-claim")
WHATS: tuple[str, ...] = ("claims", "events", "sources")

CLAIM_COLUMNS: tuple[str, ...] = (
    "event",
    "date",
    "measure",
    "low",
    "high",
    "approx",
    "claimant",
    "claimant_type",
    "speaker",
    "via",
    "part_of",
    "url",
    "outlet",
    "lang",
    "quote",
    "doc_id",
    "start",
    "end",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "event",
    "label",
    "kind",
    "place",
    "first_date",
    "last_date",
    "claims",
    "documents",
    "claimants",
    "lowest",
    "highest",
    "spread",
)
SOURCE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "url",
    "outlet",
    "title",
    "published",
    "lang",
    "sha256",
    "copy_of",
)

UNLINKED = Event(id="", label="claims in no event")

# Words that make an unknown claimant an organisation rather than a person.
_ORGANISATION = re.compile(
    r"\b(ministry|office|agency|group|watch|council|committee|alliance|service|army|police|"
    r"forces?|government|authorit|sources?|hospitals?|doctors|officials|organi[sz]ation|"
    r"association|union|front|party|network|news|press|times|post|mirror|society|cross|"
    r"crescent|un|who|state|department|coastguard|media|center|centre|observatory|monitor)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")


class ExportSource(BoardSource, Protocol):
    """What exports read: the board's methods plus every claim and every document."""

    def claims(self) -> list[Claim]: ...

    def documents(self) -> Iterator[Document]: ...


class UnknownExportError(ValueError):
    """A format and a `what` that do not go together (schema-claim is for claims only)."""


def claim_records(source: ExportSource) -> list[dict[str, Any]]:
    """One flat row per claim, in `CLAIM_COLUMNS` order."""
    events = event_of_claims(source)
    documents = {doc.id: doc for doc in source.documents()}
    types = source.claimant_types()
    canonical = canonical_names(source)
    rows = []
    for claim in source.claims():
        doc = documents.get(claim.doc_id)
        event = events.get(claim.id) if claim.id is not None else None
        claimant = claimant_of(claim, canonical)
        rows.append(
            {
                "event": event.id if event else None,
                "date": claim.as_of or (doc.published if doc else None),
                "measure": claim.measure,
                "low": claim.value_min,
                "high": claim.value_max if claim.value_max is not None else claim.value_min,
                "approx": claim.approx,
                "claimant": claimant,
                "claimant_type": type_of(claimant, types),
                "speaker": claim.speaker,
                "via": claim.via,
                "part_of": claim.part_of,
                "url": doc.url if doc else None,
                "outlet": doc.outlet if doc else None,
                "lang": doc.lang if doc else None,
                "quote": claim.sentence,
                "doc_id": claim.doc_id,
                "start": claim.start,
                "end": claim.end,
            }
        )
    return rows


def event_records(source: BoardSource) -> list[dict[str, Any]]:
    """One row per event with its spread on the main measure."""
    rows = []
    for summary in event_summaries(source):
        event = summary.event
        rows.append(
            {
                "event": event.id,
                "label": event.label,
                "kind": event.kind,
                "place": event.place,
                "first_date": event.first_date,
                "last_date": event.last_date,
                "claims": summary.claims,
                "documents": summary.documents,
                "claimants": summary.claimants,
                "lowest": summary.lowest,
                "highest": summary.highest,
                "spread": round(summary.spread, 2) if summary.spread else None,
            }
        )
    return rows


def source_records(source: ExportSource) -> list[dict[str, Any]]:
    """One row per document, with the document it copies (its first original) if any."""
    roots = originals(source.copies())
    return [
        {
            "doc_id": doc.id,
            "url": doc.url,
            "outlet": doc.outlet,
            "title": doc.title,
            "lang": doc.lang,
            "published": doc.published,
            "sha256": doc.sha256,
            "copy_of": roots.get(doc.id),
        }
        for doc in source.documents()
    ]


def schema_claims(source: ExportSource) -> list[dict[str, Any]]:
    """Each distinct figure of each event as a schema.org `Claim` (JSON-LD).

    `text` is the sentence of its first appearance, `author` its claimant, `appearance`
    every document carrying it and `firstAppearance` the earliest of them.
    """
    documents = {doc.id: doc for doc in source.documents()}
    roots = originals(source.copies())
    types = source.claimant_types()
    canonical = canonical_names(source)
    events = event_of_claims(source)
    grouped: dict[str, list[Sighting]] = defaultdict(list)
    by_id: dict[int, Claim] = {}
    for claim in source.claims():
        doc = documents.get(claim.doc_id)
        event = events.get(claim.id) if claim.id is not None else None
        seen = Sighting(
            claim,
            doc.published if doc else None,
            roots.get(claim.doc_id, claim.doc_id),
            claimant_of(claim, canonical),
        )
        grouped[event.id if event else ""].append(seen)
        if claim.id is not None:
            by_id[claim.id] = claim
    known = {event.id: event for event in events.values()}
    items = []
    for event_id, seen in grouped.items():
        board = board_of(known.get(event_id, UNLINKED), seen, types)
        for figure in board.figures:
            claims = [by_id[i] for i in figure.claim_ids]
            items.append(_schema_claim(figure, claims, documents))
    return items


def _schema_claim(
    figure: BoardFigure, claims: list[Claim], documents: dict[str, Document]
) -> dict[str, Any]:
    carriers = sorted(
        {c.doc_id for c in claims},
        key=lambda d: ((documents[d].published or "9999") if d in documents else "9999", d),
    )
    works = [_creative_work(documents[d]) for d in carriers if d in documents]
    first = next((c for c in claims if c.doc_id == carriers[0]), claims[0])
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "text": first.sentence,
        "author": _author(figure.claimant, figure.claimant_type),
        "appearance": works,
    }
    if works:
        item["firstAppearance"] = works[0]
    if figure.first_seen:
        item["datePublished"] = figure.first_seen
    return item


def _creative_work(doc: Document) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "identifier": doc.id}
    if doc.url:
        work["url"] = doc.url
    if doc.title:
        work["headline"] = doc.title
    if doc.outlet:
        work["publisher"] = {"@type": "Organization", "name": doc.outlet}
    if doc.published:
        work["datePublished"] = doc.published
    return work


def _author(name: str, claimant_type: str) -> dict[str, str]:
    """An Organization, unless an untyped claimant's name looks like a person's."""
    person = claimant_type == "unknown" and _PERSON.match(name) and not _ORGANISATION.search(name)
    return {"@type": "Person" if person else "Organization", "name": name}


def records(source: ExportSource, what: str) -> list[dict[str, Any]]:
    if what == "claims":
        return claim_records(source)
    if what == "events":
        return event_records(source)
    if what == "sources":
        return source_records(source)
    raise UnknownExportError(f"cannot export {what!r}; choose one of {', '.join(WHATS)}")


def export(source: ExportSource, what: str, fmt: str, out: IO[str]) -> int:
    """Write `what` (claims, events or sources) in `fmt` to `out`; returns the rows written."""
    if fmt == "schema-claim":
        if what != "claims":
            raise UnknownExportError("schema-claim exports claims only; drop --what or use claims")
        rows = schema_claims(source)
        out.write(json_text(rows, indent=2) + "\n")
        return len(rows)
    rows = records(source, what)
    if fmt == "csv":
        columns = {"claims": CLAIM_COLUMNS, "events": EVENT_COLUMNS, "sources": SOURCE_COLUMNS}
        write_csv(out, columns[what], rows)
    elif fmt == "jsonl":
        for row in rows:
            out.write(json_text(row) + "\n")
    elif fmt == "json":
        out.write(json_text(rows, indent=2) + "\n")
    else:
        raise UnknownExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return len(rows)
