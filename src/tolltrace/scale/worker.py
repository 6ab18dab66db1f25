"""What runs inside each Dask worker: the pipeline loaded once, then batches of documents.

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
from ..model import Claim, Document
from ..settings import Settings


@dataclass(frozen=True)
class BatchResult:
    """The claims of each document of a batch, in batch order, and the seconds they took."""

    claims: list[list[Claim]]
    seconds: float


def extract_batch(documents: list[Document], settings: Settings) -> BatchResult:
    """Claims for one batch; the documents themselves stay with the client, which writes them."""
    started = time.perf_counter()
    claims = [found for _, found in extractor_for(settings).extract(documents)]
    return BatchResult(claims, time.perf_counter() - started)


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
