"""record the raw HTML pages documents were taken from

A page's hash is known before the page is parsed, so a page ingested before is passed over
without parsing it again, whether the client or a cluster's worker would have parsed it.
"""

from __future__ import annotations

from alembic import op

from tolltrace.store.schema import run_script

revision = "0003"
down_revision = "0002"

SQLITE = """
ALTER TABLE documents ADD COLUMN page_sha256 TEXT;

CREATE TABLE pages (  -- every raw HTML page read, by its hash: a page read again is not parsed
    sha256 TEXT PRIMARY KEY,       -- hex SHA-256 of the page's bytes as read (a WARC record's body)
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  -- the document of its text
    source TEXT NOT NULL,          -- where it was read: a path, or "file.warc.gz#record-N"
    read_at TEXT NOT NULL          -- when it was first read into this ledger, UTC ISO 8601
);

CREATE INDEX pages_doc_id ON pages (doc_id);
"""

POSTGRESQL = """
ALTER TABLE documents ADD COLUMN page_sha256 TEXT;

COMMENT ON COLUMN documents.page_sha256
    IS 'hex SHA-256 of the raw HTML page the text was taken from; NULL for text inputs';

CREATE TABLE pages (
    sha256 TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    read_at TEXT NOT NULL
);

COMMENT ON TABLE pages IS 'every raw HTML page read, by its hash: a page read again is not parsed';

CREATE INDEX pages_doc_id ON pages (doc_id);
"""


def upgrade() -> None:
    run_script(op.get_bind(), {"sqlite": SQLITE, "postgresql": POSTGRESQL})
