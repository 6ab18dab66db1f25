"""The command line end to end, as a user runs it: real subprocesses, real ledger files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "articles"
SCORER = REPO.parent / "shared" / "eval" / "score.py"


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tolltrace", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=300,
    )


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    return documents, claims


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ledger") / "demo.db"
    result = run("ingest", str(DEMO), "--db", str(db), "--quiet")
    assert result.returncode == 0, result.stderr
    return db


def test_cli_ingest_stores_documents_and_claims(demo_db: Path):
    documents, claims = counts(demo_db)
    assert documents >= 20
    assert claims >= documents


def test_cli_reingest_is_a_no_op(demo_db: Path, tmp_path: Path):
    copy = tmp_path / "again.db"
    shutil.copy(demo_db, copy)
    before = counts(copy)
    result = run("ingest", str(DEMO), "--db", str(copy), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "0 document(s) added" in result.stderr
    assert counts(copy) == before


def test_cli_every_claim_points_at_its_text(demo_db: Path):
    with sqlite3.connect(demo_db) as conn:
        rows = conn.execute(
            'SELECT d.text, c.start, c."end", c.mention FROM claims c JOIN documents d '
            "ON d.id = c.doc_id"
        ).fetchall()
    assert rows
    for text, start, end, mention in rows:
        assert text[start:end] == mention


def test_cli_claims_formats(demo_db: Path):
    as_csv = run("claims", "--db", str(demo_db), "--format", "csv", "--measure", "killed")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and {row["measure"] for row in rows} == {"killed"}
    as_json = run("claims", "--db", str(demo_db), "--format", "json", "--limit", "3")
    assert len(json.loads(as_json.stdout)) == 3
    table = run("claims", "--db", str(demo_db), "--limit", "2")
    assert "claim(s)" in table.stdout


def test_cli_bad_inputs_are_skipped_with_one_line_each(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        "Flood in Tarn\n\nAt least 12 people were killed by the flood, officials said.\n",
        encoding="utf-8",
    )
    (inputs / "empty.txt").write_text("   \n", encoding="utf-8")
    (inputs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (inputs / "broken.jsonl").write_text(
        '{"id": "a", "text": "Three people died in the fire."}\n{"id": "b", "text": \n',
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    result = run("ingest", str(inputs), "--db", str(db), "--quiet")
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert any("empty.txt" in line for line in skipped)
    assert any("binary.txt" in line for line in skipped)
    assert any("broken.jsonl:2" in line for line in skipped)
    assert "3 input(s) skipped" in result.stderr
    assert counts(db)[0] == 2


def test_cli_exits_1_when_nothing_could_be_ingested(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "nope.txt"),
        "--db",
        str(tmp_path / "t.db"),
        "--quiet",
    )
    assert result.returncode == 1
    assert "nope.txt" in result.stderr


def test_cli_strict_stops_at_the_first_bad_input(tmp_path: Path):
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "t.db"), "--strict")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tolltrace: error:")
    assert "a.txt" in result.stderr


def test_cli_extract_reads_stdin_and_writes_predictions(tmp_path: Path):
    line = json.dumps(
        {
            "id": "x1",
            "text": "At least 304 people were killed, Amnesty said.",
            "outlet": "Wire",
            "published": "2020-01-02",
        }
    )
    result = run("extract", "-", stdin=line + "\n")
    assert result.returncode == 0, result.stderr
    claims = [json.loads(row) for row in result.stdout.splitlines()]
    assert len(claims) == 1
    claim = claims[0]
    assert (claim["doc_id"], claim["value_min"], claim["approx"]) == ("x1", 304, "at least")
    assert claim["measure"] == "killed"
    assert claim["claimed_by"] == "Amnesty International"


@pytest.mark.skipif(not SCORER.is_file(), reason="needs ../shared/eval/score.py")
def test_cli_eval_scores_and_enforces_a_floor(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    text = "Officials said 40 people were killed and 12 injured in the blast."
    figures = [
        {
            "value_min": 40,
            "value_max": 40,
            "approx": "exact",
            "measure": "killed",
            "claimed_by": "officials",
            "evidence": "40 people were killed",
            "hypothetical": False,
        },
        {
            "value_min": 12,
            "value_max": 12,
            "approx": "exact",
            "measure": "injured",
            "claimed_by": "officials",
            "evidence": "12 injured",
            "hypothetical": False,
        },
    ]
    gold.write_text(
        json.dumps({"id": "g1", "text": text, "outlet": "Paper", "figures": figures}) + "\n",
        encoding="utf-8",
    )
    result = run("eval", str(gold), "--scorer", str(SCORER))
    assert result.returncode == 0, result.stderr
    assert "strict    P 1.000 R 1.000 F1 1.000" in result.stdout
    too_high = run("eval", str(gold), "--scorer", str(SCORER), "--min-strict-f1", "1.01")
    assert too_high.returncode == 1


def test_cli_missing_model_is_one_line_with_the_fix(tmp_path: Path):
    settings = tmp_path / "settings.toml"
    settings.write_text('[tolltrace]\nmodel = "no_such_model_xyz"\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Twelve people died.", encoding="utf-8")
    result = run("--settings", str(settings), "extract", str(doc))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "pip install" in lines[0] and "no_such_model_xyz" in lines[0]
