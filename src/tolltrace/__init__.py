"""tolltrace: a verifiable ledger of the human-toll figures that articles report.

    >>> import tolltrace
    >>> docs = tolltrace.read_documents(["articles/"])
    >>> for document, claims in tolltrace.extract(docs): ...
    >>> tolltrace.ingest(["articles/"], "tolltrace.db")

The library never configures logging; the CLI (`tolltrace`) only calls what is here.
"""

from __future__ import annotations

import logging

from .api import evaluate, extract, ingest, read_documents
from .claimants import ClaimantRegistry, load_registry
from .errors import (
    InputError,
    LedgerError,
    ModelNotInstalledError,
    SettingsError,
    TolltraceError,
)
from .extract.extractor import Extractor
from .model import Claim, Claimant, Document, IngestReport, NumberMention, Page, SkippedInput
from .settings import Settings, load_settings
from .store import Ledger

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Claim",
    "Claimant",
    "ClaimantRegistry",
    "Document",
    "Extractor",
    "IngestReport",
    "InputError",
    "Ledger",
    "LedgerError",
    "ModelNotInstalledError",
    "NumberMention",
    "Page",
    "Settings",
    "SettingsError",
    "SkippedInput",
    "TolltraceError",
    "evaluate",
    "extract",
    "ingest",
    "load_registry",
    "load_settings",
    "read_documents",
]
