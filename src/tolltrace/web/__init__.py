"""tolltrace's web UI: `create_app(db_path)` returns the FastAPI app `tolltrace serve` runs.

Pages and their `.json` twins are listed in docs/web.md.
"""

from .app import create_app

__all__ = ["create_app"]
