"""Where the store and linking tests keep their ledger: a temporary SQLite file, or, when
TOLLTRACE_TEST_POSTGRES=postgresql://user@host:port/db is set, a fresh schema on that
server for each test (dropped afterwards). Tests marked `sqlite_only` (file specifics) or
`postgres_only` run on their backend alone; the rest run unchanged on both."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from tolltrace.store.backend import parse_target

POSTGRES = os.environ.get("TOLLTRACE_TEST_POSTGRES")
BACKEND = "postgresql" if POSTGRES else "sqlite"


def pytest_configure(config: pytest.Config) -> None:
    for marker in ("sqlite_only", "postgres_only"):
        config.addinivalue_line("markers", f"{marker}: runs on that ledger backend only")


def pytest_report_header() -> str:
    return f"ledger backend: {BACKEND}" + (f" ({POSTGRES.split('@')[-1]})" if POSTGRES else "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    other = "sqlite_only" if POSTGRES else "postgres_only"
    skip = pytest.mark.skip(reason=f"not a {BACKEND} test")
    for item in items:
        if item.get_closest_marker(other):
            item.add_marker(skip)


@pytest.fixture
def ledger_db(tmp_path: Path) -> Iterator[str]:
    """The `Ledger(...)` / `--db` value of a fresh, empty ledger."""
    if not POSTGRES:
        yield str(tmp_path / "ledger.db")
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(parse_target(POSTGRES)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = parse_target(POSTGRES)[1].update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def sql(ledger_db: str) -> Iterator[Callable[..., list[tuple[Any, ...]]]]:
    """Run SQL on the test's ledger from outside tolltrace, as another tool would."""
    engine = sqlalchemy.create_engine(parse_target(ledger_db)[1], isolation_level="AUTOCOMMIT")

    def run(statement: str, **params: Any) -> list[tuple[Any, ...]]:
        with engine.connect() as conn:
            result = conn.execute(sqlalchemy.text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []

    yield run
    engine.dispose()
