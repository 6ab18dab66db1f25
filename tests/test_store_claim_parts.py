"""A sub-count's `part_of` and a figure's `speaker` survive the ledger: written, read back,
shown in claims_view, copied to another ledger, and NULL in a ledger from before them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from storehelpers import claim_in, make_doc
from tolltrace.store import Ledger

TEXT = "At least 40 people were killed, including 12 children, said Ana Ruiz of the Red Cross."


def _claims() -> tuple:
    doc = make_doc("a", TEXT)
    total = claim_in(doc, "At least 40", value_min=40, approx="at least", claimed_by=("Red Cross",))
    part = claim_in(
        doc, "12", value_min=12, claimed_by=("Red Cross",), part_of=total.start, speaker="Ana Ruiz"
    )
    return doc, total, part


def test_claim_parts_round_trip_through_the_ledger(
    ledger_db: str, sql: Callable[..., list[tuple]]
) -> None:
    doc, total, part = _claims()
    with Ledger(ledger_db) as ledger:
        ledger.add_document(doc, [total, part])
        stored = {c.mention: c for c in ledger.claims()}
    assert stored["12"].part_of == total.start and stored["12"].speaker == "Ana Ruiz"
    assert stored["At least 40"].part_of is None and stored["At least 40"].speaker is None
    rows = sql("SELECT mention, part_of, speaker FROM claims_view ORDER BY start")
    assert rows == [("At least 40", None, None), ("12", 0, "Ana Ruiz")]


@pytest.mark.sqlite_only
def test_claim_parts_are_copied_to_another_ledger(tmp_path: Path) -> None:
    doc, total, part = _claims()
    with Ledger(tmp_path / "a.db") as source, Ledger(tmp_path / "b.db") as target:
        source.add_document(doc, [total, part])
        source.copy_to(target)
        copied = {c.mention: c for c in target.claims()}
    assert (copied["12"].part_of, copied["12"].speaker) == (0, "Ana Ruiz")


@pytest.mark.sqlite_only
def test_claim_parts_are_null_in_a_ledger_written_before_them(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    data = Path(__file__).resolve().parent / "data" / "ledger_v1.sql"
    with sqlite3.connect(path) as conn:
        conn.executescript(data.read_text(encoding="utf-8"))
    with Ledger(path) as ledger:
        claims = ledger.claims()
    assert claims and all(c.part_of is None and c.speaker is None for c in claims)
