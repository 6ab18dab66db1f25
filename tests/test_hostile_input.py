"""Hostile input, one kind a test: each is written into tmp_path at test time and ingested by
the real CLI (`python -m tolltrace ingest`) next to a good file, on a copy of a ledger that
already holds documents.

For every kind: the run ends in bounded time and memory, the good file is stored, nothing
already stored changes, and either the input is skipped with one line naming it and the
reason (printed as it happens and again in the summary) or, for a readable article with
hostile content, it is stored and the content checked.

WARC and gzip kinds skip while `tolltrace.ingest` reports those formats as unsupported.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tolltrace.extract.numbers import MAX_COUNT
from tolltrace.ingest import read_inputs
from tolltrace.model import Document, SkippedInput
from tolltrace.settings import Settings

pytestmark = pytest.mark.slow

RUN_SECONDS = 120  # a run that takes longer is hanging
PEAK_MB = 900  # a run's peak RSS; the loaded model takes about 300 MB
HUGE_BYTES = 50_000_000
GOOD = "good.txt"
GOOD_TEXT = "Clinic staff said 7 people were killed in Brenna on Tuesday.\n"
BASE = [
    {"id": "dup", "text": "Officials said 12 people were killed in Ostrel on Monday."},
    {"id": "base-2", "text": "The ministry said 30 people were injured in the blast."},
]
# Payloads that would show up in stored text if script or iframe content leaked into it.
PAYLOAD = "window.__pwned = 99 killed"
READ_SYSCALL = {"aarch64": "63"}.get(os.uname().machine, "0")  # as /proc/PID/syscall shows it


@dataclass
class Run:
    returncode: int
    stderr: str
    seconds: float
    peak_mb: float


@dataclass
class Case:
    """The CLI arguments one kind needs, what it must be skipped for, and checks on the ledger."""

    args: list[str]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (label, reason regex)
    check: Callable[[sqlite3.Connection], None] | None = None
    prefix: list[str] = field(default_factory=list)  # e.g. setpriv, to drop root's powers
    during: Callable[[subprocess.Popen], None] | None = None  # runs while the CLI runs


def run_cli(args: list[str], cwd: Path, case: Case) -> Run:
    """The CLI as a user runs it, its peak memory measured by wait4, killed if it hangs."""
    command = [*case.prefix, sys.executable, "-m", "tolltrace", "ingest", *args, "--quiet"]
    started = time.monotonic()
    with open(cwd / "stderr.txt", "w+b") as err:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE if case.during else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        timer = threading.Timer(RUN_SECONDS, process.kill)
        timer.start()
        try:
            if case.during is not None:
                case.during(process)
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    seconds = time.monotonic() - started
    return Run(process.returncode, stderr, seconds, usage.ru_maxrss / 1024)


def snapshot(db: Path) -> tuple[dict[str, tuple], dict[int, tuple]]:
    """Every stored document and claim, every column: what must never change."""
    with sqlite3.connect(db) as conn:
        documents = {row[0]: row for row in conn.execute("SELECT * FROM documents")}
        claims = {row[0]: row for row in conn.execute("SELECT * FROM claims")}
    return documents, claims


@pytest.fixture(scope="module")
def base_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("base")
    (folder / "base.jsonl").write_text("".join(json.dumps(row) + "\n" for row in BASE))
    run = run_cli(["base.jsonl", "--db", "base.db"], folder, Case([]))
    assert run.returncode == 0, run.stderr
    return folder / "base.db"


def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path.name


def jsonl(*rows: object) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def claims_of(conn: sqlite3.Connection, source: str) -> list[tuple[int, int | None, str]]:
    return conn.execute(
        "SELECT c.value_min, c.value_max, c.mention FROM claims c JOIN documents d"
        " ON d.id = c.doc_id WHERE d.source = ?",
        (source,),
    ).fetchall()


def text_of(conn: sqlite3.Connection, source: str) -> str:
    row = conn.execute("SELECT text FROM documents WHERE source = ?", (source,)).fetchone()
    assert row is not None, f"{source} was not stored"
    return str(row[0])


def write_lazily(path: Path, first: bytes, filler: bytes, size: int) -> None:
    """A file of `size` bytes written a megabyte at a time, never held in memory whole."""
    chunk = filler * (1_000_000 // len(filler))
    with open(path, "wb") as file:
        file.write(first)
        written = len(first)
        while written < size:
            part = chunk[: size - written]
            file.write(part)
            written += len(part)


def supports(tmp_path: Path, name: str, data: bytes) -> bool:
    """Whether tolltrace.ingest reads this format yet (streaming readers are being added)."""
    probe = tmp_path / "probe" / name
    probe.parent.mkdir(exist_ok=True)
    probe.write_bytes(data)
    items = list(read_inputs([str(probe)], Settings()))
    return not any(isinstance(i, SkippedInput) and "unsupported" in i.reason for i in items)


def warc_record(body: bytes, uri: str, length: int | None = None) -> bytes:
    """One WARC/1.0 response record holding an HTTP response with `body` as HTML."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{random.Random(uri).getrandbits(128):032x}>\r\n"
        f"WARC-Date: 2025-03-14T08:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) if length is None else length}\r\n\r\n"
    )
    return headers.encode() + http + b"\r\n\r\n"


