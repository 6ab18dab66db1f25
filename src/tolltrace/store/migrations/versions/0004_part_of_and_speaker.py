"""claims gain part_of (a sub-count's total) and speaker (who spoke for the claimant)

The board shows a sub-count ("including 12 children") under its total instead of beside
it as a rival figure, and groups a spokesman's figures under the body he speaks for. Both
columns are NULL for ledgers written before this revision. claims_view is rebuilt to show
them.
"""

from __future__ import annotations

from alembic import op

from tolltrace.store.schema import run_script

revision = "0004"
down_revision = "0003"

_VIEW_COLUMNS = """
    c.via,
    c.corroborated_by,
    c.as_of,
    c.hypothetical,
    c.event,
    c.sentence,
    c.confidence,
    c.start,
    c."end",
    c.part_of,
    c.speaker
FROM claims AS c
JOIN documents AS d ON d.id = c.doc_id"""

_VIEW_HEAD = """
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
    c.counted,"""

SQLITE = f"""
-- a sub-count's total: the offset in documents.text where the total's mention starts
ALTER TABLE claims ADD COLUMN part_of INTEGER;
-- the person who gave the figure for the organisation in claimed_by
ALTER TABLE claims ADD COLUMN speaker TEXT;

DROP VIEW claims_view;
{_VIEW_HEAD}
    (
        SELECT group_concat(value, '; ')
        FROM (SELECT value FROM json_each(c.claimed_by) ORDER BY key)
    ) AS claimed_by_text,
    c.claimed_by,{_VIEW_COLUMNS};
"""

POSTGRESQL = f"""
ALTER TABLE claims ADD COLUMN part_of INTEGER;
ALTER TABLE claims ADD COLUMN speaker TEXT;

COMMENT ON COLUMN claims.part_of
    IS 'for a sub-count, the offset in documents.text where its total''s mention starts';
COMMENT ON COLUMN claims.speaker
    IS 'the person who gave the figure for the organisation in claimed_by';

DROP VIEW claims_view;
{_VIEW_HEAD}
    (
        SELECT string_agg(name.value, '; ' ORDER BY name.position)
        FROM jsonb_array_elements_text(c.claimed_by) WITH ORDINALITY AS name(value, position)
    ) AS claimed_by_text,
    c.claimed_by,{_VIEW_COLUMNS};

COMMENT ON VIEW claims_view IS 'claims with their article''s details, for browsing';
"""


def upgrade() -> None:
    run_script(op.get_bind(), {"sqlite": SQLITE, "postgresql": POSTGRESQL})
