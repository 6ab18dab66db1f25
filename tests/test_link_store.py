"""The ledger's linking tables: migration 2 on an existing file, and their round trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tolltrace.errors import LedgerError
from tolltrace.model import AliasProposal, CopyOf, Document, Event, EventLink
from tolltrace.store import MIGRATIONS, Ledger
from tolltrace.store import ledger as ledger_module


def test_link_store_upgrades_a_version_1_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.db"
    with monkeypatch.context() as patch:
        patch.setattr(ledger_module, "MIGRATIONS", MIGRATIONS[:1])
        patch.setattr(ledger_module, "LATEST_VERSION", 1)
        with Ledger(path) as old:
            old.add_document(Document(id="a", text="Five were killed."), [])

    with Ledger(path) as upgraded:
        assert upgraded.document("a") is not None
        assert upgraded.events() == [] and upgraded.copies() == []

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (2,)


def test_link_store_round_trips_events_copies_and_claimants(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
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
