"""The ledger: tolltrace's store of documents and the toll claims read from them.

SQLite by default: the file is the product, and opens as is in Datasette or `sqlite3`;
`postgresql://...` puts the same tables on a shared server (docs/postgresql.md).
docs/ledger.md documents every table and column.
"""

from tolltrace.store.ledger import Ledger
from tolltrace.store.migrate import history
from tolltrace.store.schema import Migration

MIGRATIONS: list[Migration] = list(history())
LATEST_VERSION = MIGRATIONS[-1].version

__all__ = ["LATEST_VERSION", "MIGRATIONS", "Ledger", "Migration"]
