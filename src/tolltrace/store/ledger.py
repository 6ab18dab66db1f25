"""The ledger: documents and the claims read from them, in one SQLite file.

Every write is one explicit `BEGIN IMMEDIATE` transaction (the connection runs with
`isolation_level=None`, so Python never opens or commits one behind our back): a document
and all of its claims land together or not at all. sqlite3 errors are turned into a
one-line `LedgerError` naming the file at this boundary.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from tolltrace.errors import LedgerError
from tolltrace.model import AliasProposal, Claim, CopyOf, Document, Event, EventLink
from tolltrace.store import links
from tolltrace.store.schema import (
    LATEST_VERSION,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    Migration,
    statements,
)

BUSY_TIMEOUT_SECONDS = 5.0

# Primary SQLite result codes a user can do something about, in words that say what.
_REASONS = {
    sqlite3.SQLITE_BUSY: "database is locked by another writer; retry when it has finished",
    sqlite3.SQLITE_LOCKED: "database is locked by another writer; retry when it has finished",
    sqlite3.SQLITE_FULL: "disk full; free some space and retry",
    sqlite3.SQLITE_NOTADB: "not a tolltrace ledger: the file is not a SQLite database",
    sqlite3.SQLITE_CORRUPT: "the ledger file is corrupt; restore it from a backup",
    sqlite3.SQLITE_READONLY: "the ledger is read-only; check the file's permissions",
    sqlite3.SQLITE_CANTOPEN: "cannot open the ledger file; check that its folder exists",
}

_DOCUMENT_COLUMNS = "id, text, url, outlet, title, published, lang, source"

_CLAIM_SELECT = """
SELECT c.doc_id, c.start, c."end", c.mention, c.value_min, c.value_max, c.approx, c.measure,
       c.counted, c.claimed_by, c.via, c.corroborated_by, c.as_of, c.hypothetical, c.event,
       c.sentence, c.confidence, c.id
FROM claims AS c JOIN documents AS d ON d.id = c.doc_id
"""

_CLAIM_INSERT = """
INSERT INTO claims (doc_id, start, "end", mention, value_min, value_max, approx, measure,
                    counted, claimed_by, via, corroborated_by, as_of, hypothetical, event,
                    sentence, confidence)
VALUES (:doc_id, :start, :end, :mention, :value_min, :value_max, :approx, :measure,
        :counted, :claimed_by, :via, :corroborated_by, :as_of, :hypothetical, :event,
        :sentence, :confidence)
"""

# Any name in the claim's JSON array, compared case-insensitively (Unicode-aware casefold).
_EVENT_MATCH = "c.id IN (SELECT claim_id FROM claim_events WHERE event_id = ?)"

_CLAIMANT_MATCH = (
    "EXISTS (SELECT 1 FROM json_each(c.claimed_by) AS name"
    " WHERE tolltrace_casefold(name.value) = ?)"
)


def _reason(error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _REASONS:
        return _REASONS[code & 0xFF]
    return str(error).splitlines()[0] if str(error) else type(error).__name__


@contextmanager
def _sqlite_errors(path: str) -> Iterator[None]:
    """Callers catch one error tree, so sqlite3's exceptions stop here."""
    try:
        yield
    except sqlite3.Error as error:
        raise LedgerError(path, _reason(error)) from error


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _claim_row(doc_id: str, claim: Claim) -> dict[str, object]:
    return {
        "doc_id": doc_id,
        "start": claim.start,
        "end": claim.end,
        "mention": claim.mention,
        "value_min": claim.value_min,
        "value_max": claim.value_max,
        "approx": claim.approx,
        "measure": claim.measure,
        "counted": claim.counted,
        "claimed_by": json.dumps(list(claim.claimed_by), ensure_ascii=False),
        "via": claim.via,
        "corroborated_by": claim.corroborated_by,
        "as_of": claim.as_of,
        "hypothetical": int(claim.hypothetical),
        "event": claim.event,
        "sentence": claim.sentence,
        "confidence": claim.confidence,
    }


def _claim_from_row(row: tuple) -> Claim:
    (
        doc_id,
        start,
        end,
        mention,
        value_min,
        value_max,
        approx,
        measure,
        counted,
        claimed_by,
        via,
        corroborated_by,
        as_of,
        hypothetical,
        event,
        sentence,
        confidence,
        claim_id,
    ) = row
    return Claim(
        doc_id=doc_id,
        start=start,
        end=end,
        mention=mention,
        value_min=value_min,
        value_max=value_max,
        approx=approx,
        measure=measure,
        counted=counted,
        claimed_by=tuple(json.loads(claimed_by)),
        via=via,
        corroborated_by=corroborated_by,
        as_of=as_of,
        hypothetical=bool(hypothetical),
        event=event,
        sentence=sentence,
        confidence=confidence,
        id=claim_id,
    )


