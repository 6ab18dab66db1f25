"""Extraction on a Dask cluster with the single-process contract: each document with its
claims, in input order, so one writer in the client fills the ledger exactly as a plain run.
HTML pages are parsed into documents on the workers too.

Documents and pages are cut into batches; only a few batches are out at a time
(`in_flight`), and a batch that finishes early waits for the ones before it, so the client
never holds more than twice `in_flight` batches (those out, those back and being written),
whatever the corpus size. A batch whose worker dies is rerun on another: the scheduler
reschedules it, up to `distributed.scheduler.allowed-failures` deaths.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from distributed import Client, Future, as_completed
from distributed.scheduler import KilledWorker

from ..errors import InputError
from ..model import Claim, Document, Page, SkippedInput
from ..settings import Settings
from .worker import BatchResult, PipelinePlugin, extract_batch

SkipHandler = Callable[[SkippedInput], None]

BATCH_DOCUMENTS = 64  # about a second of work on one worker: cheap to redo, cheap to ship
RETRIES = 2  # for a batch that fails with an error, not only with its worker


def _refuse(item: SkippedInput) -> None:
    raise InputError(item.source, item.reason)


@dataclass
class Timings:
    """Where a job's time went: extraction summed over workers, and the client's waiting."""

    extracting: float = 0.0
    waiting: float = 0.0
    batches: int = 0


class ClusterExtractor:
    """`Extractor.extract` on a Dask cluster, for pages as well as documents; the client keeps
    each batch's documents and receives their claims, and the documents pages became."""

    def __init__(
        self,
        client: Client,
        settings: Settings,
        batch_documents: int = BATCH_DOCUMENTS,
        in_flight: int | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.batch_documents = batch_documents
        self.in_flight = in_flight or 2 * max(worker_count(client), 1)
        self.timings = Timings()
        client.register_plugin(PipelinePlugin(settings))

    def extract(
        self, items: Iterable[Document | Page], on_skip: SkipHandler = _refuse
    ) -> Iterator[tuple[Document, list[Claim]]]:
        """Each document, or document a page became, with its claims, in input order, with at
        most `in_flight` batches between reading and writing. A page without article text
        goes to `on_skip` (by default: InputError)."""
        batches = enumerate(_batched(items, self.batch_documents))
        job = uuid.uuid4().hex[:12]
        held: dict[int, list[Document | Page]] = {}  # sent and not yet handed back
        finished: dict[int, BatchResult] = {}  # back early, waiting for an earlier batch
        running = as_completed()
        futures: dict[str, tuple[int, Future]] = {}

        def top_up() -> None:
            while len(held) < self.in_flight and (item := next(batches, None)) is not None:
                index, batch = item
                held[index] = batch
                future = self.client.submit(
                    extract_batch,
                    batch,
                    self.settings,
                    key=f"tolltrace-{job}-{index}",
                    retries=RETRIES,
                    pure=False,
                )
                futures[future.key] = (index, future)
                running.add(future)

        next_index = 0
        try:
            top_up()
            while futures:
                index, result = self._next_result(running, futures, held)
                finished[index] = result
                ready: list[tuple[list[Document | Page], BatchResult]] = []
                while next_index in finished:
                    ready.append((held.pop(next_index), finished.pop(next_index)))
                    next_index += 1
                top_up()  # workers start on new batches before the writer gets these
                for batch, done in ready:
                    yield from _handed_back(batch, done, on_skip)
        finally:
            self.client.cancel([future for _, future in futures.values()])

    def _next_result(
        self,
        running: as_completed,
        futures: dict[str, tuple[int, Future]],
        held: dict[int, list[Document | Page]],
    ) -> tuple[int, BatchResult]:
        started = time.perf_counter()
        future = next(running)
        index, _ = futures.pop(future.key)
        try:
            result: BatchResult = future.result()
        except KilledWorker as err:
            batch = held[index]
            raise InputError(
                f"{batch[0].source or batch[0].id} … {batch[-1].source or batch[-1].id}",
                "every worker that extracted this batch died; ingest these documents "
                "without --workers to see which one fails",
            ) from err
        self.timings.waiting += time.perf_counter() - started
        self.timings.extracting += result.seconds
        self.timings.batches += 1
        return index, result


def worker_count(client: Client) -> int:
    return len(client.scheduler_info()["workers"])


def _handed_back(
    batch: list[Document | Page], done: BatchResult, on_skip: SkipHandler
) -> Iterator[tuple[Document, list[Claim]]]:
    for sent, parsed, claims in zip(batch, done.documents, done.claims, strict=True):
        item = sent if parsed is None else parsed
        if isinstance(item, SkippedInput):
            on_skip(item)
        elif isinstance(item, Document):
            yield item, claims


def _batched(items: Iterable[Document | Page], size: int) -> Iterator[list[Document | Page]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
