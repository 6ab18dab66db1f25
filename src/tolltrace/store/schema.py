"""The ledger's schema, as an ordered list of migrations.

The `.db` file is tolltrace's product: people open it in Datasette or `sqlite3`, so every
table and column is commented in its DDL (SQLite keeps those comments in `sqlite_master`,
where Datasette shows them). A migration is never edited once released; a change is a new
entry at the end of `MIGRATIONS`. Each runs in its own transaction, is recorded in the
`migrations` table, and `PRAGMA user_version` mirrors the latest applied version.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from tolltrace.model import APPROX_VALUES, CLAIMANT_TYPES, MEASURES


class Migration(NamedTuple):
    version: int
    name: str
    sql: str


def _sql_list(values: tuple[str, ...]) -> str:
    """An SQL value list for a CHECK (...IN ...): the values are our constants, not input."""
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


# Created before every migration (IF NOT EXISTS), inside that migration's transaction.
MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS migrations (  -- one row per schema change applied to this file
    version INTEGER PRIMARY KEY,  -- the migration's number; PRAGMA user_version mirrors the max
    name TEXT NOT NULL,           -- what the migration did, in a few words
    applied_at TEXT NOT NULL      -- when it ran on this file, UTC ISO 8601
)
"""

# Version 1 builds its CHECKs from model.py's tuples. SQLite cannot alter a CHECK, so if those
# tuples change, add a migration that rebuilds `claims` (create new, copy, drop, rename).
_INITIAL = f"""
CREATE TABLE documents (  -- one row per distinct article text the ledger has read
    id TEXT PRIMARY KEY,           -- stable name; "<id>#<sha256[:8]>" when a new text reused an id
    sha256 TEXT UNIQUE NOT NULL,   -- hex SHA-256 of `text` (UTF-8); a text is stored only once
    url TEXT,                      -- where the article was published, if known
    outlet TEXT,                   -- the publication ("Reuters", "BBC News")
    title TEXT,                    -- the headline
    published TEXT,                -- publication date, YYYY-MM-DD
    lang TEXT NOT NULL,            -- language code of the text ("en")
    source TEXT,                   -- where tolltrace read it: a path, "path:line", or "-"
    text TEXT NOT NULL,            -- the NFC-normalised text; claims' offsets index it
    chars INTEGER NOT NULL,        -- length of `text` in characters
    ingested_at TEXT NOT NULL      -- when it was added to this ledger, UTC ISO 8601
);

CREATE TABLE claims (  -- one row per human-toll figure a document reports
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  -- the document it is in
    start INTEGER NOT NULL,        -- character offset in documents.text where the figure starts
    "end" INTEGER NOT NULL,        -- character offset just past it (text[start:end] = mention)
    mention TEXT NOT NULL,         -- the figure as written, qualifier included ("at least 304")
    value_min INTEGER NOT NULL,    -- the number, or the low end of a range
    value_max INTEGER,             -- the high end of a range; NULL when there is none
    approx TEXT NOT NULL CHECK (approx IN ({_sql_list(APPROX_VALUES)})),  -- how exact it is
    measure TEXT NOT NULL CHECK (measure IN ({_sql_list(MEASURES)})),  -- what happened to them
    counted TEXT,                  -- who is counted, in the text's words ("protesters")
    claimed_by TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(claimed_by) AND json_type(claimed_by) = 'array'),
                                   -- JSON array of who states the figure ("["UN", "Reuters"]")
    via TEXT,                      -- whom the claimant relays, if anyone
    corroborated_by TEXT,          -- who else confirms it, if the text says
    as_of TEXT,                    -- the date the figure is current to, YYYY-MM-DD
    hypothetical INTEGER NOT NULL DEFAULT 0 CHECK (hypothetical IN (0, 1)),
                                   -- 1 for a conditional or projected figure ("could reach")
    event TEXT,                    -- the event the toll belongs to
    sentence TEXT NOT NULL,        -- the sentence the figure appears in
    confidence REAL NOT NULL,      -- the extractor's confidence, 0 to 1
    CHECK (start >= 0 AND "end" > start)
);

CREATE INDEX claims_doc_id ON claims (doc_id);
CREATE INDEX claims_event ON claims (event);
CREATE INDEX claims_measure ON claims (measure);

CREATE VIEW claims_view AS  -- claims with their article's details, for browsing in Datasette
SELECT
    c.id,
    c.doc_id,
    d.published,
    d.outlet,
    d.title,
    d.url,
    c.measure,
    c.value_min,
    c.value_max,
    c.approx,
    c.mention,
    c.counted,
    (
        SELECT group_concat(value, '; ')
        FROM (SELECT value FROM json_each(c.claimed_by) ORDER BY key)
    ) AS claimed_by_text,
    c.claimed_by,
    c.via,
    c.corroborated_by,
    c.as_of,
    c.hypothetical,
    c.event,
    c.sentence,
    c.confidence,
    c.start,
    c."end"
FROM claims AS c
JOIN documents AS d ON d.id = c.doc_id;
"""

