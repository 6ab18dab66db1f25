"""What only a SQLite ledger file does: WAL, the file refusals, locks and full disks, and the
schema people open in Datasette or `sqlite3`."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from storehelpers import DOCS, claim_in, make_doc
from tolltrace.errors import LedgerError
from tolltrace.store import LATEST_VERSION, Ledger
from tolltrace.store.schema import statements

pytestmark = pytest.mark.sqlite_only

LEGACY = Path(__file__).resolve().parent / "data" / "ledger_v2.sql"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_store_sqlite_uses_wal_and_mirrors_the_version(path: Path) -> None:
    Ledger(path).close()
    assert raw(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert raw(path).execute("PRAGMA user_version").fetchone() == (LATEST_VERSION,)


def test_store_sqlite_opens_urls_and_memory(tmp_path: Path) -> None:
    with Ledger(f"sqlite:///{tmp_path / 'url.db'}") as ledger:
        ledger.add_document(make_doc(), [])
    assert raw(tmp_path / "url.db").execute("SELECT id FROM documents").fetchall() == [("a",)]
    with Ledger(":memory:") as ledger:
        doc = make_doc()
        assert ledger.add_document(doc, [claim_in(doc, "12", value_min=12)])
        assert ledger.counts() == {"documents": 1, "claims": 1}


def test_store_sqlite_schema_is_the_pre_alembic_one(path: Path, tmp_path: Path) -> None:
    """Files made now and files made before Alembic, once opened, have the same commented DDL."""
    Ledger(path).close()
    legacy = tmp_path / "legacy.db"
    with sqlite3.connect(legacy) as old:
        old.executescript(LEGACY.read_text(encoding="utf-8"))
    old.close()
    Ledger(legacy).close()
    query = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert raw(path).execute(query).fetchall() == raw(legacy).execute(query).fetchall()


def test_store_sqlite_refuses_a_non_sqlite_file_and_leaves_it_alone(path: Path) -> None:
    garbage = b"not sqlite" + os.urandom(4086)
    path.write_bytes(garbage)

    with pytest.raises(LedgerError, match="not a tolltrace ledger") as caught:
        Ledger(path)

    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == garbage


def test_store_sqlite_refuses_a_user_version_newer_than_it_knows(path: Path) -> None:
    Ledger(path).close()
    with raw(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")

    with pytest.raises(LedgerError, match=r"newer tolltrace.*upgrade") as caught:
        Ledger(path)
    assert caught.value.path == str(path)


def test_store_sqlite_refuses_another_programs_file_untouched(path: Path) -> None:
    with raw(path) as db:
        db.execute("CREATE TABLE people (name TEXT)")

    with pytest.raises(LedgerError, match=r"a SQLite database with other tables \(people\)"):
        Ledger(path)
    tables = raw(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("people",)]
    assert raw(path).execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_store_sqlite_reports_a_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "ledger.db"
    with pytest.raises(LedgerError, match="cannot open the ledger file") as caught:
        Ledger(missing)
    assert caught.value.path == str(missing)


def test_store_sqlite_reports_a_locked_database_in_one_line(path: Path) -> None:
    ledger = Ledger(path, busy_timeout=0.05)
    other_writer = sqlite3.connect(path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LedgerError, match="locked by another writer"):
            ledger.add_document(make_doc(), [])
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    assert ledger.add_document(make_doc(), []) is True
    ledger.close()


def test_store_sqlite_reads_do_not_take_the_write_lock(path: Path) -> None:
    ledger = Ledger(path, busy_timeout=0.05)
    other_writer = sqlite3.connect(path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        assert ledger.counts() == {"documents": 0, "claims": 0}
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
        ledger.close()


def test_store_sqlite_reports_a_full_disk(path: Path) -> None:
    with Ledger(path) as ledger:
        driver = ledger._conn.connection.driver_connection
        pages = driver.execute("PRAGMA page_count").fetchone()[0]
        driver.execute(f"PRAGMA max_page_count = {pages + 1}")
        with pytest.raises(LedgerError, match="disk full"):
            ledger.add_document(make_doc(text="dead " * 50_000), [])
        assert ledger.counts()["documents"] == 0


def test_store_sqlite_foreign_keys_are_on(path: Path) -> None:
    with Ledger(path) as ledger:
        driver = ledger._conn.connection.driver_connection
        assert driver.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_store_sqlite_docs_example_queries_run(path: Path) -> None:
    with Ledger(path) as ledger:
        doc = make_doc(outlet="Reuters", published="2024-01-01")
        ledger.add_document(doc, [claim_in(doc, "12", value_min=12, claimed_by=("UN",))])
    text = DOCS.read_text(encoding="utf-8").split("## Example queries", 1)[1]
    blocks = re.findall(r"```sql\n(.*?)```", text, re.DOTALL)
    queries = [query for block in blocks for query in statements(block)]
    assert len(queries) >= 5
    db = raw(path)
    for query in queries:
        db.execute(query).fetchall()
