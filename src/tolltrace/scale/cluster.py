"""Which Dask cluster a run uses: a local one it starts and stops, or one already running.

A local cluster runs one single-threaded process per worker: spaCy holds the GIL, so
threads would only take turns, and a crash in one process takes one batch with it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dask
from distributed import Client, LocalCluster

from ..errors import InputError
from ..settings import Settings
from .job import ClusterExtractor

CONNECT_TIMEOUT = "10s"
# Dask keeps its last messages for debugging, 1,000 by default, and a message that sends a
# task holds the task's arguments: a thousand batches of documents, alive in the client and
# the scheduler long after they were written. A few are enough to debug a stuck job.
MESSAGE_LOG_LENGTH = 16

logger = logging.getLogger(__name__)


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the scheduler at `scheduler`, or of a local cluster of `workers` processes
    that lives exactly as long as the client."""
    if (workers is None) == (scheduler is None):
        raise InputError(
            f"workers={workers}, scheduler={scheduler}",
            "give either a number of workers or a scheduler address, not both and not neither",
        )
    if workers is not None and workers < 1:
        raise InputError(f"workers={workers}", "the number of workers must be at least 1")
    with dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG_LENGTH}):
        if scheduler is not None:
            with _connect(scheduler) as client:
                _warn_of_a_long_message_log(client, scheduler)
                yield client
        else:
            with _local_cluster(workers or 1) as client:
                yield client


@contextmanager
def _local_cluster(workers: int) -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@contextmanager
def cluster_extractor(
    settings: Settings, workers: int | None = None, scheduler: str | None = None
) -> Iterator[ClusterExtractor]:
    """An extractor whose batches run on the chosen cluster; the pipeline loads on every worker
    before the first batch is sent."""
    with dask_client(workers, scheduler) as client:
        yield ClusterExtractor(client, settings)


def _warn_of_a_long_message_log(client: Client, address: str) -> None:
    """A scheduler someone else started keeps Dask's default log of 1,000 messages to each
    worker unless told otherwise: say so, once, as it costs memory on every job."""
    try:
        kept = int(client.run_on_scheduler(_messages_kept))
    except Exception:  # an older or newer Dask, a scheduler that cannot run this: stay quiet
        logger.debug("could not read the message log length of %s", address, exc_info=True)
        return
    if kept > MESSAGE_LOG_LENGTH:
        logger.warning(
            "the Dask scheduler at %s keeps its last %d messages to each worker, and the "
            "documents they carried; start it with "
            "DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH=%d (docs/scaling.md)",
            address,
            kept,
            MESSAGE_LOG_LENGTH,
        )


def _messages_kept(dask_scheduler: Any) -> int:
    """Runs on the scheduler: how many messages it keeps per worker connection (the setting
    its connections were made with; its current setting if no worker is connected yet)."""
    lengths = [comm.recent_message_log.maxlen for comm in dask_scheduler.stream_comms.values()]
    return max(lengths, default=dask.config.get("distributed.admin.low-level-log-length"))


def _connect(address: str) -> Client:
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        raise InputError(
            address,
            f"cannot reach the Dask scheduler within {CONNECT_TIMEOUT} ({type(err).__name__}); "
            "check the address and that 'dask scheduler' runs there, or use --workers N",
        ) from err
