"""Helpers the Alembic revisions build their DDL with, and the schema history they make.

The `.db` file is tolltrace's product: people open it in Datasette or `sqlite3`, so every
table and column is commented in its SQLite DDL (SQLite keeps those comments in
`sqlite_master`, where Datasette shows them). The revisions write their DDL out per backend
rather than generating it, so a released schema never changes under a file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import NamedTuple

from sqlalchemy import Connection


class Migration(NamedTuple):
    """One schema version: its number (the Alembic revision "0001" is 1) and what it did."""

    version: int
    name: str


def sql_list(values: tuple[str, ...]) -> str:
    """An SQL value list for a CHECK (...IN ...): the values are our constants, not input."""
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def run_script(conn: Connection, scripts: Mapping[str, str]) -> None:
    """Run this backend's script statement by statement, inside the caller's transaction."""
    for statement in statements(scripts[conn.dialect.name]):
        conn.exec_driver_sql(statement)


def statements(script: str) -> list[str]:
    """Split a script into single statements, so it can run inside our own transaction.

    (`executescript` would commit any open transaction first.) Comments stay with the
    statement that follows them, so `sqlite_master` keeps the column documentation.
    """
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():  # a last statement without its ';' still runs (or fails loudly)
        found.append(pending.strip())
    return found
