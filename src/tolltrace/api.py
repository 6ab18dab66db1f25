"""The public verbs: extract, ingest, evaluate. The CLI and the web UI only call these."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, SettingsError
from .escape import json_text
from .extract.extractor import Extractor, reader_of
from .ingest import parse_page, read_inputs
from .model import Claim, Document, IngestReport, Page, SkippedInput
from .settings import Settings
from .store import Ledger

if TYPE_CHECKING:
    from .link.board_eval import BoardScores
    from .scale import ClusterExtractor

SkipHandler = Callable[[SkippedInput], None]
# A document, or a page already read, with its claims written (None when already stored).
DocumentHandler = Callable[[Document | Page, int | None], None]

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
    for item in _readable(read_inputs(inputs, settings), settings, on_skip):
        assert isinstance(item, Document)  # pages come only when asked for
        yield item


def _readable(
    items: Iterable[Document | Page | SkippedInput],
    settings: Settings,
    on_skip: SkipHandler | None,
) -> Iterator[Document | Page]:
    for item in items:
        if not isinstance(item, SkippedInput):
            yield item
        elif settings.strict:
            raise InputError(item.source, item.reason)
        elif on_skip is not None:
            on_skip(item)


def ingest(
    inputs: Iterable[str],
    db: str | Path,
    settings: Settings | None = None,
    on_skip: SkipHandler | None = None,
    on_document: DocumentHandler | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read, extract and store; each document is written in its own transaction, so an
    interrupted run keeps what it wrote and a rerun picks up where it stopped.

    With `workers` (a local Dask cluster of that many processes) or `scheduler` (the address
    of a running one) extraction, and the parsing of HTML pages, is distributed; this process
    still writes every document, in input order, so the ledger is the same as a
    single-process run's. A page read before (same bytes) is passed over unparsed.
    A document in a language no pipeline reads is stored without figures, counted in
    `report.unsupported` and named to `on_warning`."""
    settings = settings or Settings()
    report = IngestReport()

    def skipped(item: SkippedInput) -> None:
        if settings.strict:
            raise InputError(item.source, item.reason)
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    with Ledger(db) as ledger, _extractor(settings, workers, scheduler) as extractor:
        read = read_inputs(inputs, settings, pages=True)
        new = _unseen(_readable(read, settings, skipped), ledger, report, on_document)
        if isinstance(extractor, Extractor):
            here = _parsed_here(new, settings, skipped, ledger, report, on_document)
            extracted = extractor.extract(here)
        else:
            extracted = extractor.extract(new, on_skip=skipped)
        for document, claims in extracted:
            if reader_of(document.lang) is None:
                _unsupported(document, report, on_warning)
            try:
                added = ledger.add_document(document, claims)
            except InputError as err:
                skipped(SkippedInput(err.source, err.reason))
                continue
            if added:
                report.added += 1
                report.claims += len(claims)
                written: int | None = len(claims)
            else:
                report.unchanged += 1
                written = None
            if on_document is not None:
                on_document(document, written)
    return report


def _unsupported(
    document: Document, report: IngestReport, on_warning: Callable[[str], None] | None
) -> None:
    report.unsupported[document.lang] = report.unsupported.get(document.lang, 0) + 1
    if on_warning is not None:
        on_warning(
            f"{document.source or document.id}: language {document.lang!r} is not supported; "
            "no figures were read"
        )


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


def _unseen(
    items: Iterable[Document | Page],
    ledger: Ledger,
    report: IngestReport,
    on_document: DocumentHandler | None,
) -> Iterator[Document | Page]:
    """Documents whose text and pages whose bytes the ledger does not hold yet; the rest
    count as unchanged."""
    for item in items:
        held = ledger.has_page(item.sha256) if isinstance(item, Page) else _held(item, ledger)
        if not held:
            yield item
            continue
        report.unchanged += 1
        if on_document is not None:
            on_document(item, None)


def _held(document: Document, ledger: Ledger) -> bool:
    """True when the ledger holds this text; a new page it was taken from (a second capture
    of an article) is recorded against it, so reading that page again skips parsing it."""
    if not ledger.has_document(document.sha256):
        return False
    if document.page_sha256 is not None:
        ledger.add_document(document, [])  # stores nothing but the page
    return True


def _parsed_here(
    items: Iterable[Document | Page],
    settings: Settings,
    on_skip: SkipHandler,
    ledger: Ledger,
    report: IngestReport,
    on_document: DocumentHandler | None,
) -> Iterator[Document]:
    """Pages parsed in this process, for the local extractor; texts already held drop out."""
    for item in items:
        if isinstance(item, Document):
            yield item
            continue
        parsed = parse_page(item, settings)
        if isinstance(parsed, SkippedInput):
            on_skip(parsed)
        else:
            yield from _unseen([parsed], ledger, report, on_document)


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

    Returns the scorer's result and the predictions it scored. When the gold holds several
    languages, `result["by_lang"]` scores each language's documents on their own.
    """
    module = _load_scorer(find_scorer(scorer))
    gold_rows = module.load_jsonl(str(gold))
    documents = [Document.from_record(row) for row in gold_rows]
    predictions = [
        claim.to_prediction() for _, claims in extract(documents, settings) for claim in claims
    ]
    result = module.score(gold_rows, predictions)
    langs = {document.id: document.lang for document in documents}
    if len(set(langs.values())) > 1:
        result["by_lang"] = {
            lang: module.score(
                [row for row in gold_rows if langs[str(row["id"])] == lang],
                [p for p in predictions if langs.get(p["doc_id"]) == lang],
            )
            for lang in sorted(set(langs.values()))
        }
    return result, predictions


def evaluate_boards(
    gold: Iterable[str | Path], settings: Settings | None = None, scorer: str | Path | None = None
) -> list[BoardScores]:
    """Ingest the gold files into a temporary ledger, link it, and score the board of each
    gold event against what its articles state, for every language and for English."""
    from .link.board_eval import evaluate_boards as score_boards

    module = _load_scorer(find_scorer(scorer))
    rows = [row for path in gold for row in module.load_jsonl(str(path))]
    return score_boards(rows, module, settings)


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
        out.write(json_text(row) + "\n")
        count += 1
    return count