def page(sentence: str) -> bytes:
    return (
        f"<html><head><title>Report</title></head><body><article><p>{sentence}</p>"
        f"<p>Residents described the scene to reporters on Tuesday evening.</p>"
        f"</article></body></html>"
    ).encode()


def until_reading_stdin(process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the CLI blocks reading its standard input: it has listed every input."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            call = Path(f"/proc/{process.pid}/syscall").read_text().split()
        except OSError:
            call = []
        if call[:2] == [READ_SYSCALL, "0x0"]:  # read(0, ...)
            return
        time.sleep(0.05)
    raise AssertionError("the CLI never started reading its standard input")


# --- the kinds ----------------------------------------------------------------------------


def binary_noise(d: Path) -> Case:
    name = write(d / "noise.txt", random.Random(1).randbytes(20_000))
    return Case([name], [(name, r"binary file, not text")])


def image_named_html(d: Path) -> Case:
    name = write(d / "photo.html", b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(5000))
    return Case([name], [(name, r"binary file")])


def empty_file(d: Path) -> Case:
    name = write(d / "empty.txt", b"")
    return Case([name], [(name, r"^empty$")])


def whitespace_only(d: Path) -> Case:
    name = write(d / "blank.txt", " \n\t\r\n \u00a0\u2003 \n".encode())
    return Case([name], [(name, r"^empty$")])


def nul_bytes(d: Path) -> Case:
    name = write(d / "nul.txt", b"Police said 12 people\x00 were\x00 killed.\x00\x00")
    return Case([name], [(name, r"binary file")])


def mixed_encodings(d: Path) -> Case:
    data = "Le café: “12 killed”. ".encode() + "Naïve 13 injured.".encode("cp1252")
    name = write(d / "mixed.txt", data)
    return Case([name], [(name, r"mixed encodings: .*re-save the file as UTF-8")])


def invalid_utf8(d: Path) -> Case:
    data = "“Officials” said ".encode() + b"\xc0\xaf 12 were killed \x80\xbf in Ostrel."
    name = write(d / "invalid.txt", data)
    return Case([name], [(name, r"mixed encodings: .*0xC0 at offset")])


def utf16_jsonl(d: Path) -> Case:
    data = codecs.BOM_UTF16_LE + jsonl({"text": "Twelve killed."}).encode("utf-16-le")
    name = write(d / "wide.jsonl", data)
    return Case([name], [(name, r"JSON Lines must be UTF-8, not UTF-16")])


def huge_line_text(d: Path) -> Case:
    write_lazily(d / "huge.txt", b"Police said ", b"1 killed ", HUGE_BYTES)
    return Case(["huge.txt"], [("huge.txt", r"too large \(50\.0 MB > 5\.0 MB limit")])


def huge_line_jsonl(d: Path) -> Case:
    write_lazily(d / "huge.jsonl", b'{"text": "', b"1 killed ", HUGE_BYTES)
    with open(d / "huge.jsonl", "ab") as file:
        file.write(b'"}\n' + jsonl({"id": "after-huge", "text": "Nine were killed."}).encode())

    def check(conn: sqlite3.Connection) -> None:
        assert claims_of(conn, "huge.jsonl:2")  # the line after the huge one is read

    return Case(["huge.jsonl"], [("huge.jsonl:1", r"line 1: too large")], check)


def deep_html(d: Path) -> Case:
    depth = 100_000
    data = "<html><body>" + "<div>" * depth + "<p>12 killed.</p>" + "</div>" * depth
    name = write(d / "deep.html", data + "</body></html>")
    return Case([name], [(name, r"HTML nested too deeply \(more than max_html_depth 256")])


def html_only_scripts(d: Path) -> Case:
    data = f"<html><head><script>{PAYLOAD}</script></head><body><script>1</script></body></html>"
    name = write(d / "scripts-only.html", data)
    return Case([name], [(name, r"no article text found in HTML")])


def jsonl_broken_line(d: Path) -> Case:
    rows = jsonl(
        {"id": "first", "text": "Rescuers said 5 people were killed."},
        '{"id": "second", "text": "unterminated',
        {"id": "third", "text": "Rescuers said 6 people were killed."},
    )
    name = write(d / "broken.jsonl", rows)

    def check(conn: sqlite3.Connection) -> None:
        assert claims_of(conn, "broken.jsonl:1") and claims_of(conn, "broken.jsonl:3")

    return Case([name], [(f"{name}:2", r"line 2: not JSON: ")], check)


def jsonl_cut_off(d: Path) -> Case:
    rows = jsonl({"id": "whole", "text": "Rescuers said 5 people were killed."})
    name = write(d / "cut.jsonl", rows + '{"id": "cut", "text": "Resc')
    return Case([name], [(f"{name}:2", r"the last line looks cut off")])


def jsonl_wrong_text_type(d: Path) -> Case:
    name = write(d / "types.jsonl", jsonl({"id": "n", "text": 1500}, {"text": ["a", "b"]}))
    return Case(
        [name],
        [
            (f"{name}:1", r"line 1: text is a number, not a string"),
            (f"{name}:2", r"line 2: text is a list, not a string"),
        ],
    )


def jsonl_wrong_id_type(d: Path) -> Case:
    rows = jsonl({"id": {"$ne": 1}, "text": "Four killed."}, {"id": True, "text": "Two killed."})
    name = write(d / "ids.jsonl", rows)
    return Case(
        [name],
        [
            (f"{name}:1", r"line 1: id is an object, not a string or number"),
            (f"{name}:2", r"line 2: id is true/false, not a string or number"),
        ],
    )


def jsonl_missing_text(d: Path) -> Case:
    name = write(d / "notext.jsonl", jsonl({"id": "t", "title": "Forty killed", "body": "x"}))
    return Case([name], [(f"{name}:1", r"line 1: missing text")])


def jsonl_not_an_object(d: Path) -> Case:
    name = write(d / "list.jsonl", jsonl([1, 2, 3]))
    return Case([name], [(f"{name}:1", r"line 1: not a JSON object but a list")])


def jsonl_deeply_nested(d: Path) -> Case:
    name = write(d / "nested.jsonl", '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}\n")
    return Case([name], [(f"{name}:1", r"line 1: not JSON")])


def jsonl_blank_lines(d: Path) -> Case:
    name = write(d / "blank.jsonl", "\n   \n\t\n")
    return Case([name], [(name, r"^empty$")])


def symlink_loop(d: Path) -> Case:
    (d / "loop-a.txt").symlink_to("loop-b.txt")
    (d / "loop-b.txt").symlink_to("loop-a.txt")
    return Case(["loop-a.txt"], [("loop-a.txt", r"too many levels of symbolic links")])


def symlink_loop_in_directory(d: Path) -> Case:
    write(d / "dir" / "fine.txt", "Witnesses said 3 people were killed.")
    (d / "dir" / "self.txt").symlink_to("self.txt")
    (d / "dir" / "up").symlink_to("..", target_is_directory=True)
    return Case(["dir"], [("dir/self.txt", r"too many levels of symbolic links")])


def broken_symlink(d: Path) -> Case:
    (d / "gone.txt").symlink_to("nowhere.txt")
    return Case(["gone.txt"], [("gone.txt", r"broken symbolic link")])


def unreadable_file(d: Path) -> Case:
    name = write(d / "secret.txt", "Police said 12 people were killed.")
    (d / name).chmod(0)
    prefix = []
    if os.geteuid() == 0:  # root reads anything: drop that power for the run
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv (util-linux) to drop CAP_DAC_OVERRIDE")
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    return Case([name], [(name, r"permission denied")], prefix=prefix)


def deleted_mid_run(d: Path) -> Case:
    name = write(d / "doomed.txt", "Police said 12 people were killed.")

    def during(process: subprocess.Popen) -> None:
        until_reading_stdin(process)  # listed, not yet read
        (d / name).unlink()
        assert process.stdin is not None
        process.stdin.write(b"Medics said 4 people were killed in Serrat.\n")
        process.stdin.close()

    return Case(["-", name], [(name, r"vanished before it could be read")], during=during)


def fifo(d: Path) -> Case:
    os.mkfifo(d / "pipe.txt")
    return Case(["pipe.txt"], [("pipe.txt", r"not a regular file")])


def device_file(d: Path) -> Case:
    return Case(["/dev/zero"], [("/dev/zero", r"not a regular file")])


def unsupported_suffix(d: Path) -> Case:
    name = write(d / "report.pdf", b"%PDF-1.7\n12 killed")
    return Case([name], [(name, r"unsupported file type '\.pdf'")])


def missing_path(d: Path) -> Case:
    return Case(["absent.txt"], [("absent.txt", r"no such file or directory")])


def glob_matching_nothing(d: Path) -> Case:
    return Case(["nothing-*.txt"], [("nothing-*.txt", r"no file matches")])


def directory_without_articles(d: Path) -> Case:
    write(d / "dir" / "notes.docx", b"PK\x03\x04")
    return Case(["dir"], [("dir", r"no supported file in this directory")])


def truncated_gzip(d: Path) -> Case:
    if not supports(d, "probe.txt.gz", gzip.compress(b"Probe: 5 killed.")):
        pytest.skip("tolltrace.ingest does not read .gz yet (a streaming reader is coming)")
    whole = gzip.compress(b"Officials said 12 people were killed in the city. " * 2000)
    name = write(d / "cut.txt.gz", whole[: len(whole) // 2])
    return Case([name], [(name, r".")])


def gzip_bomb(d: Path) -> Case:
    if not supports(d, "probe.jsonl.gz", gzip.compress(jsonl({"text": "5 killed."}).encode())):
        pytest.skip("tolltrace.ingest does not read .gz yet (a streaming reader is coming)")
    with gzip.open(d / "bomb.txt.gz", "wb", compresslevel=9) as bomb:
        chunk = b"killed " * 150_000
        for _ in range(200):  # 210 MB of text in about 200 kB
            bomb.write(chunk)
    assert (d / "bomb.txt.gz").stat().st_size < 1_000_000
    return Case(["bomb.txt.gz"], [("bomb.txt.gz", r"too large")])


def warc_corrupt_record(d: Path) -> Case:
    good = warc_record(page("Probe: 5 people were killed."), "https://example.org/probe")
    if not supports(d, "probe.warc", good):
        pytest.skip("tolltrace.ingest does not read WARC yet (a streaming reader is coming)")
    first = warc_record(page("Medics said 21 people were killed in Ostrel."), "https://a.example/1")
    corrupt = b"WARC/1.0\r\nWARC-Type response\r\nContent-Length: many\r\n\r\n\x00\xff garbage\r\n"
    third = warc_record(page("Medics said 23 people were killed in Serrat."), "https://a.example/3")
    name = write(d / "crawl.warc", first + corrupt + third)

    def check(conn: sqlite3.Connection) -> None:
        texts = [row[0] for row in conn.execute("SELECT text FROM documents")]
        assert any("21 people" in text for text in texts)
        assert any("23 people" in text for text in texts)  # the reader found its feet again

    return Case([name], [(f"{name}#record-2", r"corrupt WARC record")], check)


# Readable articles with hostile content: stored, the content checked.


def utf16_with_bom(d: Path) -> Case:
    text = "Officials said 12 people were killed in Ostrel.\n"
    write(d / "le.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    write(d / "be.txt", codecs.BOM_UTF16_BE + text.replace("12", "13").encode("utf-16-be"))

    def check(conn: sqlite3.Connection) -> None:
        assert [c[0] for c in claims_of(conn, "le.txt")] == [12]
        assert [c[0] for c in claims_of(conn, "be.txt")] == [13]

    return Case(["le.txt", "be.txt"], check=check)


def utf16_without_bom(d: Path) -> Case:
    write(d / "wide.txt", "Officials said 14 people were killed in Ostrel.\n".encode("utf-16-le"))

    def check(conn: sqlite3.Connection) -> None:
        assert text_of(conn, "wide.txt").startswith("Officials said 14")
        assert [c[0] for c in claims_of(conn, "wide.txt")] == [14]

    return Case(["wide.txt"], check=check)


def zero_width_inside_numbers(d: Path) -> Case:
    text = (
        "Officials said 1\u200b500 people were killed in Ostrel.\n"
        "Medics said 2\u2060400 were injured and 1,\u200d300 were arrested.\n"
        "A later count said 15\u00ad00 people had died.\n"
    )
    write(d / "hidden.txt", text)

    def check(conn: sqlite3.Connection) -> None:
        # a number broken by an invisible character is not read at all: not 1 and 500,
        # and not a 1500 the reader cannot see; the stored text keeps the characters
        assert claims_of(conn, "hidden.txt") == []
        assert text_of(conn, "hidden.txt") == text

    return Case(["hidden.txt"], check=check)


def right_to_left_controls(d: Path) -> Case:
    text = (
        "\u202bOfficials said 1,500 people were killed in Ostrel.\u202c\n"
        "\u200fقال مسؤولون إن 40 شخصا قتلوا\u200f\n"
        "Medics said 2\u202e005 were injured.\n"
    )
    write(d / "rtl.txt", text)

    def check(conn: sqlite3.Connection) -> None:
        values = [c[0] for c in claims_of(conn, "rtl.txt")]
        assert 1500 in values  # around a number, bidi controls change nothing
        assert not {2, 5, 2005, 500} & set(values)  # inside one, they stop it being read

    return Case(["rtl.txt"], check=check)


def absurd_numbers(d: Path) -> Case:
    text = (
        "Officials said 10^100 people were killed.\n"
        "A post claimed −5 dead and -7 injured.\n"
        f"Another said {'9' * 40} people were killed.\n"
        "A third said 999,999,999,999 trillion people died.\n"
        "One more said 10 ** 12 were killed and billions of billions died.\n"
        "Police said 1e100 people were arrested.\n"
    )
    write(d / "absurd.txt", text)

    def check(conn: sqlite3.Connection) -> None:
        text_of(conn, "absurd.txt")  # stored
        for low, high, mention in claims_of(conn, "absurd.txt"):
            assert 0 <= low <= MAX_COUNT and (high is None or low <= high <= MAX_COUNT), mention
            assert low not in (5, 7, 10, 12, 100), mention  # bases, exponents, negatives

    return Case(["absurd.txt"], check=check)


def all_numbers(d: Path) -> Case:
    rng = random.Random(5)
    numbers = (str(rng.randrange(10 ** rng.randrange(1, 14))) for _ in range(40_000))
    write(d / "numbers.txt", " ".join(numbers) + "\n")

    def check(conn: sqlite3.Connection) -> None:
        text_of(conn, "numbers.txt")
        assert all(low <= MAX_COUNT for low, _, _ in claims_of(conn, "numbers.txt"))

    return Case(["numbers.txt"], check=check)


def duplicate_ids(d: Path) -> Case:
    rows = jsonl(
        {"id": "twin", "text": "Officials said 40 people were killed."},
        {"id": "twin", "text": "Officials said 41 people were killed."},
        {"id": "dup", "text": "Officials said 42 people were killed."},  # taken in the base
    )
    name = write(d / "twins.jsonl", rows)

    def check(conn: sqlite3.Connection) -> None:
        ids = dict(conn.execute("SELECT source, id FROM documents WHERE source LIKE 'twins%'"))
        assert ids[f"{name}:1"] == "twin"
        assert re.fullmatch(r"twin#[0-9a-f]{8}", ids[f"{name}:2"])
        assert re.fullmatch(r"dup#[0-9a-f]{8}", ids[f"{name}:3"])

    return Case([name], check=check)


def html_with_scripts_and_iframes(d: Path) -> Case:
    data = (
        f"<html><head><title>Clashes in Ostrel</title><script>{PAYLOAD}</script>"
        f"<style>p {{ color: red }}</style></head><body><article>"
        f"<p>Medics said 17 people were killed in Ostrel on Monday, officials said.</p>"
        f"<iframe src='javascript:{PAYLOAD}'>{PAYLOAD}</iframe>"
        f"<script type='text/javascript'>document.title = '{PAYLOAD}';</script>"
        f"<noscript>{PAYLOAD}</noscript><object data='x.swf'>{PAYLOAD}</object>"
        f"<p>The hospital said it was treating dozens of wounded.</p></article></body></html>"
    )
    name = write(d / "scripted.html", data)

    def check(conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT title, text FROM documents WHERE source = ?", (name,)).fetchone()
        assert row is not None and "17 people were killed" in row[1]
        assert "pwned" not in row[1] and "pwned" not in (row[0] or "")
        assert 99 not in [c[0] for c in claims_of(conn, name)]

    return Case([name], check=check)


KINDS: dict[str, Callable[[Path], Case]] = {
    kind.__name__.replace("_", "-"): kind
    for kind in (
        binary_noise,
        image_named_html,
        empty_file,
        whitespace_only,
        nul_bytes,
        mixed_encodings,
        invalid_utf8,
        utf16_jsonl,
        huge_line_text,
        huge_line_jsonl,
        deep_html,
        html_only_scripts,
        jsonl_broken_line,
        jsonl_cut_off,
        jsonl_wrong_text_type,
        jsonl_wrong_id_type,
        jsonl_missing_text,
        jsonl_not_an_object,
        jsonl_deeply_nested,
        jsonl_blank_lines,
        symlink_loop,
        symlink_loop_in_directory,
        broken_symlink,
        unreadable_file,
        deleted_mid_run,
        fifo,
        device_file,
        unsupported_suffix,
        missing_path,
        glob_matching_nothing,
        directory_without_articles,
        truncated_gzip,
        gzip_bomb,
        warc_corrupt_record,
        utf16_with_bom,
        utf16_without_bom,
        zero_width_inside_numbers,
        right_to_left_controls,
        absurd_numbers,
        all_numbers,
        duplicate_ids,
        html_with_scripts_and_iframes,
    )
}


def skip_lines(stderr: str, label: str) -> tuple[list[str], list[str]]:
    """The reasons printed for `label` as it was skipped, and those in the summary."""
    live = [line[len(f"skipped {label}: ") :] for line in stderr.splitlines()
            if line.startswith(f"skipped {label}: ")]
    summary = [line[len(f"  skipped {label}: ") :] for line in stderr.splitlines()
               if line.startswith(f"  skipped {label}: ")]
    return live, summary


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_input_is_reported_and_the_run_goes_on(
    kind: str, tmp_path: Path, base_ledger: Path
) -> None:
    case = KINDS[kind](tmp_path)
    db = tmp_path / "ledger.db"
    shutil.copy(base_ledger, db)
    before = snapshot(db)
    (tmp_path / GOOD).write_text(GOOD_TEXT)

    run = run_cli([*case.args, GOOD, "--db", str(db)], tmp_path, case)

    assert run.seconds < RUN_SECONDS, f"{kind}: took {run.seconds:.0f} s"
    assert run.peak_mb < PEAK_MB, f"{kind}: peak RSS {run.peak_mb:.0f} MB"
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    for label, reason in case.skipped:
        live, summary = skip_lines(run.stderr, label)
        assert live and summary, f"no line names {label}:\n{run.stderr}"
        assert re.search(reason, live[0]), live[0]
        assert summary[0] == live[0]
    if not case.skipped:
        assert " 0 input(s) skipped" in run.stderr, run.stderr
    after = snapshot(db)
    for table_before, table_after in zip(before, after, strict=True):
        assert {k: table_after.get(k) for k in table_before} == table_before  # nothing changed
    with sqlite3.connect(db) as conn:
        assert [c[0] for c in claims_of(conn, GOOD)] == [7]  # the good file was read
        if case.check is not None:
            case.check(conn)


def test_hostile_input_corpus_has_thirty_kinds_or_more() -> None:
    assert len(KINDS) >= 30


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_hostile_huge_line_is_skipped_without_reading_it_whole(
    suffix: str, tmp_path: Path
) -> None:
    path = tmp_path / f"huge{suffix}"
    write_lazily(path, b'{"text": "' if suffix == ".jsonl" else b"", b"1 killed ", HUGE_BYTES)
    settings = Settings()
    tracemalloc.start()
    try:
        items = list(read_inputs([str(path)], settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert all(isinstance(item, SkippedInput) for item in items) and items
    assert not any(isinstance(item, Document) for item in items)
    assert peak < 2.5 * settings.max_document_bytes  # at most one limit's worth is read
