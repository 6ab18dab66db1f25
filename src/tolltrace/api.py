"""The public verbs: extract, ingest, evaluate. The CLI and the web UI only call these."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, SettingsError
from .extract.extractor import Extractor
from .ingest import read_inputs
from .model import Claim, Document, IngestReport, SkippedInput
from .settings import Settings
from .store import Ledger

if TYPE_CHECKING:
    from .scale import ClusterExtractor

SkipHandler = Callable[[SkippedInput], None]
DocumentHandler = Callable[[Document, int | None], None]  # claims written, None if unchanged

_extractors: dict[Settings, Extractor] = {}


def extractor_for(settings: Settings | None = None) -> Extractor:
    """One loaded pipeline per settings, reused across calls (loading takes ~1 s)."""
    settings = settings or Settings()
    if settings not in _extractors:
        _extractors[settings] = Extractor(settings)
    return _extractors[settings]


def extract(
    documents: Iterable[Document], settings: Settings | None = None
) -> Iterator[tuple[Document, list[Claim]]]:
    """Every document with the toll figures it reports; nothing is stored."""
    yield from extractor_for(settings).extract(documents)


def read_documents(
    inputs: Iterable[str], settings: Settings | None = None, on_skip: SkipHandler | None = None
) -> Iterator[Document]:
    """Documents from paths, directories, globs or '-', reporting what could not be read."""
    settings = settings or Settings()
    for item in read_inputs(inputs, settings):
        if isinstance(item, SkippedInput):
            if settings.strict:
                raise InputError(item.source, item.reason)
            if on_skip is not None:
                on_skip(item)
            continue
        yield item


def ingest(
    inputs: Iterable[str],
    db: str | Path,
    settings: Settings | None = None,
    on_skip: SkipHandler | None = None,
    on_document: DocumentHandler | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> IngestReport:
    """Read, extract and store; each document is written in its own transaction, so an
    interrupted run keeps what it wrote and a rerun picks up where it stopped.

    With `workers` (a local Dask cluster of that many processes) or `scheduler` (the address
    of a running one) extraction is distributed; this process still writes every document,
    in input order, so the ledger is the same as a single-process run's."""
    settings = settings or Settings()
    report = IngestReport()

    def skipped(item: SkippedInput) -> None:
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    with Ledger(db) as ledger, _extractor(settings, workers, scheduler) as extractor:
        new = _new_documents(read_documents(inputs, settings, skipped), ledger, report, on_document)
        for document, claims in extractor.extract(new):
            if ledger.add_document(document, claims):
                report.added += 1
                report.claims += len(claims)
                written: int | None = len(claims)
            else:
                report.unchanged += 1
                written = None
            if on_document is not None:
                on_document(document, written)
    return report


@contextmanager
def _extractor(
    settings: Settings, workers: int | None, scheduler: str | None
) -> Iterator[Extractor | ClusterExtractor]:
    """This process's extractor, or one on a Dask cluster when workers or a scheduler are given."""
    if workers is None and scheduler is None:
        yield extractor_for(settings)
        return
    from .scale import cluster_extractor  # dask takes a second to import: only its users wait

    with cluster_extractor(settings, workers, scheduler) as extractor:
        yield extractor


def _new_documents(
    documents: Iterable[Document],
    ledger: Ledger,
    report: IngestReport,
    on_document: DocumentHandler | None,
) -> Iterator[Document]:
    """Documents whose text the ledger does not hold yet; the rest count as unchanged."""
    for document in documents:
        if ledger.has_document(document.sha256):
            report.unchanged += 1
            if on_document is not None:
                on_document(document, None)
            continue
        yield document


def find_scorer(explicit: str | Path | None = None) -> Path:
    """The shared scorer: an explicit path, $TOLLTRACE_SCORER, or ../shared/eval/score.py
    above the working directory."""
    candidates = [explicit, os.environ.get("TOLLTRACE_SCORER")]
    here = Path.cwd().resolve()
    candidates += [p / "shared" / "eval" / "score.py" for p in (here, *here.parents)]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise SettingsError(
        str(explicit or "score.py"),
        "scorer not found; pass --scorer PATH or set TOLLTRACE_SCORER",
    )


def evaluate(
    gold: str | Path, settings: Settings | None = None, scorer: str | Path | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Extract from a gold file and score it with the shared scorer's rules.

    Returns the scorer's result and the predictions it scored.
    """
    module = _load_scorer(find_scorer(scorer))
    gold_rows = module.load_jsonl(str(gold))
    documents = [Document.from_record(row) for row in gold_rows]
    predictions = [
        claim.to_prediction() for _, claims in extract(documents, settings) for claim in claims
    ]
    return module.score(gold_rows, predictions), predictions


def _load_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("tolltrace_shared_scorer", path)
    if spec is None or spec.loader is None:
        raise SettingsError(str(path), "not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_jsonl(rows: Iterable[dict[str, Any]], out: Any) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
