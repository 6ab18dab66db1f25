"""Two processes ingesting the same documents into one ledger at once: each text is stored
exactly once, with its claims once, on either backend (unique sha256 + ON CONFLICT DO
NOTHING on PostgreSQL, BEGIN IMMEDIATE on SQLite). They also race to create the schema."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from tolltrace.store import Ledger

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
