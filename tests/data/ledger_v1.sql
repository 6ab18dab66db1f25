-- A version-1 ledger written by tolltrace before the SQLAlchemy store (commit 3fd9164),
-- dumped with sqlite3's iterdump; tests/test_store_upgrade.py upgrades it.
BEGIN TRANSACTION;
CREATE TABLE claims (  -- one row per human-toll figure a document reports
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  -- the document it is in
    start INTEGER NOT NULL,        -- character offset in documents.text where the figure starts
    "end" INTEGER NOT NULL,        -- character offset just past it (text[start:end] = mention)
    mention TEXT NOT NULL,         -- the figure as written, qualifier included ("at least 304")
    value_min INTEGER NOT NULL,    -- the number, or the low end of a range
    value_max INTEGER,             -- the high end of a range; NULL when there is none
    approx TEXT NOT NULL CHECK (approx IN ('exact', 'about', 'at least', 'more than', 'up to', 'range', 'vague')),  -- how exact it is
    measure TEXT NOT NULL CHECK (measure IN ('killed', 'injured', 'casualties', 'arrested', 'died_of_disease', 'missing', 'displaced', 'executed', 'other')),  -- what happened to them
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
INSERT INTO "claims" VALUES(1,'a',25,27,'12',12,NULL,'exact','killed',NULL,'["UNO", "Médecins Sans Frontières"]',NULL,NULL,NULL,0,'attack','Zwölf Menschen – am Ende 12 – wurden getötet, sagt die UNO.',0.9);
INSERT INTO "claims" VALUES(2,'b',8,15,'3 and 5',3,5,'range','injured',NULL,'[]',NULL,NULL,NULL,1,NULL,'Between 3 and 5 were injured.',0.5);
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
INSERT INTO "documents" VALUES('a','9c55dadd37b17cce35af7776d09a8ca99a11bc887d95e6a9d9ddebd9af1303ce','https://example.org/a','Zeitung',NULL,'2024-01-02','en',NULL,'Zwölf Menschen – am Ende 12 – wurden getötet, sagt die UNO.',59,'2026-11-29T18:15:03Z');
INSERT INTO "documents" VALUES('b','358f0ad9069dc18ccde49f45223fbc6642c2019a6bc582d6c24341cadd68c30b',NULL,NULL,NULL,'2024-01-03','en',NULL,'Between 3 and 5 were injured.',29,'2026-11-29T18:15:03Z');
CREATE TABLE migrations (  -- one row per schema change applied to this file
    version INTEGER PRIMARY KEY,  -- the migration's number; PRAGMA user_version mirrors the max
    name TEXT NOT NULL,           -- what the migration did, in a few words
    applied_at TEXT NOT NULL      -- when it ran on this file, UTC ISO 8601
);
INSERT INTO "migrations" VALUES(1,'create documents, claims and claims_view','2026-11-29T18:15:03Z');
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
COMMIT;
PRAGMA user_version = 1;
