"""The ledger: tolltrace's SQLite store of documents and the toll claims read from them.

The file is the product: it opens as is in Datasette or `sqlite3`; docs/ledger.md documents
every table and column.
"""

from tolltrace.store.ledger import Ledger
from tolltrace.store.schema import LATEST_VERSION, MIGRATIONS, Migration

__all__ = ["LATEST_VERSION", "MIGRATIONS", "Ledger", "Migration"]
