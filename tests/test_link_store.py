"""The ledger's linking tables: migration 2 on an existing file, and their round trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tolltrace.errors import LedgerError
from tolltrace.model import AliasProposal, CopyOf, Document, Event, EventLink
from tolltrace.store import LATEST_VERSION, Ledger

V1 = Path(__file__).resolve().parent / "data" / "ledger_v1.sql"


@pytest.mark.sqlite_only
def test_link_store_upgrades_a_version_1_ledger(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:  # as the pre-Alembic store wrote it
        conn.executescript(V1.read_text(encoding="utf-8"))

    with Ledger(path) as upgraded:
        assert upgraded.document("a") is not None
        assert upgraded.events() == [] and upgraded.copies() == []
        upgraded.replace_copies([CopyOf("b", "a", 0.8)])

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST_VERSION,)


def test_link_store_round_trips_events_copies_and_claimants(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        for doc_id in ("a", "b"):
            ledger.add_document(Document(id=doc_id, text=f"Text {doc_id}: 5 died."), [])
        event = Event("quake-1", "quake", "earthquake", "serrat", "2025-04-02", "2025-04-09")
        ledger.replace_events([event], [])
        ledger.replace_copies([CopyOf("b", "a", 0.8)])
        ledger.update_claimants({"NES": "unknown"}, [AliasProposal("NES", "National X", 0.95)])
        ledger.decide_alias(AliasProposal("NES", "National X", 0.95, "confirmed"), "government")

        assert ledger.events() == [event] and ledger.event("quake-1") == event
        assert ledger.copies() == [CopyOf("b", "a", 0.8)]
        assert ledger.claimant_types() == {"National X": "government", "NES": "government"}
        with pytest.raises(LedgerError, match="FOREIGN KEY"):
            ledger.replace_events([], [EventLink(99, "ghost", 0.5)])
        assert ledger.events() == [event]  # the failed swap left the old events


def test_link_store_minhashes_replace_and_proposals_keep_decisions(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        ledger.add_document(Document(id="a", text="Five died."), [])
        ledger.add_minhashes({"a": (3, b"\x00\x01")})
        ledger.add_minhashes({"a": (4, b"\xff\x02")})
        ledger.add_minhashes({})
        assert ledger.minhashes() == {"a": (4, b"\xff\x02")}

        ledger.decide_alias(AliasProposal("VRW", "Varnia Rights Watch", 0.9, "rejected"))
        ledger.update_claimants(
            {"UN": "international body"},
            [AliasProposal("VRW", "Varnia Rights Watch", 0.9), AliasProposal("U.N.", "UN", 0.8)],
        )
        ledger.update_claimants({"UN": "unknown"}, [])  # a known name keeps its type
        assert ledger.claimants() == {"UN": "international body"}
        assert ledger.claimant_aliases("rejected") == [
            AliasProposal("VRW", "Varnia Rights Watch", 0.9, "rejected")
        ]
        assert ledger.claimant_aliases("proposed") == []
