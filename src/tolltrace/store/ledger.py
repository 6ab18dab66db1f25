"""The ledger: documents and the claims read from them, in SQLite (a file) or PostgreSQL.

Every write is one transaction (`BEGIN IMMEDIATE` on SQLite, so a busy file fails before any
work): a document and all of its claims land together or not at all. A document is
inserted with ON CONFLICT DO NOTHING, so two writers ingesting the same text at once, even
from two machines on one PostgreSQL server, store it exactly once. Driver errors become a
one-line `LedgerError` naming the ledger at this boundary (backend.translate_errors).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, exc, exists, func, literal, select

from tolltrace.errors import InputError, LedgerError
from tolltrace.model import AliasProposal, Claim, CopyOf, Document, Event, EventLink
from tolltrace.store import backend, integrity, links, migrate, tables, transfer
from tolltrace.store.transfer import RowsHandler

BUSY_TIMEOUT_SECONDS = 5.0

_DOCUMENT_COLUMNS = [
    tables.documents.c[name]
    for name in (
        "id", "text", "url", "outlet", "title", "published", "lang", "source", "page_sha256"
    )
]

_CLAIM_FIELDS = (
    "doc_id", "start", "end", "mention", "value_min", "value_max", "approx", "measure",
    "counted", "claimed_by", "via", "corroborated_by", "as_of", "hypothetical", "event",
    "sentence", "confidence", "part_of", "speaker", "id",
)  # fmt: skip


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
        "claimed_by": list(claim.claimed_by),
        "via": claim.via,
        "corroborated_by": claim.corroborated_by,
        "as_of": claim.as_of,
        "hypothetical": int(claim.hypothetical),
        "event": claim.event,
        "sentence": claim.sentence,
        "confidence": claim.confidence,
        "part_of": claim.part_of,
        "speaker": claim.speaker,
    }


def _claim_from_row(row: Sequence[Any]) -> Claim:
    values = dict(zip(_CLAIM_FIELDS, row, strict=True))
    values["claimed_by"] = tuple(values["claimed_by"])
    values["hypothetical"] = bool(values["hypothetical"])
    return Claim(**values)


def _check_claims_belong(doc_id: str, claims: Sequence[Claim]) -> None:
    """A claim filed under the wrong document would carry false provenance: refuse it."""
    strays = sorted({claim.doc_id for claim in claims if claim.doc_id != doc_id})
    if strays:
        raise ValueError(f"claims for {strays} passed with document {doc_id!r}")


class Ledger:
    """A tolltrace ledger, migrated to this version's schema on open: a SQLite file (a path,
    `sqlite:///path` or ":memory:") or a PostgreSQL database (`postgresql://user@host/db`)."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        mode: backend.Mode = "create",
    ) -> None:
        """`mode` "write" opens only a ledger that exists (a server must not recreate one
        deleted under it); "read" never writes, so a ledger in a read-only folder or on
        read-only media still reads, but it must already be at this version's schema."""
        self.path = backend.display_name(path)
        with backend.translate_errors(self.path):
            self._engine = backend.create(path, busy_timeout, mode)
            try:
                self._conn: Connection = self._engine.connect()
            except BaseException:
                self._engine.dispose()
                raise
        try:
            with backend.translate_errors(self.path):
                if mode == "read":
                    migrate.check_current(self._conn, self.path)
                else:
                    migrate.upgrade(self._conn, self.path)
        except BaseException:
            self.close()
            raise

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """Reads in a short transaction too, so no snapshot stays open between calls."""
        with backend.translate_errors(self.path), self._conn.begin():
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with backend.translate_errors(self.path), backend.write_transaction(self._conn) as conn:
            yield conn

    def close(self) -> None:
        self._conn.close()
        self._engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def has_document(self, sha256: str) -> bool:
        with self._read() as conn:
            return _holder(conn, sha256) is not None

    def has_page(self, sha256: str) -> bool:
        """True when a raw HTML page with this hash was read before (`Page.sha256`)."""
        with self._read() as conn:
            query = select(literal(1)).where(tables.pages.c.sha256 == sha256)
            return conn.execute(query).first() is not None

    def add_document(self, doc: Document, claims: Sequence[Claim]) -> bool:
        """Store a document and its claims together; False if this text is already stored.

        A text is identified by its hash, so re-ingesting is free. A new text under a taken
        id is stored as "<id>#<sha256[:8]>": the ledger never overwrites a text it holds.
        The raw page a text was taken from (`doc.page_sha256`) is recorded either way.
        InputError when both ids hold other texts (ids planted by an earlier input).
        """
        _check_claims_belong(doc.id, claims)
        sha256 = doc.sha256
        candidates = (doc.id, f"{doc.id}#{sha256[:8]}")
        with self._write() as conn:
            for doc_id in candidates:
                if self._insert_document(conn, doc_id, doc):
                    self._insert_claims(conn, doc_id, claims, f"document {doc_id!r} not written")
                    _record_page(conn, doc, doc_id)
                    return True
                if (holder := _holder(conn, sha256)) is not None:
                    _record_page(conn, doc, holder)  # a second capture of a stored text
                    return False  # (or another writer stored it while we waited)
        raise InputError(  # the input's fault, not the ledger's: the run skips it and goes on
            doc.source or doc.id,
            f"ids {' and '.join(candidates)} already hold other texts; give this one another id",
        )

    def _insert_document(self, conn: Connection, doc_id: str, doc: Document) -> bool:
        """False when the id or the text is taken: the unique constraints decide, so two
        writers racing for them cannot both win."""
        query = (
            backend.insert(conn, tables.documents)
            .values(
                id=doc_id,
                sha256=doc.sha256,
                url=doc.url,
                outlet=doc.outlet,
                title=doc.title,
                published=doc.published,
                lang=doc.lang,
                source=doc.source,
                text=doc.text,
                chars=len(doc.text),
                ingested_at=migrate.utc_now(),
                page_sha256=doc.page_sha256,
            )
            .on_conflict_do_nothing()
            .returning(tables.documents.c.id)
        )
        return conn.execute(query).first() is not None

    def _insert_claims(
        self, conn: Connection, doc_id: str, claims: Sequence[Claim], outcome: str
    ) -> None:
        """All rows in one statement; if the schema rejects one, find it to name it (the
        transaction is rolled back either way)."""
        rows = [_claim_row(doc_id, claim) for claim in claims]
        if not rows:
            return
        try:
            with backend.statement_savepoint(conn):
                conn.execute(tables.claims.insert(), rows)
            return
        except exc.IntegrityError:
            pass
        for claim, row in zip(claims, rows, strict=True):
            try:
                with backend.statement_savepoint(conn):
                    conn.execute(tables.claims.insert(), [row])
            except exc.IntegrityError as error:
                raise LedgerError(
                    self.path,
                    f"{outcome}: claim {claim.mention!r} at {claim.start}-{claim.end} "
                    f"rejected ({backend.reason(error.orig)})",
                ) from error
        raise LedgerError(self.path, f"{outcome}: the claims were rejected together")

    def replace_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Swap a document's claims for a re-extraction's, all at once or not at all."""
        _check_claims_belong(doc_id, claims)
        with self._write() as conn:
            found = select(literal(1)).where(tables.documents.c.id == doc_id)
            if conn.execute(found).first() is None:
                raise LedgerError(self.path, f"no document with id {doc_id!r}; nothing replaced")
            conn.execute(tables.claims.delete().where(tables.claims.c.doc_id == doc_id))
            self._insert_claims(conn, doc_id, claims, f"claims of {doc_id!r} not replaced")

    def documents(self) -> Iterator[Document]:
        """Every document by publication date, read one at a time.

        The ids are fetched first, so the caller may write (e.g. `replace_claims`) while
        iterating without an open cursor in the way.
        """
        with self._read() as conn:
            d = tables.documents.c
            order = (d.published.asc().nulls_first(), backend.text_order(conn, d.id))
            query = select(d.id).order_by(*order)
            ids = list(conn.execute(query).scalars())
        for doc_id in ids:
            doc = self.document(doc_id)
            if doc is not None:
                yield doc

    def document(self, doc_id: str) -> Document | None:
        with self._read() as conn:
            query = select(*_DOCUMENT_COLUMNS).where(tables.documents.c.id == doc_id)
            row = conn.execute(query).first()
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

        `event` is the extractor's key; `event_id` the linker's event (`events.id`);
        `claimant` any name in the claim's `claimed_by`, compared case-insensitively.
        """
        c, d = tables.claims.c, tables.documents.c
        query = select(*[c[name] for name in _CLAIM_FIELDS]).select_from(
            tables.claims.join(tables.documents, d.id == c.doc_id)
        )
        for column, value in ((c.measure, measure), (c.event, event), (c.doc_id, doc_id)):
            if value is not None:
                query = query.where(column == value)
        if event_id is not None:
            linked = select(tables.claim_events.c.claim_id).where(
                tables.claim_events.c.event_id == event_id
            )
            query = query.where(c.id.in_(linked))
        with self._read() as conn:
            if claimant is not None:
                names, fold = backend.claimant_names(conn, c.claimed_by)
                match = select(literal(1)).select_from(names)
                query = query.where(exists(match.where(fold(names.c.value) == fold(claimant))))
            query = query.order_by(
                d.published.asc().nulls_first(), backend.text_order(conn, d.id), c.start, c.id
            )
            if limit is not None:
                query = query.limit(limit)
            return [_claim_from_row(row) for row in conn.execute(query)]

    def check(self) -> Iterator[str]:
        """Every problem `tolltrace check` reports, one line each; nothing for a sound ledger.
        Reads one document at a time, so it runs on ledgers of any size."""
        with self._read() as conn:
            yield from integrity.database_problems(conn)
            ids = integrity.document_ids(conn)
        for doc_id in ids:
            with self._read() as conn:
                problems = list(integrity.document_problems(conn, doc_id))
            yield from problems

    def copy_to(self, target: Ledger, on_rows: RowsHandler | None = None) -> dict[str, int]:
        """Copy this whole ledger into `target`, which must be empty (a new file, a new
        database or schema), on either backend; the rows copied per table. `on_rows(table,
        n)` hears of each batch, for a progress bar."""
        with backend.translate_errors(target.path):
            return transfer.copy_rows(self._conn, target._conn, target.path, on_rows)

    def table_rows(self) -> dict[str, int]:
        """How many rows each table `copy_to` copies holds."""
        with self._read() as conn:
            return transfer.row_counts(conn)

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            documents = conn.execute(select(func.count()).select_from(tables.documents)).scalar()
            claims = conn.execute(select(func.count()).select_from(tables.claims)).scalar()
        return {"documents": int(documents or 0), "claims": int(claims or 0)}

    # Linking: events, copies, MinHash signatures and the claimant registry (SQL in links.py).

    def events(self) -> list[Event]:
        """Every linked event, earliest first."""
        with self._read() as conn:
            return links.events(conn)

    def event(self, event_id: str) -> Event | None:
        with self._read() as conn:
            return links.event(conn, event_id)

    def event_links(self) -> dict[int, EventLink]:
        """Every linked claim's link, by claim id."""
        with self._read() as conn:
            return links.event_links(conn)

    def event_claims(self, event_id: str) -> list[tuple[Claim, EventLink]]:
        """An event's claims in ledger order, each with how sure its link is."""
        with self._read() as conn:
            found = links.event_links(conn, event_id)
        return [
            (claim, found[claim.id])
            for claim in self.claims(event_id=event_id)
            if claim.id in found
        ]

    def replace_events(self, found: Sequence[Event], event_links: Sequence[EventLink]) -> None:
        """Swap every event and claim link for a new linking run's, all at once."""
        with self._write() as conn:
            links.replace_events(conn, found, event_links)

    def event_decisions(self) -> list[tuple[int, str, dict]]:
        """The user's merges, splits and renames as (id, kind, payload), in order."""
        with self._read() as conn:
            return links.decisions(conn)

    def add_event_decision(self, kind: str, payload: dict) -> int:
        with self._write() as conn:
            return links.add_decision(conn, kind, payload, migrate.utc_now())

    def copies(self) -> list[CopyOf]:
        with self._read() as conn:
            return links.copies(conn)

    def replace_copies(self, found: Sequence[CopyOf]) -> None:
        with self._write() as conn:
            links.replace_copies(conn, found)

    def minhashes(self) -> dict[str, tuple[int, bytes]]:
        """Stored signatures as doc id -> (distinct shingles, signature bytes)."""
        with self._read() as conn:
            return links.minhashes(conn)

    def add_minhashes(self, rows: dict[str, tuple[int, bytes]]) -> None:
        with self._write() as conn:
            links.add_minhashes(conn, rows)

    def claimants(self) -> dict[str, str]:
        """Canonical claimant names and their types."""
        with self._read() as conn:
            return links.claimants(conn)

    def claimant_aliases(self, status: str | None = None) -> list[AliasProposal]:
        with self._read() as conn:
            return links.aliases(conn, status)

    def claimant_types(self) -> dict[str, str]:
        """The type of every name the registry knows: canonical names and confirmed aliases."""
        types = self.claimants()
        for alias in self.claimant_aliases("confirmed"):
            types.setdefault(alias.alias, types.get(alias.name, "unknown"))
        return types

    def update_claimants(self, types: dict[str, str], proposals: Sequence[AliasProposal]) -> None:
        """Add newly seen claimants and replace the open alias proposals, together."""
        with self._write() as conn:
            links.add_claimants(conn, types)
            links.replace_proposals(conn, proposals)

    def decide_alias(self, alias: AliasProposal, kind: str | None = None) -> None:
        """Record a confirmed or rejected alias; `kind` sets the canonical name's type."""
        with self._write() as conn:
            if kind is not None:
                links.set_claimant(conn, alias.name, kind)
            links.decide_alias(conn, alias)


def _holder(conn: Connection, sha256: str) -> str | None:
    """The id of the document holding this text, if any."""
    query = select(tables.documents.c.id).where(tables.documents.c.sha256 == sha256)
    return conn.execute(query).scalar()


def _record_page(conn: Connection, doc: Document, doc_id: str) -> None:
    if doc.page_sha256 is None:
        return
    query = backend.insert(conn, tables.pages).values(
        sha256=doc.page_sha256,
        doc_id=doc_id,
        source=doc.source or doc.id,
        read_at=migrate.utc_now(),
    )
    conn.execute(query.on_conflict_do_nothing())
