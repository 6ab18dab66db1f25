"""The `tolltrace` command line: a thin layer over the public API.

Each module adds its commands to the one group in `app.py`.
"""

from __future__ import annotations

import sys

from ..errors import TolltraceError
from ..escape import printable
from . import (
    board,  # noqa: F401
    core,  # noqa: F401  (registers ingest, claims, extract, eval)
    link,  # noqa: F401  (registers link, event, claimants)
)
from .app import cli, err_console

__all__ = ["cli", "main"]


INTERRUPTED = "interrupted: whatever was already written is kept; run the command again"


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except TolltraceError as err:
        err_console.print(printable(f"tolltrace: error: {err}"), markup=False)
        sys.exit(2)
    except KeyboardInterrupt:  # outside a command's own handler: one line, not a traceback
        err_console.print(INTERRUPTED, markup=False)
        sys.exit(130)
