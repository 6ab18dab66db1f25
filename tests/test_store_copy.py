"""`tolltrace copy`: a whole ledger into a new one, across backends, ids and decisions kept.

The target is the test backend's ledger (a SQLite file, or a PostgreSQL schema when
TOLLTRACE_TEST_POSTGRES is set); the source is a SQLite file, as a laptop's would be."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import tolltrace
from tolltrace.errors import LedgerError
from tolltrace.link.linker import link, rename_event
from tolltrace.model import Document
from tolltrace.store import Ledger

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger with every kind of row: pages, events, copies, claimants, a user's decision."""
    path = tmp_path_factory.mktemp("laptop") / "laptop.db"
    tolltrace.ingest([str(DEMO)], path)
    with Ledger(path) as ledger:
        link(ledger)
        rename_event(ledger, ledger.events()[0].id, "The Ostrel protests")
    return path


def everything(ledger: Ledger) -> dict[str, Any]:
    """What a user reads back from a ledger, through its public reads."""
    return {
        "rows": ledger.table_rows(),
        "documents": list(ledger.documents()),
        "claims": ledger.claims(),
        "events": ledger.events(),
        "links": ledger.event_links(),
        "decisions": [(kind, payload) for _, kind, payload in ledger.event_decisions()],
        "copies": ledger.copies(),
        "minhashes": ledger.minhashes(),
        "claimants": ledger.claimants(),
        "aliases": ledger.claimant_aliases(),
    }


def test_copy_keeps_every_row_ids_included(laptop: Path, ledger_db: str) -> None:
    with Ledger(laptop) as source, Ledger(ledger_db) as target:
        copied = source.copy_to(target)
        assert copied == source.table_rows()
        assert everything(target) == everything(source)
    assert all(copied[table] for table in ("pages", "events", "copies", "event_decisions"))


def test_copy_and_back_again_gives_the_same_ledger(
    laptop: Path, ledger_db: str, tmp_path: Path
) -> None:
    back = tmp_path / "back.db"
    with Ledger(laptop) as source, Ledger(ledger_db) as middle, Ledger(back) as again:
        source.copy_to(middle)
        middle.copy_to(again)
        assert everything(again) == everything(source)


def test_copy_target_goes_on_numbering_after_the_copied_ids(laptop: Path, ledger_db: str) -> None:
    """New claims in the copy get ids of their own (PostgreSQL's id counter moved past the
    copied ids), so the team's first ingest after moving does not collide."""
    with Ledger(laptop) as source, Ledger(ledger_db) as target:
        source.copy_to(target)
        largest = max(claim.id or 0 for claim in target.claims())
        text = "Officials in Varda said 7 people were killed on Monday."
        doc = Document(id="after-the-move", text=text)
        ((_, found),) = tolltrace.extract([doc])
        assert target.add_document(doc, found)
        (new,) = target.claims(doc_id="after-the-move")
        assert new.id is not None and new.id > largest


def test_copy_refuses_a_target_that_is_not_empty(laptop: Path, ledger_db: str) -> None:
    with Ledger(ledger_db) as target:
        target.add_document(Document(id="mine", text="Three were injured."), [])
    with Ledger(laptop) as source, Ledger(ledger_db) as target:
        with pytest.raises(LedgerError, match=r"not empty \(1 documents\); a ledger is copied"):
            source.copy_to(target)
        assert target.table_rows()["documents"] == 1
        assert [doc.id for doc in target.documents()] == ["mine"]


def test_copy_failing_midway_leaves_the_target_empty(
    laptop: Path, ledger_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: a copy interrupted after some tables holds none of them."""
    with Ledger(laptop) as source, Ledger(ledger_db) as target:

        def interrupted(table: str, rows: int) -> None:
            if table == "events":
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            source.copy_to(target, on_rows=interrupted)
        assert set(target.table_rows().values()) == {0}
        assert source.copy_to(target) == source.table_rows()  # and it can be copied again


def test_copy_command_names_what_it_copied(laptop: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    command = [sys.executable, "-m", "tolltrace", "copy", "--db", str(laptop), str(target)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with Ledger(laptop) as source:
        counts = source.table_rows()
    assert done.stderr.strip() == (
        f"copied {counts['documents']} document(s), {counts['claims']} claim(s) and "
        f"{counts['events']} event(s) from {laptop} into {target}"
    )
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode != 0
    assert again.stderr.strip().splitlines() == [
        f"tolltrace: error: {target}: not empty ({counts['documents']} documents, "
        f"{counts['claims']} claims, {counts['pages']} pages, {counts['events']} events, "
        f"{counts['claim_events']} claim_events, {counts['event_decisions']} event_decisions, "
        f"{counts['copies']} copies, {counts['minhashes']} minhashes, "
        f"{counts['claimants']} claimants, {counts['claimant_aliases']} claimant_aliases); "
        "a ledger is copied only into a new, empty one"
    ]
