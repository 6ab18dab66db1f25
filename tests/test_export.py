"""Exports of a real ledger: claim CSV for coders, events, sources, schema.org Claim JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from boards import WIRE, build_ledger
from tolltrace.cli import cli
from tolltrace.export import (
    CLAIM_COLUMNS,
    UnknownExportError,
    export,
    schema_claims,
)
from tolltrace.model import sha256_of
from tolltrace.store import Ledger

EVENT = "ostrel-crackdown-2025"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("export") / "ledger.db")


def exported(db: Path, what: str, fmt: str) -> str:
    out = io.StringIO()
    with Ledger(db) as ledger:
        export(ledger, what, fmt, out)
    return out.getvalue()


def test_export_claims_csv_has_the_columns_a_coder_expects(db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(db, "claims", "csv"))))
    assert tuple(rows[0]) == CLAIM_COLUMNS
    wire = next(r for r in rows if r["doc_id"] == "wire" and r["low"] == "61")
    assert wire["event"] == EVENT
    assert (wire["date"], wire["measure"], wire["high"], wire["approx"]) == (
        "2025-03-11", "killed", "61", "at least")
    assert (wire["claimant"], wire["claimant_type"], wire["via"]) == (
        "hospital sources", "unknown", "Nord Press Agency")
    assert (wire["url"], wire["outlet"]) == ("https://npa.example/61", "Nord Press Agency")
    assert wire["quote"].startswith("At least 61 people were killed")
    assert WIRE[int(wire["start"]):int(wire["end"])] == "At least 61"
    vrw = [r for r in rows if r["doc_id"] == "vrw-2"]
    assert {r["claimant"] for r in vrw} == {"Varnia Rights Watch"}  # "VRW" is a confirmed alias
    assert next(r for r in vrw if r["low"] == "104")["date"] == "2025-03-12"  # as_of wins
    assert len(rows) == 10


def test_export_claims_jsonl_and_json_carry_the_same_rows(db: Path) -> None:
    lines = [json.loads(line) for line in exported(db, "claims", "jsonl").splitlines()]
    assert lines == json.loads(exported(db, "claims", "json"))
    assert all(isinstance(row["low"], int) for row in lines)


def test_export_events_give_each_spread(db: Path) -> None:
    rows = json.loads(exported(db, "events", "json"))
    ostrel = next(r for r in rows if r["event"] == EVENT)
    assert (ostrel["lowest"], ostrel["highest"], ostrel["spread"]) == (12, 143, 11.92)
    assert (ostrel["claims"], ostrel["documents"]) == (9, 5)
    header = exported(db, "events", "csv").splitlines()[0]
    assert header.startswith("event,label,kind,place,first_date,last_date,claims")


def test_export_sources_name_the_document_each_copy_republishes(db: Path) -> None:
    rows = {r["doc_id"]: r for r in json.loads(exported(db, "sources", "json"))}
    assert rows["mirror"]["copy_of"] == "wire"
    assert rows["wire"]["copy_of"] is None
    assert rows["wire"]["sha256"] == sha256_of(WIRE)
    assert set(rows["wire"]) == {"doc_id", "url", "outlet", "title", "published", "lang",
                                 "sha256", "copy_of"}


def test_export_schema_claim_is_claim_json_ld_with_appearances(db: Path) -> None:
    with Ledger(db) as ledger:
        items = schema_claims(ledger)
    assert all(i["@context"] == "https://schema.org" and i["@type"] == "Claim" for i in items)
    wire = next(i for i in items if i["author"]["name"] == "hospital sources")
    assert wire["author"]["@type"] == "Organization"
    assert [a["url"] for a in wire["appearance"]] == ["https://npa.example/61",
                                                      "https://mirror.example/ostrel"]
    assert wire["firstAppearance"]["url"] == "https://npa.example/61"
    assert wire["datePublished"] == "2025-03-11"
    assert wire["text"].startswith("At least 61 people were killed")
    vrw = [i for i in items if i["author"]["name"] == "Varnia Rights Watch"]
    assert len(vrw) == 3  # at least 104, 104, 143


def test_export_refuses_schema_claim_for_anything_but_claims(db: Path) -> None:
    with Ledger(db) as ledger, pytest.raises(UnknownExportError, match="claims only"):
        export(ledger, "events", "schema-claim", io.StringIO())


def test_export_command_writes_a_file_or_stdout(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "claims.csv"
    done = runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(CLAIM_COLUMNS)
    printed = runner.invoke(cli, ["export", "--db", str(db), "--format", "schema-claim"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)[0]["@type"] == "Claim"
    refused = runner.invoke(
        cli, ["export", "--db", str(db), "--format", "schema-claim", "--what", "sources"]
    )
    assert refused.exit_code == 2 and "claims only" in refused.output
