"""Alembic's entry point. tolltrace passes the open connection, already inside the
migration's transaction, as `config.attributes["connection"]`; run by hand (see
docs/ledger.md), it connects to `sqlalchemy.url` instead."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from tolltrace.store.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(context.config.get_main_option("sqlalchemy.url")).begin() as opened:
        _run(opened)
