"""One Alembic revision per schema version, numbered 0001, 0002, ...; never edited once released."""
