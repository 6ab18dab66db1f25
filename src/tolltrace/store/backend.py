"""Where SQLite and PostgreSQL differ, in one place: connecting, JSON arrays, upserts, errors.

Everything else in the store is written once in SQLAlchemy Core. A ledger is a plain path or
`sqlite:///...` (SQLite, the default) or `postgresql://...` (PostgreSQL through psycopg 3).
Driver errors stop in `translate_errors`, which turns them into one-line `LedgerError`s.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from sqlalchemy import Connection, Engine, Table, create_engine, event, exc, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.dml import Insert

from tolltrace.errors import LedgerError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# How a ledger is opened: created if missing and migrated; written but never created; read.
Mode = Literal["create", "write", "read"]

# Both JSON columns (claims.claimed_by, event_decisions.payload) are written this one way.
_dump_json = partial(json.dumps, ensure_ascii=False, sort_keys=True)

# Primary SQLite result codes a user can do something about, in words that say what.
_SQLITE_REASONS = {
    sqlite3.SQLITE_BUSY: "database is locked by another writer; retry when it has finished",
    sqlite3.SQLITE_LOCKED: "database is locked by another writer; retry when it has finished",
    sqlite3.SQLITE_FULL: "disk full; free some space and retry",
    sqlite3.SQLITE_NOTADB: "not a tolltrace ledger: the file is not a SQLite database",
    sqlite3.SQLITE_CORRUPT: "the ledger file is corrupt; restore it from a backup",
    sqlite3.SQLITE_READONLY: "the ledger is read-only; check the file's permissions",
    sqlite3.SQLITE_CANTOPEN: "cannot open the ledger file; check that it and its folder exist",
}

# PostgreSQL SQLSTATE classes and codes, in the same words as SQLite's where they mean the same.
_POSTGRES_REASONS = {
    "08": "cannot reach the PostgreSQL server; check the URL and that the server is running",
    "28": "the PostgreSQL server refused the login; check the user name and password",
    "3D": "no such database on the PostgreSQL server; create it first (docs/postgresql.md)",
    "42501": "permission denied; the role needs the rights listed in docs/postgresql.md",
    "53100": "disk full on the PostgreSQL server; free some space and retry",
    "40001": "another writer changed the same rows at once; retry",
    "40P01": "another writer changed the same rows at once; retry",
    "55P03": "database is locked by another writer; retry when it has finished",
    "25006": "the PostgreSQL session is read-only; connect to the primary server",
}

# psycopg reports a refused connection without a SQLSTATE: its message says why.
_CONNECT_FAILURES = (
    ("authentication failed", "28"),
    ("no pg_hba.conf entry", "28"),
    ('role "', "28"),  # FATAL:  role "x" does not exist
    ('database "', "3D"),  # FATAL:  database "x" does not exist
)

_CONSTRAINT_KINDS = {
    "23514": "CHECK",
    "23503": "FOREIGN KEY",
    "23505": "UNIQUE",
    "23502": "NOT NULL",
}


def parse_target(target: str | Path) -> tuple[str, URL]:
    """The backend a `--db` value names and the SQLAlchemy URL to reach it."""
    text = str(target)
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        url = make_url("postgresql+psycopg://" + text.split("://", 1)[1])
        return POSTGRESQL, url
    if scheme.startswith("sqlite"):
        return SQLITE, make_url(text)
    return SQLITE, URL.create("sqlite", database=text)


def display_name(target: str | Path) -> str:
    """How errors name a ledger: the path as given, or the URL without its password."""
    text = str(target)
    if "://" not in text or text.startswith("sqlite"):
        return text
    try:
        url = parse_target(text)[1].set(drivername="postgresql")
        return url.render_as_string(hide_password=True)
    except exc.ArgumentError:
        return text.split("@", 1)[-1]  # never echo something that may hold a password


def create(target: str | Path, busy_timeout: float, mode: Mode = "create") -> Engine:
    """An engine with no pool: a `Ledger` holds one connection for its whole life.

    `mode` "write" never creates a missing ledger file, "read" never writes: SQLite's own
    open modes (`mode=rw`, `mode=ro`), and a read-only session on PostgreSQL.
    """
    backend, url = parse_target(target)
    if backend == POSTGRESQL:
        if mode == "read":  # added to the URL's own options (a search_path, say), not over them
            given = url.query.get("options", "")
            given = " ".join(given) if isinstance(given, tuple) else given
            options = f"{given} -c default_transaction_read_only=on".strip()
            url = url.update_query_dict({"options": options})
        return create_engine(url, poolclass=NullPool, json_serializer=_dump_json)
    extra: dict[str, Any] = {"connect_args": {"timeout": busy_timeout}}
    database = url.database or ""
    if mode != "create" and database not in ("", ":memory:") and not database.startswith("file:"):
        extra = {"creator": partial(_open_sqlite, database, mode, busy_timeout)}
    engine = create_engine(url, poolclass=NullPool, json_serializer=_dump_json, **extra)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _open_sqlite(path: str, mode: Mode, busy_timeout: float) -> sqlite3.Connection:
    """A SQLite file opened without creating it ("write") or without writing ("read"). A
    ledger in WAL mode needs its `-shm` file even to be read; in a folder we may not write,
    where that file cannot be made, it is read as immutable (SQLite's own flag for
    read-only media) rather than refused."""
    uri = f"file:{quote(os.path.abspath(path))}?mode={'ro' if mode == 'read' else 'rw'}"
    connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout)
    try:
        connection.execute("PRAGMA schema_version")  # opens the file (and the -shm) now
        return connection
    except sqlite3.Error:
        connection.close()
        if mode != "read" or os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
            raise
    return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=busy_timeout)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Python's sqlite3 must not open or commit transactions behind our back: we BEGIN ourselves.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")
    dbapi_connection.create_function("tolltrace_casefold", 1, _casefold, deterministic=True)


def _on_sqlite_begin(conn: Connection) -> None:
    """A write takes the lock first (IMMEDIATE), so a busy ledger fails before any work."""
    mode = "IMMEDIATE" if conn.info.get("tolltrace_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(conn: Connection) -> Iterator[Connection]:
    """One write, committed whole or rolled back whole."""
    conn.info["tolltrace_write"] = True
    try:
        with conn.begin():
            yield conn
    finally:
        conn.info.pop("tolltrace_write", None)


def statement_savepoint(conn: Connection) -> AbstractContextManager[object]:
    """What lets the transaction go on after a failed statement: SQLite undoes just that
    statement by itself; PostgreSQL aborts the whole transaction unless a savepoint was set."""
    return conn.begin_nested() if conn.dialect.name == POSTGRESQL else nullcontext()


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def use_wal(conn: Connection) -> None:
    """WAL lets readers (Datasette) read while we write. Changing it rewrites the file
    header, so this runs only once the file is known to be a ledger, outside a transaction."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    driver.execute("PRAGMA journal_mode = WAL")


