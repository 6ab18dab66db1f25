"""Records built to break a run (issue 13): each is skipped, cut short or read with one line
saying why, and the run goes on. Inputs are written into tmp_path by the test.

The reading cases call `read_inputs` (no model); the caps and the planted id go through the
real pipeline; the last test ingests a folder of every kind with the CLI, next to good
documents, and runs `check` on the result.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zstandard

from tolltrace import api
from tolltrace.errors import LedgerError
from tolltrace.extract.extractor import Extractor
from tolltrace.extract.segment import candidate_windows
from tolltrace.ingest import read_inputs
from tolltrace.ingest.decode import normalise_text
from tolltrace.model import Document, SkippedInput, sha256_of
from tolltrace.settings import Settings
from tolltrace.store import Ledger

GOOD = "Clinic staff said 7 people were killed in Brenna on Tuesday."
REPEATED = "Officials said 12 people were killed in the town on Monday. "


def read(*inputs: Path | str, settings: Settings | None = None) -> list:
    return list(read_inputs([str(i) for i in inputs], settings or Settings()))


def skips(items: list) -> list[SkippedInput]:
    return [item for item in items if isinstance(item, SkippedInput)]


def texts(items: list) -> list[str]:
    return [item.text for item in items if isinstance(item, Document)]


def jsonl_line(**record: object) -> str:
    return json.dumps(record) + "\n"


# --- JSON Lines records ----------------------------------------------------------------


def test_an_integer_of_more_than_4300_digits_skips_its_line_only(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"id": ' + "9" * 5000 + ', "text": "5 killed."}\n' + jsonl_line(text=GOOD))
    items = read(path)
    [skip] = skips(items)
    assert skip.source == f"{path.as_posix()}:1" and "4,300 digits" in skip.reason
    assert texts(items) == [GOOD]


@pytest.mark.parametrize("field", ["text", "id"])
def test_a_lone_surrogate_skips_its_line_with_the_reason(tmp_path: Path, field: str) -> None:
    path = tmp_path / "surrogate.jsonl"
    record = {"id": "a", "text": "Police said 5 people were killed."}
    record[field] = record[field] + "\ud800"  # json.dumps writes it as the escape \ud800
    path.write_text(json.dumps(record) + "\n" + jsonl_line(text=GOOD))
    items = read(path)
    [skip] = skips(items)
    assert f"{field} holds a lone surrogate" in skip.reason and "U+D800" in skip.reason
    assert texts(items) == [GOOD]


def test_a_lone_surrogate_in_metadata_is_dropped_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    path.write_text(jsonl_line(text=GOOD, title="Report\ud800", outlet="Paper\x00"))
    [document] = read(path)
    assert (document.title, document.outlet) == ("Report", "Paper")
    document.sha256  # hashable: no surrogate left anywhere in the text  # noqa: B018


def test_a_nul_character_skips_the_record_on_every_backend(tmp_path: Path) -> None:
    """PostgreSQL refuses NUL in text; SQLite would store it: the record is skipped on both."""
    jsonl = tmp_path / "nul.jsonl"
    jsonl.write_text(
        jsonl_line(text="Police said 5\u0000 people were killed.") + jsonl_line(text=GOOD)
    )
    late = tmp_path / "late.txt"  # past the 8 kB the binary check looks at
    late.write_bytes(b"Report\n\n" + b"Calm day in the city. " * 500 + b"\x00 5 killed.\n")
    items = read(jsonl, late)
    reasons = {skip.source: skip.reason for skip in skips(items)}
    assert "NUL character (U+0000) at offset 13" in reasons[f"{jsonl.as_posix()}:1"]
    assert "NUL character" in reasons[late.as_posix()]
    assert texts(items) == [GOOD]


def blank_lines_then(path: Path, **record: object) -> Path:
    """150 MB of empty lines, then one record, Zstandard-compressed to a few kB."""
    with open(path, "wb") as raw, zstandard.ZstdCompressor().stream_writer(raw) as out:
        for _ in range(150):
            out.write(b"\n" * 1_000_000)
        out.write(jsonl_line(**record).encode())
    return path


@pytest.mark.slow
def test_nul_and_surrogates_are_skipped_alike_on_either_backend(
    tmp_path: Path, ledger_db: str
) -> None:
    """Run with TOLLTRACE_TEST_POSTGRES set, this stores into PostgreSQL, which refuses NUL."""
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        jsonl_line(text="Police said 5\u0000 people were killed.")
        + json.dumps({"text": "Lone \ud800 surrogate, 5 killed."}) + "\n"
        + jsonl_line(text=GOOD, title="Brenna\u0000")
    )  # fmt: skip
    seen: list[SkippedInput] = []
    report = api.ingest([str(path)], ledger_db, on_skip=seen.append)
    assert [skip.source for skip in seen] == [f"{path.as_posix()}:1", f"{path.as_posix()}:2"]
    assert report.added == 1
    with Ledger(ledger_db, mode="read") as ledger:
        [document] = list(ledger.documents())
        assert (document.text, document.title) == (GOOD, "Brenna")
        with pytest.raises(LedgerError, match="read-only"):
            ledger.add_event_decision("rename", {"event": "e", "label": "x"})


def test_a_150_mb_run_of_blank_lines_in_a_small_zst_is_passed_over_fast(tmp_path: Path) -> None:
    path = blank_lines_then(tmp_path / "blank.jsonl.zst", id="after", text=GOOD)
    assert path.stat().st_size < 100_000
    started = time.monotonic()
    items = read(path)
    assert time.monotonic() - started < 8  # 31 s before: one readline call per blank line
    [document] = items
    assert document.text == GOOD and document.source == f"{path.as_posix()}:150000001"


@pytest.mark.parametrize(
    "filler", [" " * 4_900_000, "\n" * 4_900_000, " \n" * 2_450_000, "5 killed. " * 490_000]
)
def test_segmenting_a_5_mb_page_of_blank_runs_or_one_sentence_takes_a_second(
    filler: str,
) -> None:
    started = time.monotonic()
    windows = candidate_windows(filler + "\nPolice said 5 people were killed.", limit=500)
    assert time.monotonic() - started < 5  # 12-19 s before, one Python step a line
    assert 1 <= len(windows) <= 501


# --- symbolic links ---------------------------------------------------------------------


def test_a_link_out_of_an_ingested_folder_is_not_followed_unless_named(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("Private notes: 3 people were killed.\n")
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD)
    (folder / "sub" / "inside.txt").write_text("Medics said 4 people were killed.")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "alias.txt").symlink_to(folder / "sub" / "inside.txt")  # stays inside: read
    (folder / "away").symlink_to(outside.parent, target_is_directory=True)

    items = read(folder)
    reasons = {skip.source: skip.reason for skip in skips(items)}
    assert list(reasons) == [(folder / "away").as_posix(), (folder / "leak.txt").as_posix()]
    assert "outside the folder, not followed" in reasons[(folder / "leak.txt").as_posix()]
    assert "link to a folder, not followed" in reasons[(folder / "away").as_posix()]
    assert not any("Private" in text for text in texts(items))
    assert sorted(texts(items)) == sorted([GOOD, *["Medics said 4 people were killed."] * 2])

    [named] = read(folder / "leak.txt")  # the user named the link: their call
    assert isinstance(named, Document) and "Private notes" in named.text


# --- web archives -----------------------------------------------------------------------


def warc_record(sentence: str, uri: str, length: int | None = None) -> bytes:
    body = (
        f"<html><body><article><p>{sentence}</p><p>More words follow.</p></article></body></html>"
    )
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body.encode()
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{random.Random(uri).getrandbits(128):032x}>\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) if length is None else length}\r\n\r\n"
    )
    return headers.encode() + http + b"\r\n\r\n"


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_warc_record_claiming_10_gb_does_not_swallow_the_next(
    tmp_path: Path, gzipped: bool
) -> None:
    lying = warc_record("Medics said 21 people were killed.", "https://a.example/1", 10**10)
    honest = warc_record("Medics said 23 people were killed.", "https://a.example/2")
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(gzip.compress(lying) + gzip.compress(honest) if gzipped else lying + honest)
    items = read(path)
    [skip] = skips(items)
    assert skip.source == f"{path.as_posix()}#record-1"
    assert "Content-Length 10,000,000,000 is more than the file holds" in skip.reason
    [document] = [item for item in items if isinstance(item, Document)]
    assert document.url == "https://a.example/2" and "23 people" in document.text
    assert "21 people" not in document.text


def test_a_truncated_warc_gz_says_so_and_keeps_the_records_before(tmp_path: Path) -> None:
    first = gzip.compress(warc_record("Medics said 21 people were killed.", "https://a.example/1"))
    second = gzip.compress(warc_record("Medics said 23 people were killed.", "https://a.example/2"))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(first + second[: len(second) // 2])
    items = read(path)
    [skip] = skips(items)
    assert skip.source == f"{path.as_posix()}#record-2" and skip.reason.startswith("truncated")
    assert [item.url for item in items if isinstance(item, Document)] == ["https://a.example/1"]
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(first + second)
    assert skips(read(whole)) == []


def test_a_whole_warc_gz_of_compressible_pages_loses_nothing(tmp_path: Path) -> None:
    """A record's Content-Length counts uncompressed bytes, far more than its gzip member."""
    long = "Medics said 23 people were killed. " * 200
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(
        b"".join(gzip.compress(warc_record(long, f"https://a.example/{n}")) for n in range(3))
    )
    items = read(path)
    assert skips(items) == [] and len(texts(items)) == 3


