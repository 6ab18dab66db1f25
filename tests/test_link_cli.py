"""The linking commands end to end: real subprocesses on a ledger of the demo articles."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tolltrace", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("link") / "demo.db"
    result = run("ingest", str(DEMO), "--db", str(path), "--quiet")
    assert result.returncode == 0, result.stderr
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_link_cli_links_renames_and_confirms(db: Path) -> None:
    linked = run("link", "--db", str(db))
    assert linked.returncode == 0, linked.stderr
    assert "event(s)" in linked.stdout and "3 copy(ies) found" in linked.stdout

    (event_id,) = rows(db, "SELECT event_id FROM claim_events GROUP BY event_id"
                           " ORDER BY count(*) DESC LIMIT 1")[0]
    renamed = run("event", "rename", event_id, "Ostrel crackdown", "--db", str(db))
    assert renamed.returncode == 0, renamed.stderr

    listed = run("claimants", "list", "--db", str(db))
    assert "VRW" in listed.stdout and "Varnia Rights Watch" in listed.stdout
    confirmed = run("claimants", "confirm", "VRW", "Varnia Rights Watch", "--db", str(db))
    assert confirmed.returncode == 0, confirmed.stderr

    relinked = run("link", "--db", str(db))
    assert "1 decision(s) applied" in relinked.stdout
    assert rows(db, f"SELECT label FROM events WHERE id = '{event_id}'") == [("Ostrel crackdown",)]
    assert rows(db, "SELECT status FROM claimant_aliases WHERE alias = 'VRW'") == [("confirmed",)]


def test_link_cli_reports_an_unknown_event_in_one_line(db: Path) -> None:
    result = run("event", "merge", "nope", "other", "--db", str(db))
    assert result.returncode == 2
    assert "no event 'nope'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command", [["link"], ["event"], ["event", "merge"], ["event", "split"], ["event", "rename"],
                ["claimants"], ["claimants", "list"], ["claimants", "confirm"],
                ["claimants", "reject"]],
)
def test_link_cli_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    description = result.stdout.split("\n\n")[1].strip()
    assert description and not description.startswith("Options")