def user_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def set_user_version(conn: Connection, version: int) -> None:
    conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")  # takes no parameter


def lock_schema(conn: Connection) -> None:
    """On PostgreSQL, two first opens of an empty database would both create the tables: the
    second waits here until the first has committed (SQLite's BEGIN IMMEDIATE does this)."""
    if conn.dialect.name == POSTGRESQL:
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7460121)")  # any fixed number


def claimant_names(conn: Connection, claimed_by: ColumnElement[Any]) -> tuple[Any, Any]:
    """The names in a `claimed_by` array as a table with a `value` column, and the
    case-insensitive fold to compare them with (Python's casefold on SQLite, whose lower()
    knows only ASCII; lower() on PostgreSQL, which follows the database's Unicode locale)."""
    if conn.dialect.name == POSTGRESQL:
        return func.jsonb_array_elements_text(claimed_by).table_valued("value"), func.lower
    return func.json_each(claimed_by).table_valued("value"), func.tolltrace_casefold


def text_order(conn: Connection, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """Sort text by code point on both backends, whatever the server's collation."""
    return column.collate("C") if conn.dialect.name == POSTGRESQL else column


def insert(conn: Connection, table: Table) -> Insert:
    """An INSERT that offers `on_conflict_do_nothing` / `on_conflict_do_update` on both."""
    module = postgresql if conn.dialect.name == POSTGRESQL else sqlite
    return module.insert(table)


@contextmanager
def translate_errors(name: str) -> Iterator[None]:
    """Callers catch one error tree, so the drivers' and SQLAlchemy's exceptions stop here."""
    try:
        yield
    except exc.DBAPIError as error:
        raise LedgerError(name, reason(error.orig)) from error
    except sqlite3.Error as error:
        raise LedgerError(name, reason(error)) from error
    except exc.ArgumentError as error:
        raise LedgerError(name, f"not a ledger path or database URL ({error})") from error
    except exc.NoSuchModuleError as error:
        raise LedgerError(name, f"unsupported database URL ({error})") from error


def reason(error: BaseException) -> str:
    """One line saying what went wrong, for an error of either driver."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _SQLITE_REASONS:
            return _SQLITE_REASONS[code & 0xFF]
        return _first_line(error)
    sqlstate = getattr(error, "sqlstate", None) or ""
    if sqlstate in _CONSTRAINT_KINDS:
        diag = getattr(error, "diag", None)
        what = getattr(diag, "constraint_name", None) or getattr(diag, "column_name", None)
        return f"{_CONSTRAINT_KINDS[sqlstate]} constraint failed: {what or _first_line(error)}"
    for key in (sqlstate, sqlstate[:2]):
        if key in _POSTGRES_REASONS:
            return f"{_POSTGRES_REASONS[key]} ({_first_line(error)})"
    if not sqlstate and "connection" in str(error).lower():  # failed before any SQLSTATE
        message = str(error)
        key = next((code for text, code in _CONNECT_FAILURES if text in message), "08")
        detail = message.split("FATAL:", 1)[-1].strip().splitlines()[0]
        return f"{_POSTGRES_REASONS[key]} ({detail})"
    return _first_line(error)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