_LINKING = f"""
CREATE TABLE events (  -- one row per event the linker groups claims of many documents into
    id TEXT PRIMARY KEY,           -- stable id: slug of its earliest claim's key + a short hash
    label TEXT NOT NULL,           -- readable name ("ostrel protests 2025-03"), or the user's
    kind TEXT,                     -- kind of event most of its claims name ("protests")
    place TEXT,                    -- place most of its claims name ("ostrel")
    first_date TEXT,               -- earliest document date or as_of of its claims, YYYY-MM-DD
    last_date TEXT                 -- latest one
);

CREATE TABLE claim_events (  -- which event each claim belongs to
    claim_id INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,  -- the claim
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,  -- its event
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),  -- how sure the linker is, 0 to 1
    decided INTEGER NOT NULL DEFAULT 0 CHECK (decided IN (0, 1))
                                   -- 1 when a user's decision put it there
);

CREATE INDEX claim_events_event_id ON claim_events (event_id);

CREATE TABLE event_decisions (  -- the user's merges, splits and renames, replayed in order
    id INTEGER PRIMARY KEY,        -- order of the decisions
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),  -- what the user did
    payload TEXT NOT NULL CHECK (json_valid(payload)),  -- JSON: the events and claims it names
    created_at TEXT NOT NULL       -- when the user made it, UTC ISO 8601
);

CREATE TABLE copies (  -- documents that republish another (wire copies): one source, not two
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,  -- the copy
    original_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  -- what it copies
    similarity REAL NOT NULL CHECK (similarity BETWEEN 0 AND 1)  -- estimated Jaccard of their texts
);

CREATE TABLE minhashes (  -- each document's MinHash signature, so re-linking does not rehash it
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,  -- the document
    shingles INTEGER NOT NULL,     -- how many distinct word shingles the text has
    signature BLOB NOT NULL        -- the MinHash hash values, little-endian unsigned 32-bit
);

CREATE TABLE claimants (  -- the sources of figures under their canonical names
    name TEXT PRIMARY KEY,         -- canonical name ("Amnesty International")
    type TEXT NOT NULL CHECK (type IN ({_sql_list(CLAIMANT_TYPES)}))  -- kind of source
);

CREATE TABLE claimant_aliases (  -- other names of claimants: proposed, confirmed or rejected
    alias TEXT NOT NULL,           -- the name as claims give it ("VRW")
    name TEXT NOT NULL,            -- the canonical name it stands for ("Varnia Rights Watch")
    status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'rejected')),
                                   -- proposed by fuzzy matching; confirmed or rejected by a user
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),  -- how close the names are, 0 to 1
    PRIMARY KEY (alias, name)
);
"""

MIGRATIONS: list[Migration] = [
    Migration(1, "create documents, claims and claims_view", _INITIAL),
    Migration(2, "add events, copies and claimants for linking", _LINKING),
]

LATEST_VERSION = MIGRATIONS[-1].version


def statements(script: str) -> list[str]:
    """Split a migration into single statements, so it can run inside our own transaction.

    (`executescript` would commit any open transaction first.) Comments stay with the
    statement that follows them, so `sqlite_master` keeps the column documentation.
    """
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():  # a last statement without its ';' still runs (or fails loudly)
        found.append(pending.strip())
    return found
