"""Schema changes: ledgers written before Alembic open and upgrade without loss, and a new
revision applies (or fails) as one transaction on either backend."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tolltrace.errors import LedgerError
from tolltrace.model import Document
from tolltrace.store import LATEST_VERSION, MIGRATIONS, Ledger, migrate

DATA = Path(__file__).resolve().parent / "data"

SQL = Callable[..., list[tuple]]

NOTES = '''"""add notes

A revision a later tolltrace might add.
"""

from alembic import op

revision = "{revision}"
down_revision = "{down}"


def upgrade() -> None:
{body}
'''


def legacy_file(tmp_path: Path, version: int) -> Path:
    """A ledger exactly as the pre-Alembic store wrote it (tests/data/ledger_vN.sql)."""
    path = tmp_path / f"v{version}.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / f"ledger_v{version}.sql").read_text(encoding="utf-8"))
    return path


def with_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *statements: str) -> None:
    """Point the store at a copy of its migrations plus one more revision."""
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    revision = f"{LATEST_VERSION + 1:04d}"
    body = "\n".join(f"    op.execute({statement!r})" for statement in statements)
    script = NOTES.format(revision=revision, down=f"{LATEST_VERSION:04d}", body=body)
    (location / "versions" / f"{revision}_notes.py").write_text(script, encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", location)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("version", [1, 2])
def test_store_upgrade_opens_a_pre_alembic_ledger_without_loss(
    tmp_path: Path, version: int
) -> None:
    path = legacy_file(tmp_path, version)
    before = {
        table: sqlite3.connect(path).execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("documents", "claims", "migrations")
    }

    with Ledger(path) as ledger:
        assert [doc.id for doc in ledger.documents()] == ["a", "b"]
        assert ledger.claims(claimant="médecins sans frontières")[0].mention == "12"
        assert ledger.claims(doc_id="b")[0].hypothetical is True
        if version == 2:
            assert ledger.event_decisions()[0][2]["label"] == "Ä"
            assert ledger.minhashes() == {"a": (7, b"\x01\x02\x03\x04")}
            assert ledger.copies()[0].original_id == "a"
        ledger.add_document(Document(id="c", text="Four died."), [])

    conn = sqlite3.connect(path)
    for table, rows in before.items():
        now = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()[: len(rows)]
        assert [row[: len(old)] for row, old in zip(now, rows, strict=True)] == rows
    history = conn.execute("SELECT version, name FROM migrations ORDER BY version").fetchall()
    assert history == [(m.version, m.name) for m in MIGRATIONS]
    revision = f"{LATEST_VERSION:04d}"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(revision,)]
    assert conn.execute("PRAGMA user_version").fetchone() == (LATEST_VERSION,)


@pytest.mark.sqlite_only
def test_store_upgrade_keeps_the_applied_times_of_old_migrations(tmp_path: Path) -> None:
    path = legacy_file(tmp_path, 1)
    (old,) = sqlite3.connect(path).execute("SELECT applied_at FROM migrations").fetchall()
    Ledger(path).close()
    rows = sqlite3.connect(path).execute("SELECT version, applied_at FROM migrations").fetchall()
    assert rows[0] == (1, old[0]) and rows[1][0] == 2


def test_store_upgrade_applies_a_new_revision_to_an_existing_ledger(
    ledger_db: str, sql: SQL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger(ledger_db) as ledger:
        ledger.add_document(Document(id="a", text="Five died."), [])
    with_revision(tmp_path, monkeypatch, "CREATE TABLE notes (body TEXT)")

    with Ledger(ledger_db) as ledger:
        assert ledger.document("a") is not None

    new = LATEST_VERSION + 1
    assert sql("SELECT name FROM migrations WHERE version = :v", v=new) == [("add notes",)]
    assert sql("SELECT version_num FROM alembic_version") == [(f"{new:04d}",)]
    assert sql("SELECT count(*) FROM notes") == [(0,)]


def test_store_upgrade_failing_revision_changes_nothing(
    ledger_db: str, sql: SQL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Ledger(ledger_db).close()
    with_revision(
        tmp_path, monkeypatch, "CREATE TABLE notes (body TEXT)", "CREATE TABLE claims (a TEXT)"
    )

    with pytest.raises(LedgerError, match="already exists"):
        Ledger(ledger_db)

    assert sql("SELECT max(version) FROM migrations") == [(LATEST_VERSION,)]
    assert sql("SELECT version_num FROM alembic_version") == [(f"{LATEST_VERSION:04d}",)]
    with pytest.raises(Exception, match="notes"):
        sql("SELECT count(*) FROM notes")
