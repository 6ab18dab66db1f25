"""`tolltrace check` finds every kind of damage a hand-edited or half-restored ledger can carry."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tolltrace.model import Claim, Document
from tolltrace.store import Ledger

TEXT = "At least 40 people were killed and 12 injured, officials said."


def claim(start: int, end: int, value: int, measure: str) -> Claim:
    return Claim(
        doc_id="a",
        start=start,
        end=end,
        mention=TEXT[start:end],
        value_min=value,
        value_max=None if start == 0 else value,
        approx="at least" if start == 0 else "exact",
        measure=measure,
        claimed_by=("officials",),
    )


@pytest.fixture
def sound(tmp_path: Path) -> Path:
    db = tmp_path / "sound.db"
    with Ledger(db) as ledger:
        ledger.add_document(
            Document(id="a", text=TEXT, outlet="Paper", source="a.html", page_sha256="f" * 64),
            [claim(0, 11, 40, "killed"), claim(35, 37, 12, "injured")],
        )
        ledger.add_document(Document(id="b", text="Nothing to count here."), [])
    return db


def problems(db: Path) -> list[str]:
    with Ledger(db) as ledger:
        return list(ledger.check())


def damaged(sound: Path, tmp_path: Path, *statements: str) -> Path:
    copy = tmp_path / "damaged.db"
    shutil.copy(sound, copy)
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


def test_check_finds_nothing_wrong_in_a_sound_ledger(sound: Path):
    assert problems(sound) == []


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (
            ["UPDATE documents SET text = replace(text, '40', '41') WHERE id = 'a'"],
            ["its text no longer matches its SHA-256", "is not 'At least 40'"],
        ),
        (["UPDATE documents SET chars = 3 WHERE id = 'b'"], ["3 characters recorded"]),
        (['UPDATE claims SET "end" = 500 WHERE value_min = 12'], ["span 35-500 outside the text"]),
        (["UPDATE claims SET mention = 'forty' WHERE value_min = 40"], ["is not 'forty'"]),
        (
            ["DELETE FROM documents WHERE id = 'a'"],
            ["2 claims without their document", "1 pages without their document (first: a.html)"],
        ),
    ],
)
def test_check_names_each_kind_of_damage(
    sound: Path, tmp_path: Path, statements: list[str], expected: list[str]
):
    found = problems(damaged(sound, tmp_path, *statements))
    for words in expected:
        assert any(words in problem for problem in found), (words, found)


def test_check_command_exits_1_and_prints_one_line_a_problem(sound: Path, tmp_path: Path):
    db = damaged(sound, tmp_path, "UPDATE claims SET mention = 'forty' WHERE value_min = 40")
    result = subprocess.run(
        [sys.executable, "-m", "tolltrace", "check", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == ["claim 1 of 'a': text at 0-11 is not 'forty'"]
    ok = subprocess.run(
        [sys.executable, "-m", "tolltrace", "check", "--db", str(sound)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0
    assert ok.stdout.startswith("ok: 2 document(s) and 2 claim(s)")
