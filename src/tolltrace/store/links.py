"""Queries of the linking tables: events, copies, MinHash signatures and the claimant registry.

Plain functions on an open connection; `Ledger` wraps each in its error translation and in
one transaction, so this module never commits or catches anything itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, delete, select

from tolltrace.model import AliasProposal, CopyOf, Event, EventLink
from tolltrace.store import backend, tables

_EVENT_COLUMNS = [tables.events.c[field.name] for field in fields(Event)]


def events(conn: Connection) -> list[Event]:
    query = select(*_EVENT_COLUMNS).order_by(
        tables.events.c.first_date.asc().nulls_first(), backend.text_order(conn, tables.events.c.id)
    )
    return [Event(*row) for row in conn.execute(query)]


def event(conn: Connection, event_id: str) -> Event | None:
    row = conn.execute(select(*_EVENT_COLUMNS).where(tables.events.c.id == event_id)).first()
    return None if row is None else Event(*row)


def event_links(conn: Connection, event_id: str | None = None) -> dict[int, EventLink]:
    """Links by claim id: of one event, or of every linked claim."""
    c = tables.claim_events.c
    query = select(c.claim_id, c.event_id, c.score, c.decided)
    if event_id:
        query = query.where(c.event_id == event_id)
    return {row[0]: EventLink(row[0], row[1], row[2], bool(row[3])) for row in conn.execute(query)}


def replace_events(conn: Connection, found: Sequence[Event], links: Iterable[EventLink]) -> None:
    """The linker recomputes every event, so the old ones go in the same transaction."""
    conn.execute(delete(tables.claim_events))
    conn.execute(delete(tables.events))
    _insert_all(conn, tables.events, [asdict(event) for event in found])
    rows = [
        {
            "claim_id": link.claim_id,
            "event_id": link.event_id,
            "score": link.score,
            "decided": int(link.decided),
        }
        for link in links
    ]
    _insert_all(conn, tables.claim_events, rows)


def decisions(conn: Connection) -> list[tuple[int, str, dict[str, Any]]]:
    c = tables.event_decisions.c
    rows = conn.execute(select(c.id, c.kind, c.payload).order_by(c.id))
    return [(row[0], row[1], row[2]) for row in rows]


def add_decision(conn: Connection, kind: str, payload: Mapping[str, Any], created_at: str) -> int:
    query = (
        tables.event_decisions.insert()
        .values(kind=kind, payload=dict(payload), created_at=created_at)
        .returning(tables.event_decisions.c.id)
    )
    return int(conn.execute(query).scalar_one())


def copies(conn: Connection) -> list[CopyOf]:
    c = tables.copies.c
    query = select(c.doc_id, c.original_id, c.similarity)
    query = query.order_by(backend.text_order(conn, c.doc_id))
    return [CopyOf(*row) for row in conn.execute(query)]


def replace_copies(conn: Connection, found: Iterable[CopyOf]) -> None:
    conn.execute(delete(tables.copies))
    _insert_all(conn, tables.copies, [asdict(copy) for copy in found])


def minhashes(conn: Connection) -> dict[str, tuple[int, bytes]]:
    c = tables.minhashes.c
    rows = conn.execute(select(c.doc_id, c.shingles, c.signature))
    return {row[0]: (row[1], bytes(row[2])) for row in rows}


def add_minhashes(conn: Connection, rows: Mapping[str, tuple[int, bytes]]) -> None:
    """A document hashed again replaces its old signature."""
    if not rows:
        return
    query = backend.insert(conn, tables.minhashes)
    query = query.on_conflict_do_update(
        index_elements=["doc_id"],
        set_={"shingles": query.excluded.shingles, "signature": query.excluded.signature},
    )
    conn.execute(
        query,
        [
            {"doc_id": doc_id, "shingles": shingles, "signature": signature}
            for doc_id, (shingles, signature) in rows.items()
        ],
    )


def claimants(conn: Connection) -> dict[str, str]:
    c = tables.claimants.c
    query = select(c.name, c.type).order_by(backend.text_order(conn, c.name))
    return {row[0]: row[1] for row in conn.execute(query)}


def add_claimants(conn: Connection, types: Mapping[str, str]) -> None:
    """New names only: a type a user set survives re-linking."""
    if types:
        rows = [{"name": name, "type": kind} for name, kind in types.items()]
        conn.execute(backend.insert(conn, tables.claimants).on_conflict_do_nothing(), rows)


def set_claimant(conn: Connection, name: str, kind: str) -> None:
    query = backend.insert(conn, tables.claimants).values(name=name, type=kind)
    conn.execute(
        query.on_conflict_do_update(index_elements=["name"], set_={"type": query.excluded.type})
    )


def aliases(conn: Connection, status: str | None = None) -> list[AliasProposal]:
    c = tables.claimant_aliases.c
    query = select(c.alias, c.name, c.score, c.status)
    if status is not None:
        query = query.where(c.status == status)
    query = query.order_by(
        c.score.desc(), backend.text_order(conn, c.alias), backend.text_order(conn, c.name)
    )
    return [AliasProposal(*row) for row in conn.execute(query)]


def replace_proposals(conn: Connection, found: Iterable[AliasProposal]) -> None:
    """Fresh proposals (and aliases the registry knows); a pair a user already decided keeps
    the user's word."""
    proposed = tables.claimant_aliases.c.status == "proposed"
    conn.execute(delete(tables.claimant_aliases).where(proposed))
    rows = [{"alias": p.alias, "name": p.name, "status": p.status, "score": p.score} for p in found]
    if rows:
        conn.execute(backend.insert(conn, tables.claimant_aliases).on_conflict_do_nothing(), rows)


def decide_alias(conn: Connection, alias: AliasProposal) -> None:
    """Record a user's answer; confirming drops the alias's other proposals and its own row."""
    c = tables.claimant_aliases.c
    if alias.status == "confirmed":
        conn.execute(
            delete(tables.claimant_aliases).where(c.alias == alias.alias, c.status == "proposed")
        )
        conn.execute(delete(tables.claimants).where(tables.claimants.c.name == alias.alias))
    query = backend.insert(conn, tables.claimant_aliases).values(
        alias=alias.alias, name=alias.name, status=alias.status, score=alias.score
    )
    conn.execute(
        query.on_conflict_do_update(
            index_elements=["alias", "name"], set_={"status": query.excluded.status}
        )
    )


def _insert_all(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:  # an empty executemany would insert one row of defaults
        conn.execute(table.insert(), rows)
