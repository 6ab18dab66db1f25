"""Crashes and interruption: a real `tolltrace ingest` in a subprocess, killed at random points
and resumed, must end with the ledger an uninterrupted run writes.

Only the public CLI runs, and the ledger is read with `sqlite3`. After every kill: the ledger
passes SQLite's integrity and foreign-key checks, and every document in it is whole (its
claims are exactly a clean run's claims for it). After the last resume: every document once,
and the same documents and claims as the clean run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEED = 20250314
KILLS = 15  # SIGKILLs that land while the ingest is still running
INTERRUPTS = 4  # Ctrl-Cs likewise
DOCUMENTS = 200
TEXT_FILES = 12
RUN_SECONDS = 300
# What Ctrl-C prints: while ingesting, before the command ran, and in between.
INTERRUPTED = (
    "interrupted: every document already written is kept; run the same command again to resume",
    "interrupted before the command started; nothing was written",
    "interrupted: whatever was already written is kept; run the command again",
)

CLAIMANTS = ("the health ministry", "Varnia Rights Watch", "hospital sources", "the UN office",
             "local officials", "the Red Crescent", "witnesses", "the army")
PLACES = ("Ostrel", "Serrat", "Brenna", "Kavo", "Dunmar", "Lisk")
TEMPLATES = (
    "{claimant} said {n} people were killed in {place} on Monday.",
    "At least {n} protesters were injured in {place}, according to {claimant}.",
    "{claimant} reported that {n} people had died and about {m} were wounded.",
    "Between {n} and {m} civilians were killed in {place}, {claimant} said.",
    "Police arrested {n} demonstrators in {place}, {claimant} said on Tuesday.",
)


def sentence(rng: random.Random) -> str:
    n = rng.randrange(2, 900)
    text = rng.choice(TEMPLATES).format(
        claimant=rng.choice(CLAIMANTS), place=rng.choice(PLACES), n=n, m=n + rng.randrange(5, 90)
    )
    return text[0].upper() + text[1:]


def write_corpus(folder: Path) -> list[str]:
    """~200 small articles in one JSON Lines file and a dozen text files; their CLI inputs."""
    rng = random.Random(SEED)
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as out:
        for number in range(DOCUMENTS):
            text = " ".join(sentence(rng) for _ in range(rng.randrange(2, 6)))
            row = {"id": f"doc-{number:03}", "text": text, "published": "2025-03-14"}
            out.write(json.dumps(row) + "\n")
    articles = folder / "articles"
    articles.mkdir()
    for number in range(TEXT_FILES):
        body = " ".join(sentence(rng) for _ in range(rng.randrange(3, 8)))
        (articles / f"story-{number:02}.txt").write_text(f"Story {number}\n\n{body}\n")
    return ["corpus.jsonl", "articles"]


# `python -m tolltrace` as a terminal starts it, with Ctrl-C raising KeyboardInterrupt. A job a
# shell puts in the background inherits SIGINT ignored, and Python then leaves it ignored, so
# a test suite started that way would see every Ctrl-C come to nothing.
AS_FROM_A_TERMINAL = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('tolltrace', run_name='__main__', alter_sys=True)"
)


def start(folder: Path, db: Path, inputs: list[str]) -> subprocess.Popen:
    ingest = ["ingest", *inputs, "--db", str(db), "--quiet"]
    command = [sys.executable, "-c", AS_FROM_A_TERMINAL, *ingest]
    return subprocess.Popen(
        command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def finish(folder: Path, db: Path, inputs: list[str]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tolltrace", "ingest", *inputs, "--db", str(db), "--quiet"]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=RUN_SECONDS)
    assert done.returncode == 0, done.stderr
    return done


Ledger = dict[str, tuple[tuple, list[tuple]]]  # doc id -> (document, its claims)


def read_ledger(db: Path) -> Ledger:
    """Documents (without the ingest time) and their claims (without row ids), checked whole."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:  # stopped before the schema was written
            return {}
        documents = conn.execute(
            "SELECT id, sha256, url, outlet, title, published, lang, source, text, chars"
            " FROM documents"
        ).fetchall()
        claims: dict[str, list[tuple]] = {row[0]: [] for row in documents}
        for row in conn.execute(
            'SELECT doc_id, start, "end", mention, value_min, value_max, approx, measure,'
            " counted, claimed_by, via, corroborated_by, as_of, hypothetical, event, sentence,"
            ' confidence FROM claims ORDER BY doc_id, start, "end", id'
        ):
            claims[row[0]].append(row)
    return {row[0]: (row, claims[row[0]]) for row in documents}


