"""Linking: the same event across documents, wire copies, and one registry of claimants.

    >>> from tolltrace.link import link, merge_events
    >>> with Ledger("tolltrace.db") as ledger:
    ...     report = link(ledger)                 # copies, events, alias proposals
    ...     merge_events(ledger, "a-1f2e3d", "b-4c5b6a")   # kept on every later link()

`link` recomputes events from scratch, then replays the user's merges, splits and renames
(stored in the ledger's `event_decisions`), so a decision survives re-linking.
"""

from __future__ import annotations

from .copies import find_copies
from .linker import (
    confirm_alias,
    link,
    merge_events,
    propose_aliases,
    reject_alias,
    rename_event,
    split_event,
)
from .settings import LinkSettings

__all__ = [
    "LinkSettings",
    "confirm_alias",
    "find_copies",
    "link",
    "merge_events",
    "propose_aliases",
    "reject_alias",
    "rename_event",
    "split_event",
]