def _check_claims_belong(doc_id: str, claims: Sequence[Claim]) -> None:
    """A claim filed under the wrong document would carry false provenance: refuse it."""
    strays = sorted({claim.doc_id for claim in claims if claim.doc_id != doc_id})
    if strays:
        raise ValueError(f"claims for {strays} passed with document {doc_id!r}")


class Ledger:
    """A tolltrace ledger file (or ":memory:"), migrated to this version's schema on open."""

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = str(path)
        with _sqlite_errors(self.path):
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout)
        try:
            with _sqlite_errors(self.path):
                self._open()
        except BaseException:
            self._conn.close()
            raise

    def _open(self) -> None:
        version = self._user_version()  # the first read: fails here for a non-SQLite file
        self._check_is_ledger(version)
        self._conn.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.create_function("tolltrace_casefold", 1, _casefold, deterministic=True)
        for migration in MIGRATIONS:
            if migration.version > version:
                self._apply(migration)

    def _user_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_is_ledger(self, version: int) -> None:
        """Refuse files this code would misread or damage, before writing anything."""
        if version > LATEST_VERSION:
            raise LedgerError(
                self.path,
                f"written by a newer tolltrace (schema version {version}, this one knows up to "
                f"{LATEST_VERSION}); upgrade tolltrace to open it",
            )
        names = [
            row[0]
            for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if version == 0 and names:
            raise LedgerError(
                self.path,
                f"not a tolltrace ledger: a SQLite database with other tables ({', '.join(names)})",
            )
        if version > 0 and "migrations" not in names:
            raise LedgerError(self.path, "not a tolltrace ledger: it has no migrations table")

    def _apply(self, migration: Migration) -> None:
        with self._transaction() as conn:
            if self._user_version() >= migration.version:
                return  # another process applied it while we waited for the lock
            conn.execute(MIGRATIONS_TABLE)
            for statement in statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, _utc_now()),
            )
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")  # takes no parameter

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """IMMEDIATE takes the write lock first, so a busy ledger fails before any work."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def has_document(self, sha256: str) -> bool:
        with _sqlite_errors(self.path):
            row = self._conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,))
            return row.fetchone() is not None

    def add_document(self, doc: Document, claims: Sequence[Claim]) -> bool:
        """Store a document and its claims together; False if this text is already stored.

        A text is identified by its hash, so re-ingesting is free. A new text under a taken
        id is stored as "<id>#<sha256[:8]>": the ledger never overwrites a text it holds.
        """
        _check_claims_belong(doc.id, claims)
        sha256 = doc.sha256
        with _sqlite_errors(self.path), self._transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone():
                return False
            doc_id = self._free_id(doc.id, sha256)
            conn.execute(
                "INSERT INTO documents (id, sha256, url, outlet, title, published, lang, source,"
                " text, chars, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    sha256,
                    doc.url,
                    doc.outlet,
                    doc.title,
                    doc.published,
                    doc.lang,
                    doc.source,
                    doc.text,
                    len(doc.text),
                    _utc_now(),
                ),
            )
            self._insert_claims(doc_id, claims, f"document {doc_id!r} not written")
        return True

    def _free_id(self, doc_id: str, sha256: str) -> str:
        candidates = (doc_id, f"{doc_id}#{sha256[:8]}")
        for candidate in candidates:
            if not self._conn.execute(
                "SELECT 1 FROM documents WHERE id = ?", (candidate,)
            ).fetchone():
                return candidate
        raise LedgerError(
            self.path, f"ids {' and '.join(candidates)} already hold other texts; rename the input"
        )

    def _insert_claims(self, doc_id: str, claims: Sequence[Claim], outcome: str) -> None:
        for claim in claims:
            try:
                self._conn.execute(_CLAIM_INSERT, _claim_row(doc_id, claim))
            except sqlite3.IntegrityError as error:
                raise LedgerError(
                    self.path,
                    f"{outcome}: claim {claim.mention!r} at {claim.start}-{claim.end} "
                    f"rejected ({error})",
                ) from error

    def replace_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Swap a document's claims for a re-extraction's, all at once or not at all."""
        _check_claims_belong(doc_id, claims)
        with _sqlite_errors(self.path), self._transaction() as conn:
            if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                raise LedgerError(self.path, f"no document with id {doc_id!r}; nothing replaced")
            conn.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
            self._insert_claims(doc_id, claims, f"claims of {doc_id!r} not replaced")

    def documents(self) -> Iterator[Document]:
        """Every document by publication date, read one at a time.

        The ids are fetched first, so the caller may write (e.g. `replace_claims`) while
        iterating without an open cursor in the way.
        """
        with _sqlite_errors(self.path):
            ids = [
                row[0]
                for row in self._conn.execute("SELECT id FROM documents ORDER BY published, id")
            ]
        for doc_id in ids:
            doc = self.document(doc_id)
            if doc is not None:
                yield doc

    def document(self, doc_id: str) -> Document | None:
        with _sqlite_errors(self.path):
            row = self._conn.execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        return None if row is None else Document(*row)

    def claims(
        self,
        *,
        measure: str | None = None,
        event: str | None = None,
        claimant: str | None = None,
        doc_id: str | None = None,
        event_id: str | None = None,
        limit: int | None = None,
    ) -> list[Claim]:
        """Claims matching every filter given, by document date, document id and offset.

        `event` is the extractor's key; `event_id` the linker's event (`events.id`).
        """
        filters = [
            ("c.measure = ?", measure),
            ("c.event = ?", event),
            ("c.doc_id = ?", doc_id),
            (_EVENT_MATCH, event_id),
            (_CLAIMANT_MATCH, None if claimant is None else claimant.casefold()),
        ]
        chosen = [(condition, value) for condition, value in filters if value is not None]
        sql = _CLAIM_SELECT
        if chosen:
            sql += " WHERE " + " AND ".join(condition for condition, _ in chosen)
        sql += " ORDER BY d.published, d.id, c.start, c.id"
        params: list[object] = [value for _, value in chosen]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with _sqlite_errors(self.path):
            return [_claim_from_row(row) for row in self._conn.execute(sql, params)]

    def counts(self) -> dict[str, int]:
        with _sqlite_errors(self.path):
            documents = self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            claims = self._conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        return {"documents": documents, "claims": claims}

    # Linking: events, copies, MinHash signatures and the claimant registry (SQL in links.py).

    def events(self) -> list[Event]:
        """Every linked event, earliest first."""
        with _sqlite_errors(self.path):
            return links.events(self._conn)

    def event(self, event_id: str) -> Event | None:
        with _sqlite_errors(self.path):
            return links.event(self._conn, event_id)

    def event_links(self) -> dict[int, EventLink]:
        """Every linked claim's link, by claim id."""
        with _sqlite_errors(self.path):
            return links.event_links(self._conn)

    def event_claims(self, event_id: str) -> list[tuple[Claim, EventLink]]:
        """An event's claims in ledger order, each with how sure its link is."""
        with _sqlite_errors(self.path):
            found = links.event_links(self._conn, event_id)
        return [
            (claim, found[claim.id])
            for claim in self.claims(event_id=event_id)
            if claim.id in found
        ]

    def replace_events(self, found: Sequence[Event], event_links: Sequence[EventLink]) -> None:
        """Swap every event and claim link for a new linking run's, all at once."""
        with _sqlite_errors(self.path), self._transaction() as conn:
            links.replace_events(conn, found, event_links)

    def event_decisions(self) -> list[tuple[int, str, dict]]:
        """The user's merges, splits and renames as (id, kind, payload), in order."""
        with _sqlite_errors(self.path):
            return links.decisions(self._conn)

    def add_event_decision(self, kind: str, payload: dict) -> int:
        with _sqlite_errors(self.path), self._transaction() as conn:
            return links.add_decision(conn, kind, payload, _utc_now())

    def copies(self) -> list[CopyOf]:
        with _sqlite_errors(self.path):
            return links.copies(self._conn)

    def replace_copies(self, found: Sequence[CopyOf]) -> None:
        with _sqlite_errors(self.path), self._transaction() as conn:
            links.replace_copies(conn, found)

    def minhashes(self) -> dict[str, tuple[int, bytes]]:
        """Stored signatures as doc id -> (distinct shingles, signature bytes)."""
        with _sqlite_errors(self.path):
            return links.minhashes(self._conn)

    def add_minhashes(self, rows: dict[str, tuple[int, bytes]]) -> None:
        with _sqlite_errors(self.path), self._transaction() as conn:
            links.add_minhashes(conn, rows)

    def claimants(self) -> dict[str, str]:
        """Canonical claimant names and their types."""
        with _sqlite_errors(self.path):
            return links.claimants(self._conn)

    def claimant_aliases(self, status: str | None = None) -> list[AliasProposal]:
        with _sqlite_errors(self.path):
            return links.aliases(self._conn, status)

    def claimant_types(self) -> dict[str, str]:
        """The type of every name the registry knows: canonical names and confirmed aliases."""
        types = self.claimants()
        for alias in self.claimant_aliases("confirmed"):
            types.setdefault(alias.alias, types.get(alias.name, "unknown"))
        return types

    def update_claimants(self, types: dict[str, str], proposals: Sequence[AliasProposal]) -> None:
        """Add newly seen claimants and replace the open alias proposals, together."""
        with _sqlite_errors(self.path), self._transaction() as conn:
            links.add_claimants(conn, types)
            links.replace_proposals(conn, proposals)

    def decide_alias(self, alias: AliasProposal, kind: str | None = None) -> None:
        """Record a confirmed or rejected alias; `kind` sets the canonical name's type."""
        with _sqlite_errors(self.path), self._transaction() as conn:
            if kind is not None:
                links.set_claimant(conn, alias.name, kind)
            links.decide_alias(conn, alias)
