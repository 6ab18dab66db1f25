"""What an article can plant in our output (issue 13): terminal escape sequences and forged
lines in every CLI output, formulas in every CSV, and claims altered behind `check`'s back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tolltrace.cli import cli
from tolltrace.escape import csv_cell, printable, write_csv
from tolltrace.model import Claim, Document, Event, EventLink
from tolltrace.store import Ledger

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m"  # clear screen, set window title, 8-bit CSI
FORGED = "\nok: 0 problem(s)\r"
TEXT = "Clinic staff said 12 people were killed in Ostrel on Monday."
CLAIMANT = f'=HYPERLINK("http://evil.example"){ESCAPES}'


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("escape") / "ledger.db"
    document = Document(
        id=f"doc{ESCAPES}{FORGED}",
        text=TEXT,
        title=f"@SUM(A1){ESCAPES}",
        outlet=f"+Outlet{FORGED}",
        published="2025-03-10",
    )
    start = TEXT.index("12")
    claim = Claim(
        doc_id=document.id,
        start=start,
        end=start + 2,
        mention="12",
        value_min=12,
        value_max=12,
        approx="exact",
        measure="killed",
        counted=f"-people{ESCAPES}",
        claimed_by=(CLAIMANT,),
        sentence=TEXT,
        event="ostrel-event-2025-03",
    )
    with Ledger(db) as ledger:
        ledger.add_document(document, [claim])
        [stored] = ledger.claims()
        event = Event("ostrel-2025", f"Ostrel{ESCAPES}{FORGED}", "protests", "ostrel")
        ledger.replace_events([event], [EventLink(stored.id, event.id, 0.9)])  # type: ignore[arg-type]
    return db


def test_printable_shows_every_control_character_and_keeps_every_script() -> None:
    assert printable("a\x1b[31mb\nc\rd\te\x00f\x7fg\x9bh\u2028i") == (
        "a\\x1b[31mb\\nc\\rd\\te\\x00f\\x7fg\\x9bh\\u2028i"
    )
    readable = "Amnistía · سازمان عفو بین‌الملل · منظمة العفو الدولية · Rotes Kreuz"
    assert printable(readable) == readable  # letters, joiners and marks are not controls


@pytest.mark.parametrize(
    "command",
    [
        ["claims"],
        ["board", "ostrel-2025"],
        ["events", "--all"],
        ["check"],
        ["claims", "--db", f"missing{ESCAPES}.db"],  # an error naming the input
    ],
)
def test_no_cli_output_carries_a_raw_control_character(
    hostile_db: Path, command: list[str]
) -> None:
    args = command if "--db" in command else [*command, "--db", str(hostile_db)]
    result = CliRunner().invoke(cli, args, terminal_width=400)
    shown = result.output + (result.stderr if result.stderr_bytes else "")
    assert not any(ch in shown for ch in "\x1b\x07\x9b\r"), repr(shown)
    if command[0] != "check" and "--db" not in command:
        assert "\\x1b[2J" in shown  # shown as text, not obeyed
    lines = shown.splitlines()
    assert not any(line.startswith("ok: 0 problem(s)") for line in lines)  # no forged line


@pytest.mark.parametrize(
    "command",
    [
        ["claims", "--format", "json"],
        ["claims", "--format", "jsonl"],
        ["events", "--format", "json"],
    ],
)
def test_json_output_escapes_every_control_and_parses_back(
    hostile_db: Path, command: list[str]
) -> None:
    result = CliRunner().invoke(cli, [*command, "--db", str(hostile_db)])
    assert result.exit_code == 0, result.output
    assert not any(ch in result.output for ch in "\x1b\x07\x9b\r")
    text = result.output if command[-1] == "json" else f"[{result.output.strip()}]"
    assert any(ESCAPES in value for value in strings(json.loads(text)))  # same strings back


def strings(value: object) -> list[str]:
    """Every string in parsed JSON."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in strings(item)]


def test_ingest_skip_lines_escape_file_names(tmp_path: Path) -> None:
    name = tmp_path / "report\x1b[2J\nskipped nothing.txt"
    name.write_bytes(b"\x00\x01\x02 binary")
    result = CliRunner().invoke(cli, ["ingest", str(name), "--db", str(tmp_path / "t.db"), "-q"])
    assert "\x1b" not in result.output and "\\x1b[2J\\nskipped nothing.txt" in result.output
    assert not any(line.startswith("skipped nothing") for line in result.output.splitlines())


def test_csv_cells_that_start_like_a_formula_are_neutralised() -> None:
    for formula in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")'):
        assert csv_cell(formula) == "'" + formula
    for kept in ("Red Cross", "12", "-5", "-2.5", "", "a=b"):
        assert csv_cell(kept) == kept
    assert csv_cell(-5) == -5 and csv_cell(None) is None


@pytest.mark.parametrize("what", ["claims", "events", "sources"])
def test_every_csv_export_is_formula_safe(hostile_db: Path, what: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(hostile_db), "--what", what])
    assert result.exit_code == 0, result.output
    body = result.output.split(f"\n{1} {what} row(s) written")[0]
    for row in csv.reader(io.StringIO(body)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), cell


def test_claims_csv_is_formula_safe_and_keeps_numbers(hostile_db: Path) -> None:
    result = CliRunner().invoke(cli, ["claims", "--db", str(hostile_db), "--format", "csv"])
    [row] = list(csv.DictReader(io.StringIO(result.output)))
    assert row["claimed_by"].startswith("'=HYPERLINK")
    assert row["counted"].startswith("'-people")
    assert row["value_min"] == "12"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_on_a_terminal_shows_control_characters_and_in_a_file_keeps_them() -> None:
    row = {"name": f"a{ESCAPES}\nb"}
    on_screen, in_file = Terminal(), io.StringIO()
    write_csv(on_screen, ["name"], [row])
    write_csv(in_file, ["name"], [row])
    assert "\x1b" not in on_screen.getvalue() and "\\x1b[2J" in on_screen.getvalue()
    assert list(csv.DictReader(io.StringIO(in_file.getvalue()))) == [row]  # data round-trips


def test_write_csv_keeps_negative_numbers_numeric() -> None:
    out = io.StringIO()
    write_csv(out, ["name", "change"], [{"name": "-x", "change": -5}])
    assert out.getvalue().splitlines() == ["name,change", "'-x,-5"]


def test_check_catches_a_value_or_span_changed_by_sql(hostile_db: Path, tmp_path: Path) -> None:
    changed = tmp_path / "changed.db"
    changed.write_bytes(hostile_db.read_bytes())
    with sqlite3.connect(changed) as conn:
        conn.execute("UPDATE claims SET value_min = 1200, value_max = 1200")
    result = CliRunner().invoke(cli, ["check", "--db", str(changed)])
    assert result.exit_code == 1
    assert "'12' reads as exact 12, the ledger says exact 1,200" in result.output

    with sqlite3.connect(changed) as conn:  # move the span onto other digits, mention and all
        text = conn.execute("SELECT text FROM documents").fetchone()[0]
        conn.execute(
            'UPDATE claims SET start = ?, "end" = ?, mention = ?, value_min = 12, value_max = 12',
            (text.index("Monday"), text.index("Monday") + 2, "Mo"),
        )
    result = CliRunner().invoke(cli, ["check", "--db", str(changed)])
    assert result.exit_code == 1 and "no amount is read at" in result.output
