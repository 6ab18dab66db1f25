"""The ledger's behaviour, the same on SQLite and PostgreSQL (see conftest.py's `ledger_db`).

SQLite file specifics are in test_store_sqlite.py, migrations and old files in
test_store_upgrade.py, two writers at once in test_store_concurrency.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import exc, inspect

import tolltrace.store as store
from storehelpers import DOCS, claim_in, make_doc
from tolltrace.errors import LedgerError
from tolltrace.model import Claim, Document
from tolltrace.store import Ledger
from tolltrace.store import ledger as ledger_module
from tolltrace.store.schema import statements

HOSTILE = ["x' OR 1=1 --", '" OR ""="', "'; DROP TABLE claims; --", "%", "*"]

SQL = Callable[..., list[tuple]]


@pytest.fixture
def ledger(ledger_db: str) -> Iterator[Ledger]:
    with Ledger(ledger_db) as opened:
        yield opened


@pytest.fixture
def sample(ledger: Ledger) -> Ledger:
    """Three documents, out of date order, with claims on several measures and events."""
    gaza = make_doc(
        "gaza",
        "Officials said 30 were killed and 70 injured.",
        outlet="Reuters",
        published="2024-03-02",
    )
    quake = make_doc(
        "quake", "The UN says 1,200 are missing; 50 died.", outlet="AP", published="2023-02-06"
    )
    camp = make_doc("camp", "MSF reports 4 arrested and 9 killed.", published="2024-01-15")
    ledger.add_document(
        gaza,
        [
            claim_in(gaza, "30", value_min=30, claimed_by=("Officials", "Reuters"), event="gaza"),
            claim_in(gaza, "70", "injured", value_min=70, claimed_by=("Officials",), event="gaza"),
        ],
    )
    ledger.add_document(
        quake,
        [
            claim_in(quake, "1,200", "missing", value_min=1200, claimed_by=("UN",), event="quake"),
            claim_in(quake, "50", value_min=50, claimed_by=("AP",), event="quake"),
        ],
    )
    ledger.add_document(
        camp,
        [
            claim_in(camp, "4", "arrested", value_min=4, claimed_by=("Médecins Sans Frontières",)),
            claim_in(camp, "9", value_min=9, claimed_by=("Médecins Sans Frontières", "UN")),
        ],
    )
    return ledger


def without_ids(claims: list[Claim]) -> list[Claim]:
    """Claims as the extractor made them: the ledger adds only their row id."""
    assert all(isinstance(claim.id, int) for claim in claims)
    return [replace(claim, id=None) for claim in claims]



def test_ledger_round_trips_documents_and_claims_field_for_field(ledger: Ledger) -> None:
    doc = make_doc(
        "doc-1",
        "Between 180 and 450 protesters were killed, the group said.",
        url="https://example.org/a",
        outlet="Example News",
        title="Crackdown",
        published="2024-05-01",
        lang="fr",
        source="inputs/a.txt:3",
    )
    full = claim_in(
        doc,
        "Between 180 and 450",
        value_min=180,
        value_max=450,
        approx="range",
        counted="protesters",
        claimed_by=("the group", "Example News"),
        via="medics",
        corroborated_by="Amnesty",
        as_of="2024-04-30",
        hypothetical=True,
        event="crackdown",
        confidence=0.875,
    )
    bare = claim_in(doc, "450", value_min=450)  # every optional field left at its default

    assert ledger.add_document(doc, [full, bare]) is True

    assert ledger.document("doc-1") == doc
    assert list(ledger.documents()) == [doc]
    stored = ledger.claims(doc_id="doc-1")
    assert without_ids(stored) == [full, bare]
    assert len({claim.id for claim in stored}) == 2
    assert ledger.claims()[1].claimed_by == ()
    assert ledger.counts() == {"documents": 1, "claims": 2}
    assert ledger.has_document(doc.sha256)


def test_ledger_records_hash_length_and_ingest_time(ledger: Ledger, sql: SQL) -> None:
    doc = make_doc(text="Zwölf Menschen wurden getötet.")
    ledger.add_document(doc, [])
    ((sha256, chars, ingested_at),) = sql("SELECT sha256, chars, ingested_at FROM documents")
    assert (sha256, chars) == (doc.sha256, len(doc.text))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ingested_at)


def test_ledger_readding_the_same_text_is_a_noop(ledger: Ledger) -> None:
    doc = make_doc()
    assert ledger.add_document(doc, [claim_in(doc, "12", value_min=12)]) is True
    before = ledger.counts()

    assert ledger.add_document(doc, [claim_in(doc, "12", value_min=12)]) is False
    renamed = make_doc("other-id", doc.text)
    assert ledger.add_document(renamed, [claim_in(renamed, "12", value_min=12)]) is False

    assert ledger.counts() == before
    assert ledger.document("other-id") is None


def test_ledger_records_every_page_a_text_was_read_from(ledger: Ledger, sql: SQL) -> None:
    """Two captures of one article (different page bytes, one text): one document, both
    pages known, the document naming the page its text was first taken from."""
    first = replace(make_doc("https://a.example/1"), source="crawl#record-1", page_sha256="1" * 64)
    second = replace(first, id="https://a.example/2", source="crawl#record-2", page_sha256="2" * 64)
    assert not ledger.has_page("1" * 64)

    assert ledger.add_document(first, [claim_in(first, "12", value_min=12)]) is True
    assert ledger.add_document(second, []) is False

    assert ledger.has_page("1" * 64) and ledger.has_page("2" * 64)
    assert not ledger.has_page("3" * 64)
    assert ledger.document(first.id) == first
    assert sql("SELECT sha256, doc_id, source FROM pages ORDER BY sha256") == [
        ("1" * 64, first.id, "crawl#record-1"),
        ("2" * 64, first.id, "crawl#record-2"),
    ]
    assert ledger.counts() == {"documents": 1, "claims": 1}


def test_ledger_same_id_with_new_text_keeps_both_texts(ledger: Ledger) -> None:
    first = make_doc("a", "Five were killed.")
    second = make_doc("a", "Six were killed, officials now say.")
    ledger.add_document(first, [claim_in(first, "Five", value_min=5)])

    assert ledger.add_document(second, [claim_in(second, "Six", value_min=6)]) is True

    new_id = f"a#{second.sha256[:8]}"
    assert ledger.document("a") == first
    assert ledger.document(new_id) == Document(id=new_id, text=second.text)
    assert [c.mention for c in ledger.claims(doc_id="a")] == ["Five"]
    assert [(c.doc_id, c.mention) for c in ledger.claims(doc_id=new_id)] == [(new_id, "Six")]
    assert ledger.add_document(second, []) is False


def test_ledger_bad_claim_leaves_no_row_of_its_document(ledger: Ledger) -> None:
    kept = make_doc("kept", "Three died.")
    ledger.add_document(kept, [claim_in(kept, "Three", value_min=3)])
    doc = make_doc("broken", "Seven were killed and 2 injured.")
    good = claim_in(doc, "Seven", value_min=7)
    bad = Claim(
        doc_id="broken",
        start=-1,
        end=3,
        mention="2",
        value_min=2,
        value_max=None,
        approx="exact",
        measure="injured",
    )

    with pytest.raises(LedgerError, match=r"'broken' not written.*rejected"):
        ledger.add_document(doc, [good, bad])

    assert ledger.counts() == {"documents": 1, "claims": 1}
    assert not ledger.has_document(doc.sha256)
    assert ledger.document("broken") is None
    assert without_ids(ledger.claims()) == [claim_in(kept, "Three", value_min=3)]


def test_ledger_exception_mid_claims_rolls_back_the_document(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = make_doc("crash", "Seven were killed and 2 injured.")
    claims = [claim_in(doc, "Seven", value_min=7), claim_in(doc, "2", "injured", value_min=2)]
    real_row = ledger_module._claim_row
    calls = []

    def crash_on_second(doc_id: str, claim: Claim) -> dict[str, object]:
        calls.append(claim)
        if len(calls) == 2:
            raise RuntimeError("extractor blew up")
        return real_row(doc_id, claim)

    monkeypatch.setattr(ledger_module, "_claim_row", crash_on_second)
    with pytest.raises(RuntimeError):
        ledger.add_document(doc, claims)

    assert ledger.counts() == {"documents": 0, "claims": 0}
    monkeypatch.setattr(ledger_module, "_claim_row", real_row)
    assert ledger.add_document(doc, claims) is True  # the ledger is still usable


def test_ledger_check_constraints_reject_unknown_vocabulary(ledger: Ledger) -> None:
    doc = make_doc()
    with pytest.raises(LedgerError, match="CHECK constraint failed"):
        ledger.add_document(doc, [claim_in(doc, "12", measure="vanished")])
    with pytest.raises(LedgerError, match="CHECK constraint failed"):
        ledger.add_document(doc, [claim_in(doc, "12", approx="roughly")])
    assert ledger.counts() == {"documents": 0, "claims": 0}


def test_ledger_refuses_claims_of_another_document(ledger: Ledger) -> None:
    doc = make_doc()
    stray = claim_in(make_doc("elsewhere", doc.text), "12")
    with pytest.raises(ValueError, match="elsewhere"):
        ledger.add_document(doc, [stray])
    assert ledger.counts()["documents"] == 0


def test_ledger_filters_claims_by_measure_event_claimant_and_doc(sample: Ledger) -> None:
    def mentions(**filters) -> list[str]:
        return [claim.mention for claim in sample.claims(**filters)]

    assert mentions(measure="killed") == ["50", "9", "30"]
    assert mentions(event="quake") == ["1,200", "50"]
    assert mentions(doc_id="gaza") == ["30", "70"]
    assert mentions(claimant="un") == ["1,200", "9"]
    assert mentions(claimant="MÉDECINS SANS FRONTIÈRES") == ["4", "9"]
    assert mentions(claimant="officials", measure="injured") == ["70"]
    assert mentions(measure="killed", limit=2) == ["50", "9"]
    assert mentions(event="no such event") == []


def test_ledger_orders_documents_and_claims_by_publication_date(sample: Ledger) -> None:
    assert [doc.id for doc in sample.documents()] == ["quake", "camp", "gaza"]
    assert [claim.doc_id for claim in sample.claims()] == [
        "quake",
        "quake",
        "camp",
        "camp",
        "gaza",
        "gaza",
    ]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("field", ["measure", "event", "claimant", "doc_id"])
def test_ledger_hostile_filter_strings_match_nothing(
    sample: Ledger, field: str, hostile: str
) -> None:
    assert sample.claims(**{field: hostile}) == []
    assert sample.document(hostile) is None
    assert not sample.has_document(hostile)
    assert sample.counts() == {"documents": 3, "claims": 6}


def test_ledger_replace_claims_swaps_them_all_or_nothing(ledger: Ledger) -> None:
    doc = make_doc("a", "Eight were killed and 3 arrested.")
    old = [claim_in(doc, "Eight", value_min=8)]
    ledger.add_document(doc, old)

    new = [
        claim_in(doc, "Eight", value_min=8, confidence=0.9),
        claim_in(doc, "3", "arrested", value_min=3),
    ]
    ledger.replace_claims("a", new)
    assert without_ids(ledger.claims(doc_id="a")) == new

    broken = [claim_in(doc, "3", "arrested", value_min=3), claim_in(doc, "Eight", measure="?")]
    with pytest.raises(LedgerError, match="claims of 'a' not replaced"):
        ledger.replace_claims("a", broken)
    assert without_ids(ledger.claims(doc_id="a")) == new

    ledger.replace_claims("a", [])
    assert ledger.counts() == {"documents": 1, "claims": 0}


def test_ledger_replace_claims_of_unknown_document_fails(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="no document with id 'ghost'"):
        ledger.replace_claims("ghost", [])


def test_ledger_documents_can_be_rewritten_while_iterating(sample: Ledger) -> None:
    for doc in sample.documents():
        sample.replace_claims(doc.id, sample.claims(doc_id=doc.id)[:1])
    assert sample.counts() == {"documents": 3, "claims": 3}




def test_ledger_records_migrations_in_their_table(ledger: Ledger, sql: SQL) -> None:
    rows = sql("SELECT version, name FROM migrations ORDER BY version")
    assert rows == [(m.version, m.name) for m in store.MIGRATIONS]
    assert sql("SELECT version_num FROM alembic_version") == [(f"{store.LATEST_VERSION:04d}",)]


def test_ledger_reopening_keeps_data_and_does_not_reapply_migrations(
    ledger_db: str, sql: SQL
) -> None:
    doc = make_doc()
    with Ledger(ledger_db) as ledger:
        ledger.add_document(doc, [claim_in(doc, "12", value_min=12)])
    applied = sql("SELECT version, applied_at FROM migrations ORDER BY version")

    with Ledger(ledger_db) as reopened:
        assert reopened.document("a") == doc
        assert reopened.counts() == {"documents": 1, "claims": 1}

    assert sql("SELECT version, applied_at FROM migrations ORDER BY version") == applied


def test_ledger_refuses_a_schema_newer_than_it_knows(ledger_db: str, sql: SQL) -> None:
    Ledger(ledger_db).close()
    sql("UPDATE alembic_version SET version_num = '0099'")

    with pytest.raises(LedgerError, match=r"newer tolltrace \(schema version 99.*upgrade"):
        Ledger(ledger_db)


def test_ledger_refuses_another_programs_database(ledger_db: str, sql: SQL) -> None:
    sql("CREATE TABLE people (name TEXT)")

    with pytest.raises(LedgerError, match=r"not a tolltrace ledger.*\(people\)") as caught:
        Ledger(ledger_db)

    assert "people" in str(caught.value)
    assert sql("SELECT count(*) FROM people") == [(0,)]
    with pytest.raises(exc.ProgrammingError if "://" in ledger_db else exc.OperationalError):
        sql("SELECT count(*) FROM documents")  # nothing was created


def test_ledger_enforces_foreign_keys(sample: Ledger) -> None:
    conn = sample._conn
    with pytest.raises(exc.IntegrityError), conn.begin():
        conn.exec_driver_sql(
            'INSERT INTO claims (doc_id, start, "end", mention, value_min, approx, measure,'
            " sentence, confidence) VALUES ('ghost', 0, 1, '1', 1, 'exact', 'killed', '', 1)"
        )
    with conn.begin():
        conn.exec_driver_sql("DELETE FROM documents WHERE id = 'gaza'")
    assert sample.claims(doc_id="gaza") == []
    assert sample.counts() == {"documents": 2, "claims": 4}


def test_ledger_view_joins_article_details_and_names_claimants(sample: Ledger, sql: SQL) -> None:
    ((*details, claimed_by),) = sql(
        "SELECT outlet, published, title, url, claimed_by_text, mention, claimed_by"
        " FROM claims_view WHERE doc_id = 'gaza' ORDER BY start LIMIT 1"
    )
    assert details == ["Reuters", "2024-03-02", None, None, "Officials; Reuters", "30"]
    if isinstance(claimed_by, str):  # SQLite's JSON is text, exactly as written
        assert claimed_by == '["Officials", "Reuters"]'
        claimed_by = json.loads(claimed_by)
    assert claimed_by == ["Officials", "Reuters"]
    assert sql("SELECT claimed_by_text FROM claims_view WHERE doc_id = 'camp'") == [
        ("Médecins Sans Frontières",),
        ("Médecins Sans Frontières; UN",),
    ]


def test_ledger_schema_and_docs_describe_every_column(ledger: Ledger) -> None:
    documentation = DOCS.read_text(encoding="utf-8")
    inspector = inspect(ledger._conn)
    names = [*inspector.get_table_names(), *inspector.get_view_names()]
    assert set(names) == {
        "alembic_version",
        "migrations",
        "documents",
        "claims",
        "claims_view",
        "events",
        "claim_events",
        "event_decisions",
        "copies",
        "minhashes",
        "claimants",
        "claimant_aliases",
        "pages",
    }
    for name in names:
        assert f"`{name}`" in documentation
        for column in inspector.get_columns(name):
            assert f"`{column['name']}`" in documentation, f"{name}.{column['name']} undocumented"


def test_store_exports_exactly_its_public_names() -> None:
    public = {name for name in vars(store) if not name.startswith("_")}
    internal = {"ledger", "schema", "links", "backend", "tables", "migrate", "history"}
    internal |= {"integrity", "transfer"}
    assert set(store.__all__) == public - internal


def test_ledger_offsets_locate_each_mention_from_sql(sample: Ledger, sql: SQL) -> None:
    accented = make_doc("de", "Zwölf Menschen – am Ende 12 – wurden getötet.")
    sample.add_document(accented, [claim_in(accented, "12", value_min=12)])
    mismatched = sql(
        "SELECT c.id FROM claims AS c JOIN documents AS d ON d.id = c.doc_id"
        ' WHERE substr(d.text, c.start + 1, c."end" - c.start) != c.mention'
    )
    assert mismatched == []
    assert sql("SELECT count(*) FROM claims") == [(7,)]


def test_ledger_missing_optional_fields_sort_first(ledger: Ledger) -> None:
    undated = make_doc("undated", "Two died.")
    dated = make_doc("dated", "Three died.", published="2020-01-01")
    ledger.add_document(dated, [claim_in(dated, "Three", value_min=3)])
    ledger.add_document(undated, [claim_in(undated, "Two", value_min=2)])
    assert [doc.id for doc in ledger.documents()] == ["undated", "dated"]
    assert [claim.doc_id for claim in ledger.claims()] == ["undated", "dated"]


def test_ledger_json_columns_round_trip_unicode(ledger: Ledger) -> None:
    doc = make_doc("u", "Ärzte ohne Grenzen zählen 7 Tote.")
    names = ("Ärzte ohne Grenzen", "ÖRK", "\"quoted\" 'name'")
    ledger.add_document(doc, [claim_in(doc, "7", value_min=7, claimed_by=names)])
    payload = {"event": "ä", "claims": [["u", 26, 27]], "label": "Zürich"}
    decision = ledger.add_event_decision("rename", payload)

    assert ledger.claims()[0].claimed_by == names
    assert [claim.mention for claim in ledger.claims(claimant="ärzte OHNE grenzen")] == ["7"]
    assert ledger.claims(claimant="örk")[0].claimed_by == names
    assert ledger.event_decisions() == [(decision, "rename", payload)]


@pytest.mark.postgres_only
def test_ledger_postgresql_docs_example_queries_run(sample: Ledger, sql: SQL) -> None:
    page = (DOCS.parent / "postgresql.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", page.split("## Example queries", 1)[1], re.DOTALL)
    queries = [query for block in blocks for query in statements(block)]
    assert len(queries) >= 3
    results = [sql(query) for query in queries]
    assert sorted(row[2] for row in results[0]) == ["1,200", "9"]
