"""Whether a ledger still holds what it claims to: the promise behind every offset.

A ledger is months of a researcher's work and may have been copied, restored or edited by
hand in another tool. `check` reads it all, one document at a time, and names every place
where a stored text no longer matches its hash, a claim's span falls outside its text or
no longer holds its mention, a claim's value is not what the number reader reads at its
span, or a row points at something that is not there.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, select, text

from ..extract.reread import amounts_at
from ..model import NumberMention, sha256_of
from . import tables

_ORPHANS = {
    "claims without their document": (
        "SELECT c.id FROM claims c LEFT JOIN documents d ON d.id = c.doc_id WHERE d.id IS NULL"
    ),
    "event links without their claim": (
        "SELECT l.claim_id FROM claim_events l LEFT JOIN claims c ON c.id = l.claim_id "
        "WHERE c.id IS NULL"
    ),
    "event links without their event": (
        "SELECT l.claim_id FROM claim_events l LEFT JOIN events e ON e.id = l.event_id "
        "WHERE e.id IS NULL"
    ),
    # a page whose document is gone would be passed over on the next ingest, its text lost
    "pages without their document": (
        "SELECT p.source FROM pages p LEFT JOIN documents d ON d.id = p.doc_id WHERE d.id IS NULL"
    ),
}


def database_problems(conn: Connection) -> Iterator[str]:
    """What the database engine itself finds wrong: corruption and dangling references."""
    if conn.dialect.name == "sqlite":
        verdict = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
        if verdict != ["ok"]:
            yield f"database integrity check failed: {'; '.join(verdict[:5])}"
    for what, query in _ORPHANS.items():
        rows = conn.execute(text(query)).fetchall()
        if rows:
            yield f"{len(rows)} {what} (first: {rows[0][0]})"


def document_problems(conn: Connection, doc_id: str) -> Iterator[str]:
    """Hash, length, and every claim's span and value, of one stored document."""
    d, c = tables.documents.c, tables.claims.c
    row = conn.execute(select(d.text, d.sha256, d.chars, d.lang).where(d.id == doc_id)).first()
    if row is None:
        return
    stored, sha256, chars, lang = row
    if sha256_of(stored) != sha256:
        yield f"document {doc_id!r}: its text no longer matches its SHA-256"
    if chars != len(stored):
        yield f"document {doc_id!r}: {chars} characters recorded, {len(stored)} stored"
    spans = select(c.id, c.start, c.end, c.mention, c.value_min, c.value_max, c.approx).where(
        c.doc_id == doc_id
    )
    amounts: dict[tuple[int, int], NumberMention] | None = None
    for claim_id, start, end, mention, low, high, approx in conn.execute(spans):
        where = f"claim {claim_id} of {doc_id!r}"
        if not 0 <= start < end <= len(stored):
            yield f"{where}: span {start}-{end} outside the text"
            continue
        if stored[start:end] != mention:
            yield f"{where}: text at {start}-{end} is not {mention!r}"
            continue
        if amounts is None:
            amounts = amounts_at(stored, lang or "en")
        read = amounts.get((start, end))
        if read is None:
            yield f"{where}: no amount is read at {start}-{end} ({mention!r})"
        elif (read.value_min, read.value_max, read.approx) != (low, high, approx):
            shown, claimed = (
                _value(read.approx, read.value_min, read.value_max),
                _value(approx, low, high),
            )
            yield f"{where}: {mention!r} reads as {shown}, the ledger says {claimed}"


def _value(approx: str, low: int, high: int | None) -> str:
    return f"{approx} {low:,}" + ("" if high in (None, low) else f"-{high:,}")


def document_ids(conn: Connection) -> list[str]:
    return list(conn.execute(select(tables.documents.c.id)).scalars())
