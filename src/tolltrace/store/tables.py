"""The ledger's tables as SQLAlchemy Core objects, for building queries on either backend.

These describe the schema; they never create it. The DDL lives in the Alembic revisions
(`migrations/versions/`), written out per backend, so released schemas never change when
this module does. docs/ledger.md documents every column.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, Integer, LargeBinary, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

# TEXT holding JSON on SQLite (json_each reads it), jsonb on PostgreSQL.
_JSON = JSON().with_variant(JSONB(), "postgresql")

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS migrations (  -- one row per schema change applied to this file
    version INTEGER PRIMARY KEY,  -- the migration's number; PRAGMA user_version mirrors the max
    name TEXT NOT NULL,           -- what the migration did, in a few words
    applied_at TEXT NOT NULL      -- when it ran on this file, UTC ISO 8601
)
"""

migrations = Table(
    "migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("sha256", Text, unique=True, nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", Text),
    Column("lang", Text, nullable=False),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("ingested_at", Text, nullable=False),
    Column("page_sha256", Text),
)

pages = Table(
    "pages",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("read_at", Text, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("mention", Text, nullable=False),
    Column("value_min", Integer, nullable=False),
    Column("value_max", Integer),
    Column("approx", Text, nullable=False),
    Column("measure", Text, nullable=False),
    Column("counted", Text),
    Column("claimed_by", _JSON, nullable=False),
    Column("via", Text),
    Column("corroborated_by", Text),
    Column("as_of", Text),
    Column("hypothetical", Integer, nullable=False),
    Column("event", Text),
    Column("sentence", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("part_of", Integer),
    Column("speaker", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("label", Text, nullable=False),
    Column("kind", Text),
    Column("place", Text),
    Column("first_date", Text),
    Column("last_date", Text),
)

claim_events = Table(
    "claim_events",
    metadata,
    Column("claim_id", Integer, primary_key=True, autoincrement=False),
    Column("event_id", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("decided", Integer, nullable=False),
)

event_decisions = Table(
    "event_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("payload", _JSON, nullable=False),
    Column("created_at", Text, nullable=False),
)

copies = Table(
    "copies",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("original_id", Text, nullable=False),
    Column("similarity", Float, nullable=False),
)

minhashes = Table(
    "minhashes",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

claimants = Table(
    "claimants",
    metadata,
    Column("name", Text, primary_key=True),
    Column("type", Text, nullable=False),
)

claimant_aliases = Table(
    "claimant_aliases",
    metadata,
    Column("alias", Text, primary_key=True),
    Column("name", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("score", Float, nullable=False),
)