# --- work per document (the model runs) -------------------------------------------------


@pytest.mark.slow
def test_a_page_of_one_repeated_sentence_is_cut_to_the_caps_in_seconds(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = REPEATED * (490_000 // len(REPEATED))  # 8,000 copies: 8,166 claims in 26 s before
    document = Document(id="repeat", text=text, source="repeat.jsonl:1")
    extractor = api.extractor_for(Settings())
    extractor.claims(Document(id="warm", text=GOOD))
    started = time.monotonic()
    claims = extractor.claims(document)
    assert time.monotonic() - started < 15
    assert 0 < len(claims) <= Settings().max_claims_per_document
    assert "more than 500 candidate sentences" in caplog.text
    assert "max_windows_per_document" in caplog.text

    small = Extractor(Settings(max_claims_per_document=3))
    assert len(small.claims(Document(id="r", text=REPEATED * 10))) == 3
    assert "max_claims_per_document" in caplog.text


@pytest.mark.slow
def test_a_duplicate_id_planted_by_an_earlier_file_skips_one_record(tmp_path: Path) -> None:
    later = "Rescuers said 9 people were injured in the collapse."
    planted = f"x#{sha256_of(normalise_text(later))[:8]}"
    (tmp_path / "a.jsonl").write_text(
        jsonl_line(id="x", text=GOOD) + jsonl_line(id=planted, text="Police said 2 were hurt.")
    )
    (tmp_path / "b.jsonl").write_text(jsonl_line(id="x", text=later))
    (tmp_path / "c.jsonl").write_text(jsonl_line(id="c", text="Medics said 4 were killed."))
    seen: list[SkippedInput] = []
    report = api.ingest([str(tmp_path)], tmp_path / "t.db", on_skip=seen.append)
    [skip] = seen
    assert skip.source == f"{(tmp_path / 'b.jsonl').as_posix()}:1"
    assert "already hold other texts" in skip.reason
    assert report.added == 3  # the file after it was still read


# --- everything at once, through the CLI ------------------------------------------------


def hostile_folder(root: Path) -> tuple[Path, list[str], list[str]]:
    """A folder of good documents and one of each hostile kind: (folder, the good texts'
    first words, the labels of the inputs that must be reported)."""
    folder = root / "inbox"
    folder.mkdir()
    outside = root / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    good = {
        "good.txt": "Clinic staff said 7 people were killed in Brenna on Tuesday.\n",
        "good.jsonl": "Medics said 31 people were injured in Kaltern on Friday.",
    }
    (folder / "good.txt").write_text(good["good.txt"])
    (folder / "good.jsonl").write_text(jsonl_line(id="g1", text=good["good.jsonl"]))
    later = "Rescuers said 9 people were injured in the collapse."
    planted = f"x#{sha256_of(normalise_text(later))[:8]}"
    (folder / "plant-a.jsonl").write_text(
        jsonl_line(id="x", text="Officials said 14 people were arrested in Norden.")
        + jsonl_line(id=planted, text="Police said 2 people were hurt in Osterby.")
    )
    (folder / "plant-b.jsonl").write_text(jsonl_line(id="x", text=later))
    (folder / "records.jsonl").write_text(
        '{"id": '
        + "7" * 4400
        + ', "text": "5 killed."}\n'
        + json.dumps({"text": "Lone \ud800 surrogate, 5 killed."})
        + "\n"
        + jsonl_line(text="Police said 5\u0000 people were killed.")
        + jsonl_line(id="g2", text="Volunteers said 12 people went missing in Sulden.")
    )
    (folder / "leak.txt").symlink_to(outside)
    (folder / "elsewhere").symlink_to(root, target_is_directory=True)
    blank_lines_then(
        folder / "blank.jsonl.zst", id="g3", text="Medics said 6 people were killed in Lenz."
    )
    lying = warc_record("Medics said 21 people were killed.", "https://a.example/1", 10**10)
    honest = warc_record("Medics said 23 people were killed in Serrat.", "https://a.example/2")
    (folder / "lying.warc").write_bytes(lying + honest)
    cut = gzip.compress(
        warc_record("Medics said 25 people were killed in Dorn.", "https://b.example/1")
    )
    rest = gzip.compress(warc_record("Medics said 26 people were killed.", "https://b.example/2"))
    (folder / "cut.warc.gz").write_bytes(cut + rest[: len(rest) // 2])
    (folder / "repeat.jsonl").write_text(
        jsonl_line(id="repeat", text=REPEATED * (490_000 // len(REPEATED)))
    )
    expected_texts = [
        "Clinic staff said 7", "Medics said 31", "Officials said 14", "Police said 2 people",
        "Volunteers said 12", "Medics said 6", "Medics said 23", "Medics said 25",
        "Officials said 12 people were killed in the town",
    ]  # fmt: skip
    bad = [
        f"{folder.as_posix()}/plant-b.jsonl:1",
        f"{folder.as_posix()}/records.jsonl:1",
        f"{folder.as_posix()}/records.jsonl:2",
        f"{folder.as_posix()}/records.jsonl:3",
        f"{folder.as_posix()}/leak.txt",
        f"{folder.as_posix()}/elsewhere",
        f"{folder.as_posix()}/lying.warc#record-1",
        f"{folder.as_posix()}/cut.warc.gz#record-2",
    ]
    return folder, expected_texts, bad


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tolltrace", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.mark.slow
def test_a_folder_of_every_hostile_kind_ingests_the_good_and_reports_each_bad(
    tmp_path: Path,
) -> None:
    folder, expected, bad = hostile_folder(tmp_path)
    started = time.monotonic()
    run = run_cli("ingest", str(folder), "--db", "t.db", "--quiet", cwd=tmp_path)
    assert time.monotonic() - started < 120
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    for label in bad:
        assert sum(line.startswith(f"skipped {label}:") for line in lines) == 1, (label, lines)
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert len(warnings) == 1 and "repeat.jsonl:1" in warnings[0]
    assert f"{len(bad)} input(s) skipped" in run.stderr

    with sqlite3.connect(tmp_path / "t.db") as conn:
        stored = [row[0] for row in conn.execute("SELECT text FROM documents")]
        (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
    assert len(stored) == len(expected)
    for start in expected:
        assert sum(text.startswith(start) for text in stored) == 1, start
    assert not any("root:x:0" in text for text in stored)
    assert claims <= len(expected) - 1 + Settings().max_claims_per_document

    check = run_cli("check", "--db", "t.db", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith(f"ok: {len(expected)} document(s)")
