"""The ledger opens in Datasette as is: tables, views and SQL through Datasette's own client."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

from boards import build_ledger


def fetch(db: Path, path: str) -> Any:
    async def run() -> Any:
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("datasette") / "ledger.db")


def test_datasette_lists_the_ledger_tables_and_views(db: Path) -> None:
    data = fetch(db, "/ledger.json")
    tables = {t["name"] for t in data["tables"]}
    assert {"documents", "claims", "migrations", "events", "claim_events", "copies"} <= tables
    assert "claims_view" in {v["name"] for v in data["views"]}


def test_datasette_filters_claims_view_by_column(db: Path) -> None:
    rows = fetch(db, "/ledger/claims_view.json?measure=killed&doc_id=wire&_shape=array")
    assert [(r["mention"], r["outlet"]) for r in rows] == [
        ("At least 61", "Nord Press Agency"), ("12", "Nord Press Agency")]


def test_datasette_runs_sql_over_events_and_claims(db: Path) -> None:
    sql = (
        "select e.id, count(*) as claims, min(c.value_min) as lowest "
        "from events e join claim_events ce on ce.event_id = e.id "
        "join claims c on c.id = ce.claim_id where c.hypothetical = 0 "
        "group by e.id order by claims desc"
    )
    rows = fetch(db, f"/ledger.json?sql={sql}&_shape=array")
    assert rows[0] == {"id": "ostrel-crackdown-2025", "claims": 8, "lowest": 12}
