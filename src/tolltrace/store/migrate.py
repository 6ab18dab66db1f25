"""Bring a ledger to this version's schema on open, with the Alembic revisions in
`migrations/versions/` (no alembic.ini: the configuration is built here).

Alembic's `alembic_version` table says where a ledger is. A ledger written before Alembic
(SQLite, a `migrations` table and `PRAGMA user_version` N, no `alembic_version`) is stamped
with revision N, without rewriting anything, and upgraded from there. Each revision runs in
its own write transaction that also records its row in `migrations` (the history people
read) and, on SQLite, sets `user_version`: a failing revision leaves the ledger as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, inspect, select

from tolltrace.errors import LedgerError
from tolltrace.store import backend, tables
from tolltrace.store.schema import Migration

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

_ALEMBIC_TABLE = "alembic_version"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _config(location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(location))
    config.set_main_option("path_separator", "os")
    return config


@cache
def history(location: Path = MIGRATIONS_DIR) -> tuple[Migration, ...]:
    """Every schema version, oldest first (revision "0002" is version 2)."""
    script = ScriptDirectory.from_config(_config(location))
    newest_first = script.walk_revisions("base", "heads")
    return tuple(Migration(int(rev.revision), rev.doc) for rev in reversed(list(newest_first)))


def upgrade(conn: Connection, name: str) -> None:
    """Check that `conn` holds a ledger (or nothing) and apply the revisions it lacks."""
    location = MIGRATIONS_DIR  # read at call time, so a test can point it elsewhere
    migrations = history(location)
    with conn.begin():
        # Under the lock a schema another process is creating is seen whole or not at all:
        # PostgreSQL reads each catalog query at its own moment, so without it the tables
        # could look absent and the views present, which reads as someone else's database.
        backend.lock_schema(conn)
        version = _check(conn, name, migrations[-1].version)
        legacy = version > 0 and _ALEMBIC_TABLE not in _names(conn)
    if conn.dialect.name == backend.SQLITE:
        backend.use_wal(conn)
    if legacy:
        _stamp(conn, location, version)
    for migration in migrations:
        if migration.version > version:
            _apply(conn, location, migration)


def check_current(conn: Connection, name: str) -> None:
    """What `upgrade` checks, without writing: a ledger opened only to be read must already
    be at this version's schema."""
    latest = history(MIGRATIONS_DIR)[-1].version
    with conn.begin():
        version = _check(conn, name, latest)
    if version == 0:
        raise LedgerError(name, "not a tolltrace ledger: it is empty")
    if version < latest:
        raise LedgerError(
            name,
            f"schema version {version} is older than this tolltrace's {latest} and cannot be "
            "upgraded when only reading; run 'tolltrace link' on it once with write access",
        )


def _names(conn: Connection) -> list[str]:
    inspector = inspect(conn)
    return sorted({*inspector.get_table_names(), *inspector.get_view_names()})


def _version(conn: Connection, names: list[str]) -> int:
    """The schema version the ledger is at: Alembic's revision, or the pre-Alembic history;
    -1 for a revision this tolltrace does not know."""
    if _ALEMBIC_TABLE in names:
        revision = conn.exec_driver_sql(f"SELECT version_num FROM {_ALEMBIC_TABLE}").scalar()
        if revision is None:
            return 0
        return int(revision) if str(revision).isdigit() else -1
    if "migrations" in names:
        return int(conn.execute(select(func.max(tables.migrations.c.version))).scalar() or 0)
    return 0


def _check(conn: Connection, name: str, latest: int) -> int:
    """Refuse what this code would misread or damage, before writing anything."""
    names = _names(conn)
    version = _version(conn, names)
    stamped = backend.user_version(conn) if conn.dialect.name == backend.SQLITE else version
    if version < 0 or max(version, stamped) > latest:
        found = "an unknown one" if version < 0 else max(version, stamped)
        raise LedgerError(
            name,
            f"written by a newer tolltrace (schema version {found}, this one knows up to "
            f"{latest}); upgrade tolltrace to open it",
        )
    if version == 0 and stamped > 0:
        raise LedgerError(name, "not a tolltrace ledger: it has no migrations table")
    if version == 0 and names:
        where = "a SQLite database" if conn.dialect.name == backend.SQLITE else "a database"
        raise LedgerError(
            name,
            f"not a tolltrace ledger: {where} with other tables ({', '.join(names)})",
        )
    return version


def _apply(conn: Connection, location: Path, migration: Migration) -> None:
    with backend.write_transaction(conn):
        backend.lock_schema(conn)
        if _version(conn, _names(conn)) >= migration.version:
            return  # another process applied it while we waited for the lock
        conn.exec_driver_sql(tables.MIGRATIONS_TABLE)
        config = _config(location)
        config.attributes["connection"] = conn
        command.upgrade(config, _revision(migration.version))
        conn.execute(
            tables.migrations.insert().values(
                version=migration.version, name=migration.name, applied_at=utc_now()
            )
        )
        if conn.dialect.name == backend.SQLITE:
            backend.set_user_version(conn, migration.version)


def _stamp(conn: Connection, location: Path, version: int) -> None:
    """Tell Alembic where a pre-Alembic ledger is; its tables stay as they are."""
    with backend.write_transaction(conn):
        if _ALEMBIC_TABLE in _names(conn):
            return  # another process stamped it while we waited for the lock
        config = _config(location)
        config.attributes["connection"] = conn
        command.stamp(config, _revision(version))


def _revision(version: int) -> str:
    return f"{version:04d}"
