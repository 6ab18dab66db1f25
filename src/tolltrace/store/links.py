"""SQL of the linking tables: events, copies, MinHash signatures and the claimant registry.

Plain functions on an open connection; `Ledger` wraps each in its error translation and, for
writes, in one transaction, so this module never commits or catches anything itself.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tolltrace.model import AliasProposal, CopyOf, Event, EventLink

_EVENT_COLUMNS = "id, label, kind, place, first_date, last_date"


def events(conn: sqlite3.Connection) -> list[Event]:
    rows = conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY first_date, id").fetchall()
    return [Event(*row) for row in rows]


def event(conn: sqlite3.Connection, event_id: str) -> Event | None:
    row = conn.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else Event(*row)


def event_links(conn: sqlite3.Connection, event_id: str | None = None) -> dict[int, EventLink]:
    """Links by claim id: of one event, or of every linked claim."""
    sql = "SELECT claim_id, event_id, score, decided FROM claim_events"
    rows = conn.execute(sql + " WHERE event_id = ?", (event_id,)) if event_id else conn.execute(sql)
    return {row[0]: EventLink(row[0], row[1], row[2], bool(row[3])) for row in rows}


def replace_events(
    conn: sqlite3.Connection, found: Sequence[Event], links: Iterable[EventLink]
) -> None:
    """The linker recomputes every event, so the old ones go in the same transaction."""
    conn.execute("DELETE FROM claim_events")
    conn.execute("DELETE FROM events")
    conn.executemany(
        f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [(e.id, e.label, e.kind, e.place, e.first_date, e.last_date) for e in found],
    )
    conn.executemany(
        "INSERT INTO claim_events (claim_id, event_id, score, decided) VALUES (?, ?, ?, ?)",
        [(link.claim_id, link.event_id, link.score, int(link.decided)) for link in links],
    )


def decisions(conn: sqlite3.Connection) -> list[tuple[int, str, dict[str, Any]]]:
    rows = conn.execute("SELECT id, kind, payload FROM event_decisions ORDER BY id")
    return [(row[0], row[1], json.loads(row[2])) for row in rows]


def add_decision(
    conn: sqlite3.Connection, kind: str, payload: Mapping[str, Any], created_at: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO event_decisions (kind, payload, created_at) VALUES (?, ?, ?)",
        (kind, json.dumps(payload, ensure_ascii=False, sort_keys=True), created_at),
    )
    return int(cursor.lastrowid or 0)


def copies(conn: sqlite3.Connection) -> list[CopyOf]:
    rows = conn.execute("SELECT doc_id, original_id, similarity FROM copies ORDER BY doc_id")
    return [CopyOf(*row) for row in rows]


def replace_copies(conn: sqlite3.Connection, found: Iterable[CopyOf]) -> None:
    conn.execute("DELETE FROM copies")
    conn.executemany(
        "INSERT INTO copies (doc_id, original_id, similarity) VALUES (?, ?, ?)",
        [(c.doc_id, c.original_id, c.similarity) for c in found],
    )


def minhashes(conn: sqlite3.Connection) -> dict[str, tuple[int, bytes]]:
    rows = conn.execute("SELECT doc_id, shingles, signature FROM minhashes")
    return {row[0]: (row[1], row[2]) for row in rows}


def add_minhashes(conn: sqlite3.Connection, rows: Mapping[str, tuple[int, bytes]]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO minhashes (doc_id, shingles, signature) VALUES (?, ?, ?)",
        [(doc_id, shingles, signature) for doc_id, (shingles, signature) in rows.items()],
    )


def claimants(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, type FROM claimants ORDER BY name").fetchall())


def add_claimants(conn: sqlite3.Connection, types: Mapping[str, str]) -> None:
    """New names only: a type a user set survives re-linking."""
    conn.executemany(
        "INSERT OR IGNORE INTO claimants (name, type) VALUES (?, ?)", list(types.items())
    )


def set_claimant(conn: sqlite3.Connection, name: str, kind: str) -> None:
    conn.execute(
        "INSERT INTO claimants (name, type) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET type = excluded.type",
        (name, kind),
    )


def aliases(conn: sqlite3.Connection, status: str | None = None) -> list[AliasProposal]:
    sql = "SELECT alias, name, score, status FROM claimant_aliases"
    params: tuple[str, ...] = ()
    if status is not None:
        sql += " WHERE status = ?"
        params = (status,)
    rows = conn.execute(sql + " ORDER BY score DESC, alias, name", params)
    return [AliasProposal(*row) for row in rows]


def replace_proposals(conn: sqlite3.Connection, found: Iterable[AliasProposal]) -> None:
    """Fresh proposals (and aliases the registry knows); a pair a user already decided keeps
    the user's word."""
    conn.execute("DELETE FROM claimant_aliases WHERE status = 'proposed'")
    conn.executemany(
        "INSERT OR IGNORE INTO claimant_aliases (alias, name, status, score) VALUES (?, ?, ?, ?)",
        [(p.alias, p.name, p.status, p.score) for p in found],
    )


def decide_alias(conn: sqlite3.Connection, alias: AliasProposal) -> None:
    """Record a user's answer; confirming drops the alias's other proposals and its own row."""
    if alias.status == "confirmed":
        conn.execute(
            "DELETE FROM claimant_aliases WHERE alias = ? AND status = 'proposed'", (alias.alias,)
        )
        conn.execute("DELETE FROM claimants WHERE name = ?", (alias.alias,))
    conn.execute(
        "INSERT INTO claimant_aliases (alias, name, status, score) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (alias, name) DO UPDATE SET status = excluded.status",
        (alias.alias, alias.name, alias.status, alias.score),
    )
