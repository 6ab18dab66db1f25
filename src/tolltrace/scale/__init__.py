"""Distributed extraction on Dask: many worker processes extract, the client alone writes.

    with cluster_extractor(settings, workers=4) as extractor:
        for document, claims in extractor.extract(documents): ...

`tolltrace.ingest(..., workers=N)` or `scheduler="tcp://host:8786"` uses this for you.
"""

from .cluster import cluster_extractor, dask_client
from .job import ClusterExtractor, Timings

__all__ = ["ClusterExtractor", "Timings", "cluster_extractor", "dask_client"]