def assert_whole(partial: Ledger, clean: Ledger) -> None:
    """Every stored document is one the clean run stored, with exactly its claims."""
    for doc_id, stored in partial.items():
        assert doc_id in clean, f"{doc_id} is not a document of the clean run"
        assert stored == clean[doc_id], f"{doc_id} differs from the clean run's"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("crash")
    return folder, write_corpus(folder)


@pytest.fixture(scope="module")
def clean(corpus: tuple[Path, list[str]]) -> tuple[Ledger, float, float]:
    """The uninterrupted run's ledger, how long that run took, and how long it ran after
    opening the ledger (loading the model and ingesting: where a Ctrl-C is meant to land)."""
    folder, inputs = corpus
    db = folder / "clean.db"
    started = time.monotonic()
    process = start(folder, db, inputs)
    until_ledger_open(process, db)
    opened = time.monotonic()
    _, stderr = process.communicate(timeout=RUN_SECONDS)
    assert process.returncode == 0, stderr
    ended = time.monotonic()
    ledger = read_ledger(db)
    assert len(ledger) == DOCUMENTS + TEXT_FILES
    assert sum(len(claims) for _, claims in ledger.values()) > DOCUMENTS
    return ledger, ended - started, ended - opened


def test_crash_sigkill_at_random_points_then_resume_loses_nothing(
    corpus: tuple[Path, list[str]], clean: tuple[Ledger, float, float]
) -> None:
    folder, inputs = corpus
    expected, seconds, _ = clean
    rng = random.Random(SEED)
    kills, runs, chain = 0, 0, 0
    db = folder / f"killed-{chain}.db"
    while kills < KILLS:
        runs += 1
        assert runs < 6 * KILLS, "too many runs finished before their kill point"
        process = start(folder, db, inputs)
        time.sleep(rng.uniform(0.05, 1.0) * seconds)  # a random fraction of a full run
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
            kills += 1
            assert_whole(read_ledger(db), expected)
            continue
        assert process.returncode == 0, process.stderr.read() if process.stderr else ""
        assert read_ledger(db) == expected  # this chain of resumes finished: start another
        chain += 1
        db = folder / f"killed-{chain}.db"
    finish(folder, db, inputs)
    assert read_ledger(db) == expected
    print(f"{kills} kills over {runs} runs, {chain + 1} ledger(s), nothing lost")


def until_ledger_open(process: subprocess.Popen, db: Path, seconds: float = 120) -> None:
    """Wait until the run has the ledger file open (seen in /proc/PID/fd): past start-up.

    A Ctrl-C while Python is still importing the package, before any tolltrace code runs,
    ends with Python's own traceback; that window is not what this test is about.
    """
    wanted = str(db.resolve())
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            fds = os.listdir(f"/proc/{process.pid}/fd")
            if any(_target(process.pid, fd) == wanted for fd in fds):
                return
        except OSError:
            pass
        time.sleep(0.02)


def _target(pid: int, fd: str) -> str:
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return ""


def test_crash_ctrl_c_stops_cleanly_and_resumes(
    corpus: tuple[Path, list[str]], clean: tuple[Ledger, float, float]
) -> None:
    folder, inputs = corpus
    expected, _, after_open = clean
    rng = random.Random(SEED + 1)
    chain = 0
    db = folder / f"interrupted-{chain}.db"
    interrupted = 0
    finished: list[str] = []  # how each run that beat its Ctrl-C ended, for the failure message
    for _ in range(6 * INTERRUPTS):
        process = start(folder, db, inputs)
        until_ledger_open(process, db)
        time.sleep(rng.uniform(0.0, 0.8) * after_open)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        assert "Traceback" not in stderr, stderr
        finished.append(f"exit {process.returncode}: {stderr.strip()[-120:]!r}")
        if process.returncode == 0 or "document(s) added" in stderr:
            # finished before the signal, or as it came (it may land while Python exits):
            # this ledger is whole; resume-after-Ctrl-C goes on with a new one
            assert read_ledger(db) == expected
            chain += 1
            db = folder / f"interrupted-{chain}.db"
            continue
        assert process.returncode == 130, stderr
        assert stderr.strip().splitlines()[-1] in INTERRUPTED, stderr
        assert_whole(read_ledger(db), expected)
        interrupted += 1
        if interrupted == INTERRUPTS:
            break
    assert interrupted == INTERRUPTS, (
        f"the runs kept finishing before Ctrl-C ({after_open:.2f} s after opening the ledger "
        f"in the clean run): " + "; ".join(finished)
    )
    holds = read_ledger(db)
    resumed = finish(folder, db, inputs)
    if holds:
        assert "already in" in resumed.stderr
    assert read_ledger(db) == expected
