"""A whole ledger copied into a new one, across backends: a laptop's SQLite file onto the
team's PostgreSQL server, or a server's ledger into a file to take along or open in
Datasette.

Every table is copied row for row, ids included, so claim ids, event links and the user's
decisions mean the same in the copy. The source is read in one snapshot and the target
written in one transaction: an interrupted copy leaves the target as empty as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice

from sqlalchemy import Connection, Table, func, select, text

from ..errors import LedgerError
from . import backend, tables

# In an order that puts every row after the rows it points at.
COPIED: tuple[Table, ...] = (
    tables.documents,
    tables.claims,
    tables.pages,
    tables.events,
    tables.claim_events,
    tables.event_decisions,
    tables.copies,
    tables.minhashes,
    tables.claimants,
    tables.claimant_aliases,
)
_BATCH_ROWS = 500
# Tables whose integer ids PostgreSQL hands out: after explicit ids, its counter must move on.
_GENERATED_IDS = (tables.claims, tables.event_decisions)

RowsHandler = Callable[[str, int], None]  # table name, rows just copied


def row_counts(conn: Connection) -> dict[str, int]:
    """How many rows each copied table holds."""
    return {
        table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
        for table in COPIED
    }


def copy_rows(
    source: Connection, target: Connection, target_name: str, on_rows: RowsHandler | None
) -> dict[str, int]:
    """Copy every row of `source` into the empty ledger behind `target`; the rows per table."""
    copied: dict[str, int] = {}
    with _snapshot(source), backend.write_transaction(target):
        _check_empty(target, target_name)
        for table in COPIED:
            copied[table.name] = 0
            for batch in _batches(source, table):
                target.execute(table.insert(), batch)
                copied[table.name] += len(batch)
                if on_rows is not None:
                    on_rows(table.name, len(batch))
        if target.dialect.name == backend.POSTGRESQL:
            for table in _GENERATED_IDS:
                _move_id_counter_past(target, table)
    return copied


@contextmanager
def _snapshot(conn: Connection) -> Iterator[None]:
    """One read transaction that sees the ledger as it was when it began, whatever is written
    meanwhile (SQLite's read transactions always do; PostgreSQL's must ask)."""
    with conn.begin():
        if conn.dialect.name == backend.POSTGRESQL:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _check_empty(conn: Connection, name: str) -> None:
    held = {table: rows for table, rows in row_counts(conn).items() if rows}
    if held:
        listed = ", ".join(f"{rows} {table}" for table, rows in held.items())
        raise LedgerError(
            name, f"not empty ({listed}); a ledger is copied only into a new, empty one"
        )


def _batches(conn: Connection, table: Table) -> Iterator[list[dict[str, object]]]:
    """The table's rows in primary-key order, a batch at a time, never all in memory."""
    result = conn.execution_options(yield_per=_BATCH_ROWS).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    rows = (dict(row._mapping) for row in result)
    while batch := list(islice(rows, _BATCH_ROWS)):
        yield batch


def _move_id_counter_past(conn: Connection, table: Table) -> None:
    """The next id PostgreSQL gives is one past the largest copied (or 1 for an empty table)."""
    name = table.name
    conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE(max(id), 1), max(id) IS NOT NULL) FROM {name}"
        )
    )
