"""What runs inside each Dask worker: the pipeline loaded once, then batches of documents
and HTML pages (parsing a page costs about a third of extracting from it: done here, it
scales with the workers instead of holding back the one client that reads the input).

The worker keeps one loaded `Extractor` per settings in its process (the same cache the
single-process path uses), so a batch costs extraction only; the plugin loads it when the
worker starts, including a worker the nanny restarts after a crash.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from distributed import Worker, WorkerPlugin

from ..api import extractor_for
from ..ingest import parse_page
from ..model import Claim, Document, Page, SkippedInput
from ..settings import Settings


@dataclass(frozen=True)
class BatchResult:
    """For each item of a batch, in batch order: the document a page became (or why it could
    not; None for an item that was a document already) and its claims; and the seconds."""

    documents: list[Document | SkippedInput | None]
    claims: list[list[Claim]]
    seconds: float


def extract_batch(items: list[Document | Page], settings: Settings) -> BatchResult:
    """Claims for one batch, pages parsed first. Documents the client sent stay with it (it
    writes them); only those made from pages travel back."""
    started = time.perf_counter()
    parsed = [item if isinstance(item, Document) else parse_page(item, settings) for item in items]
    texts = [item for item in parsed if isinstance(item, Document)]
    found = (claims for _, claims in extractor_for(settings).extract(texts))
    claims = [next(found) if isinstance(item, Document) else [] for item in parsed]
    returned = [
        None if isinstance(sent, Document) else item
        for sent, item in zip(items, parsed, strict=True)
    ]
    return BatchResult(returned, claims, time.perf_counter() - started)


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts, so no batch waits for it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = plugin_name(settings)

    def setup(self, worker: Worker) -> None:
        extractor_for(self.settings)


def plugin_name(settings: Settings) -> str:
    """One plugin per settings: registering the same settings again replaces, never adds."""
    digest = hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:12]
    return f"tolltrace-pipeline-{digest}"
