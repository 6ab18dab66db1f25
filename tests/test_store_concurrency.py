"""Two processes ingesting the same documents into one ledger at once: each text is stored
exactly once, with its claims once, on either backend (unique sha256 + ON CONFLICT DO
NOTHING on PostgreSQL, BEGIN IMMEDIATE on SQLite). They also race to create the schema."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy

from tolltrace.store import Ledger, backend
from tolltrace.store.backend import parse_target

SQL = Callable[..., list[tuple]]

WRITER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from tolltrace.model import Claim, Document
    from tolltrace.store import Ledger

    target, go, order = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    while not go.exists():
        time.sleep(0.005)
    added = 0
    with Ledger(target, busy_timeout=60) as ledger:
        numbers = range(60) if order == "up" else range(59, -1, -1)
        for n in numbers:
            text = f"Report {n}: {n + 1} people were killed and {n + 2} injured."
            doc = Document(id=f"doc-{n % 40}", text=text)  # ids repeat: 20 texts need new ids
            claims = [
                Claim(doc_id=doc.id, start=text.index(str(n + 1)),
                      end=text.index(str(n + 1)) + len(str(n + 1)), mention=str(n + 1),
                      value_min=n + 1, value_max=None, approx="exact", measure="killed",
                      claimed_by=("UN",), sentence=text),
            ]
            added += ledger.add_document(doc, claims)
    print(json.dumps({"added": added}))
    """
)


def test_store_concurrent_writers_store_each_document_once(
    ledger_db: str, sql: SQL, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, ledger_db, str(go), order],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in ("up", "down")
    ]
    go.touch()
    results = [writer.communicate(timeout=180) for writer in writers]
    for writer, (_, stderr) in zip(writers, results, strict=True):
        assert writer.returncode == 0, stderr

    added = [json.loads(stdout)["added"] for stdout, _ in results]
    assert sum(added) == 60
    with Ledger(ledger_db) as ledger:
        assert ledger.counts() == {"documents": 60, "claims": 60}
        assert len(list(ledger.documents())) == 60
    assert sql("SELECT count(DISTINCT sha256) FROM documents") == [(60,)]
    versions = sql("SELECT version FROM migrations ORDER BY version")
    assert versions == sorted(set(versions))
    repeated = sql("SELECT doc_id FROM claims GROUP BY doc_id HAVING count(*) > 1")
    assert repeated == []


@pytest.mark.postgres_only
def test_store_opening_waits_while_another_process_changes_the_schema(ledger_db: str) -> None:
    """A first open creating the tables must not be seen half-done by a second open; the
    second waits for the schema lock before it looks (a race CI once hit: 'other tables
    (claims_view)')."""
    Ledger(ledger_db).close()
    engine = sqlalchemy.create_engine(parse_target(ledger_db)[1])
    opened: list[BaseException | None] = []

    def open_ledger() -> None:
        try:
            Ledger(ledger_db).close()
            opened.append(None)
        except BaseException as error:  # reported by the assertion below
            opened.append(error)

    with engine.connect() as holder:
        with holder.begin():
            backend.lock_schema(holder)
            opener = threading.Thread(target=open_ledger)
            opener.start()
            waited = _wait_for_advisory_lock_waiter(holder, opener)
        opener.join(timeout=60)
    engine.dispose()
    assert waited, "the open read the schema without waiting for the lock"
    assert opened == [None]


def _wait_for_advisory_lock_waiter(conn: sqlalchemy.Connection, opener: threading.Thread) -> bool:
    """True once another session waits for an advisory lock; False if `opener` ended first."""
    while opener.is_alive():
        waiting = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        ).scalar()
        if waiting:
            return True
        time.sleep(0.01)
    return False
