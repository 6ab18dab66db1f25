"""Distributed extraction on Dask: the same ledger as a plain run, whatever the workers do."""

from __future__ import annotations

import gc
import importlib.util
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

import tolltrace
from tolltrace import Document, IngestReport, InputError, Settings, SkippedInput
from tolltrace.scale import ClusterExtractor, cluster, dask_client
from warchelpers import html_warc

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "articles"
SETTINGS = Settings()
TOLLTRACE = (sys.executable, "-m", "tolltrace")
ARTICLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>{title}</h1><p>{text}</p></article></body></html>"""


def generated(n: int, words: int = 150) -> list[Document]:
    """Articles from the benchmark corpus generator (bench/corpus.py)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module.generate_articles(n, words=words, seed=4)


def write_jsonl(path: Path, documents: Iterable[Document]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for doc in documents:
            row = {"id": doc.id, "text": doc.text, "outlet": doc.outlet, "title": doc.title}
            out.write(json.dumps({**row, "url": doc.url, "published": doc.published}) + "\n")
    return path


def ledger_rows(db: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Every document, claim and page row, row ids included: equal ledgers, not only equal
    sets."""
    with sqlite3.connect(db) as conn:
        docs = conn.execute(
            "SELECT id, text, url, outlet, title, published, lang, source, page_sha256"
            " FROM documents ORDER BY rowid"
        ).fetchall()
        claims = conn.execute("SELECT * FROM claims ORDER BY id").fetchall()
        pages = conn.execute("SELECT sha256, doc_id, source FROM pages ORDER BY rowid").fetchall()
    return docs, claims, pages


def write_archive(path: Path, documents: list[Document]) -> Path:
    """The documents as HTML pages in a web archive, and a page with no article in it."""
    pages = [
        (f"https://news.example/{doc.id}", ARTICLE_PAGE.format(title=doc.title, text=escape(text)))
        for doc in documents
        for text in [doc.text]
    ]
    pages.insert(3, ("https://news.example/blank", "<html><body></body></html>"))
    return html_warc(path, [(uri, html.encode()) for uri, html in pages])


def plain_claims(documents: list[Document]) -> list[list[dict]]:
    return [[c.to_prediction() for c in found] for _, found in tolltrace.extract(documents)]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as local,
        Client(local) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "generated.jsonl", generated(160))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "crawl.warc.gz"
    return write_archive(path, generated(24, words=300)[::2])


@pytest.fixture(scope="module")
def inputs(corpus: Path, archive: Path) -> list[str]:
    """Text, HTML files, JSON Lines and a web archive: documents and pages both."""
    return [str(DEMO), str(corpus), str(archive)]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory, inputs: list[str]) -> tuple[Path, IngestReport]:
    db = tmp_path_factory.mktemp("plain") / "plain.db"
    report = tolltrace.ingest(inputs, db, SETTINGS)
    assert report.added > 150
    return db, report


def test_scale_two_workers_write_the_same_ledger_as_one_process(
    plain: tuple[Path, IngestReport], inputs: list[str], archive: Path, tmp_path: Path
) -> None:
    plain_db, plain_report = plain
    db = tmp_path / "distributed.db"
    seen: list[str] = []
    report = tolltrace.ingest(
        inputs,
        db,
        SETTINGS,
        on_document=lambda document, written: seen.append(document.id),
        workers=2,
    )
    assert ledger_rows(db) == ledger_rows(plain_db)
    assert len(ledger_rows(db)[2]) == 12 + 6  # the archive's articles and the demo's .html
    assert report == plain_report
    assert report.skipped == [
        SkippedInput(f"{archive.as_posix()}#record-4", "no article text found in HTML")
    ]
    assert len(seen) == report.added
    again = tolltrace.ingest(inputs, db, SETTINGS, workers=2)
    assert (again.added, again.unchanged) == (0, report.added)


def test_scale_holds_a_bounded_number_of_documents(client: Client) -> None:
    documents = generated(60)
    pulled = 0
    handed_back = 0
    most_held = 0

    def source() -> Iterator[Document]:
        nonlocal pulled, most_held
        for document in documents:
            pulled += 1
            most_held = max(most_held, pulled - handed_back)
            yield document

    extractor = ClusterExtractor(client, SETTINGS, batch_documents=4, in_flight=2)
    found = []
    for _, claims in extractor.extract(source()):
        handed_back += 1
        found.append([c.to_prediction() for c in claims])
    assert found == plain_claims(documents)
    # in_flight batches out, and at most as many back and being handed on
    assert most_held <= 2 * 2 * 4
    assert extractor.timings.batches == 15


def test_scale_written_documents_are_freed_in_the_client() -> None:
    """Streaming means a written document is gone from the ingest process, however long the
    job: nothing there (the local scheduler and Dask's logs of recent messages included) keeps
    a copy of the batches it shipped."""

    def source() -> Iterator[Document]:
        for index in range(120):
            text = f"Officials in Varda said {index + 3} people were killed on Monday."
            yield Document(id=f"freed-{index:03}", text=text)

    with dask_client(workers=1) as local:
        extractor = ClusterExtractor(local, SETTINGS, batch_documents=1, in_flight=1)
        written = sum(1 for _ in extractor.extract(source()))
        gc.collect()
        still_held = {
            held.id
            for held in gc.get_objects()
            if isinstance(held, Document) and held.id.startswith("freed-")
        }
    assert written == 120
    assert not still_held & {f"freed-{index:03}" for index in range(60)}


def test_scale_batch_of_a_killed_worker_is_retried(client: Client) -> None:
    documents = generated(48)
    killed: list[int] = []

    def source() -> Iterator[Document]:
        for index, document in enumerate(documents):
            if index == 20:  # pulled after the first batch came back: kill a busy worker
                busy = busy_worker()
                killed.extend(client.run(os.getpid, workers=[busy]).values())
                os.kill(killed[0], signal.SIGKILL)
            yield document

    def busy_worker() -> str:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            busy = [worker for worker, keys in client.processing().items() if keys]
            if busy:
                return busy[0]
            time.sleep(0.01)
        raise AssertionError("no worker was busy when the test meant to kill one")

    extractor = ClusterExtractor(client, SETTINGS, batch_documents=4, in_flight=4)
    found = [[c.to_prediction() for c in claims] for _, claims in extractor.extract(source())]
    assert found == plain_claims(documents)
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()


def test_scale_cli_uses_a_running_scheduler(client: Client, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    plain = tmp_path / "plain.db"
    tolltrace.ingest([str(DEMO)], plain, SETTINGS)
    address = client.scheduler.address
    result = subprocess.run(
        [*TOLLTRACE, "ingest", str(DEMO), "--db", str(db), "-q", "--scheduler", address],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert ledger_rows(db) == ledger_rows(plain)
    # the test's cluster keeps Dask's default log of 1,000 messages: the user hears of it
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: the Dask scheduler at {address} keeps its last 1000 messages to each "
        "worker, and the documents they carried; start it with "
        "DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH=16 (docs/scaling.md)"
    ]


def test_scale_scheduler_keeping_a_short_message_log_brings_no_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A scheduler started as docs/scaling.md says (its workers connected under the short
    log) is not warned about."""
    with dask.config.set({"distributed.admin.low-level-log-length": 16}):
        started = LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0")
    with (
        started,
        caplog.at_level(logging.WARNING, logger="tolltrace"),
        dask_client(scheduler=started.scheduler_address),
    ):
        pass
    ours = [record for record in caplog.records if record.name.startswith("tolltrace")]
    assert [record.getMessage() for record in ours] == []


def test_scale_cli_refuses_workers_with_a_scheduler(tmp_path: Path) -> None:
    both = ("--workers", "2", "--scheduler", "tcp://127.0.0.1:8786")
    result = subprocess.run(
        [*TOLLTRACE, "ingest", str(DEMO), "--db", str(tmp_path / "x.db"), *both],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "give --workers or --scheduler, not both" in result.stderr


def test_scale_unreachable_scheduler_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError) as caught, dask_client(scheduler="tcp://127.0.0.1:9"):
        pass
    assert caught.value.source == "tcp://127.0.0.1:9"
    assert "cannot reach the Dask scheduler within 1s" in caught.value.reason
    assert "\n" not in str(caught.value)


def test_scale_strict_stops_at_a_page_a_worker_could_not_read(
    client: Client, archive: Path, tmp_path: Path
) -> None:
    """--strict holds for pages parsed on the workers as for files read in the client."""
    with pytest.raises(InputError) as caught:
        tolltrace.ingest(
            [str(archive)],
            tmp_path / "strict.db",
            Settings(strict=True),
            scheduler=client.scheduler.address,
        )
    assert caught.value.source == f"{archive.as_posix()}#record-4"
    assert caught.value.reason == "no article text found in HTML"
