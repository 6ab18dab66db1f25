"""Alembic migrations of the ledger; `tolltrace.store.migrate` applies them on open."""
