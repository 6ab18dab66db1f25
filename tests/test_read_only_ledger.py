"""A ledger in a folder the user may not write, or a read-only ledger file (issue 13): the
commands that only read work, the ones that write say so in one line. Run as the user would,
with root's power to write anywhere dropped when the suite runs as root."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tolltrace.errors import LedgerError
from tolltrace.model import Claim, Document, Event, EventLink
from tolltrace.store import Ledger

pytestmark = pytest.mark.slow

TEXT = "Clinic staff said 12 people were killed in Ostrel on Monday."
READING = [
    ["claims"],
    ["claimants", "list", "--status", "all"],
    ["board", "ostrel-2025"],
    ["events", "--all"],
    ["export", "--format", "csv"],
    ["check"],
]


def as_user() -> list[str]:
    """The command prefix that takes away root's override of file permissions."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux) to drop CAP_DAC_OVERRIDE")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*as_user(), sys.executable, "-m", "tolltrace", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def make_ledger(db: Path) -> None:
    start = TEXT.index("12")
    claim = Claim("a", start, start + 2, "12", 12, 12, "exact", "killed", sentence=TEXT)
    with Ledger(db) as ledger:
        ledger.add_document(Document(id="a", text=TEXT, published="2025-03-10"), [claim])
        [stored] = ledger.claims()
        event = Event("ostrel-2025", "Ostrel", "protests", "ostrel")
        ledger.replace_events([event], [EventLink(stored.id, event.id, 0.9)])  # type: ignore[arg-type]


@pytest.fixture(params=["folder", "file"])
def locked(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A ledger whose folder (and file) is read-only, or only whose file is."""
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "toll.db"
    make_ledger(db)
    (tmp_path / "new.txt").write_text("Medics said 4 people were killed in Brenna.")
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if request.param == "folder":
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield db
    folder.chmod(stat.S_IRWXU)
    db.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_read_only_commands_work_on_a_read_only_ledger(locked: Path, command: list[str]) -> None:
    before = locked.read_bytes()
    done = run(*command, "--db", str(locked), cwd=locked.parent.parent)
    assert done.returncode == 0, done.stderr
    assert any(word in done.stdout for word in ("Ostrel", "ok: 1 document(s)", "12", "alias"))
    assert locked.read_bytes() == before


@pytest.mark.parametrize("command", [["ingest", "new.txt"], ["link"]], ids=lambda c: c[0])
def test_writing_commands_say_so_in_one_line(locked: Path, command: list[str]) -> None:
    done = run(*command, "--db", str(locked), cwd=locked.parent.parent)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"tolltrace: error: {locked}: the ledger is read-only; check the file's permissions"
    ]


def test_reading_never_creates_a_ledger(tmp_path: Path) -> None:
    for mode in ("read", "write"):
        with pytest.raises(LedgerError, match="cannot open the ledger file"):
            Ledger(tmp_path / "absent.db", mode=mode)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_serve_reads_a_read_only_ledger(locked: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [*as_user(), sys.executable, "-m", "tolltrace", "serve", "--db", str(locked)]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/a.json") as got:
                    assert json.load(got)["document"]["text"] == TEXT
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)
