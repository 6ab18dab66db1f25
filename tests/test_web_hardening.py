"""`tolltrace serve` as an exposed server (issue 13): DNS rebinding, open redirects, cached
token pages, HEAD, slow clients, and a ledger deleted under the running server.

The raw-path and slow-client cases talk to a real `tolltrace serve` on 127.0.0.1 with plain
sockets (an HTTP client would normalise "//host" away); the rest use the app in-process.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tolltrace.model import Claim, Document
from tolltrace.store import Ledger
from tolltrace.web import create_app
from tolltrace.web.server import REQUEST_SECONDS

TOKEN = "s3cret"
TEXT = "Clinic staff said 12 people were killed in Ostrel on Monday."


def make_ledger(db: Path) -> Path:
    start = TEXT.index("12")
    claim = Claim("a", start, start + 2, "12", 12, 12, "exact", "killed", sentence=TEXT)
    with Ledger(db) as ledger:
        ledger.add_document(Document(id="a", text=TEXT, published="2025-03-10"), [claim])
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    db = make_ledger(tmp_path_factory.mktemp("serve") / "toll.db")
    port = free_port()
    command = [sys.executable, "-m", "tolltrace", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--token", TOKEN], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "serve never came up"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def raw_get(
    port: int, target: str, method: str = "GET", **headers: str
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, target, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    conn.endheaders()
    response = conn.getresponse()
    response.read()
    return response


@pytest.mark.slow
@pytest.mark.parametrize(
    "target",
    ["//evil.example?token=s3cret&q=x", "/\\evil.example?token=s3cret&q=x",
     "/%2F%2Fevil.example?q=x&token=s3cret", "/%5C%5Cevil.example?token=s3cret&q=x"],
)  # fmt: skip
def test_the_token_redirect_never_leaves_the_site(server: int, target: str) -> None:
    response = raw_get(server, target)
    assert response.status == 303
    location = response.getheader("location", "")
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert location.endswith("?q=x")  # the other parameters are kept, the token is not
    assert response.getheader("cache-control") == "no-store"


@pytest.mark.slow
def test_head_is_answered_like_get_without_a_body(server: int) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for path in ("/", "/events.json", "/documents/a"):
        got, head = raw_get(server, path, **auth), raw_get(server, path, "HEAD", **auth)
        assert head.status == got.status == 200
        assert head.getheader("content-type") == got.getheader("content-type")
        assert head.getheader("content-security-policy") == got.getheader("content-security-policy")
        assert head.getheader("content-length") == got.getheader("content-length")


@pytest.mark.slow
def test_slow_clients_are_cut_off_and_others_still_served(server: int) -> None:
    """Ten clients send a request, then one byte a second, of headers or of a body (slowloris):
    each is disconnected at the request deadline, and the server answers others meanwhile."""
    clients = [socket.create_connection(("127.0.0.1", server), timeout=1) for _ in range(10)]
    for client in clients[:8]:  # headers that never end
        client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
    for client in clients[8:]:  # a body that never ends
        client.sendall(
            b"POST /events/e/rename HTTP/1.1\r\nHost: localhost\r\n"
            b"Authorization: Bearer " + TOKEN.encode() + b"\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
        )
    started, open_ = time.monotonic(), set(range(len(clients)))
    answered = False
    while open_ and time.monotonic() - started < REQUEST_SECONDS + 8:
        time.sleep(1)
        for index in list(open_):
            try:
                clients[index].sendall(b"X")
                clients[index].settimeout(0.01)
                if clients[index].recv(64) == b"":
                    open_.discard(index)
            except TimeoutError:
                pass
            except OSError:
                open_.discard(index)
        if not answered:
            auth = {"Authorization": f"Bearer {TOKEN}"}
            answered = raw_get(server, "/events.json", **auth).status == 200
    for client in clients:
        client.close()
    assert not open_, f"{len(open_)} slow client(s) still connected"
    assert REQUEST_SECONDS - 1 <= time.monotonic() - started <= REQUEST_SECONDS + 8
    assert answered


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "localhost.evil"]
)
def test_requests_for_other_host_names_are_refused(tmp_path: Path, host: str) -> None:
    """A page on evil.example whose name is made to resolve to 127.0.0.1 (DNS rebinding)
    still sends Host: evil.example."""
    client = TestClient(create_app(make_ledger(tmp_path / "t.db")))
    response = client.get("/events.json", headers={"host": host})
    assert response.status_code == 400
    assert "unknown Host header" in response.json()["error"]


def test_loopback_and_named_hosts_are_answered(tmp_path: Path) -> None:
    app = create_app(make_ledger(tmp_path / "t.db"), allowed_hosts=["toll.example.org", "::1"])
    client = TestClient(app)
    for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000", "toll.example.org"):
        assert client.get("/events.json", headers={"host": host}).status_code == 200, host


@pytest.mark.parametrize("token", [None, TOKEN])
def test_a_ledger_deleted_under_the_server_is_503_and_never_recreated(
    tmp_path: Path, token: str | None
) -> None:
    db = make_ledger(tmp_path / "t.db")
    client = TestClient(create_app(db, token=token, allowed_hosts=["testserver"]))
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    assert client.get("/documents/a.json", headers=auth).status_code == 200
    for leftover in tmp_path.glob("t.db*"):
        leftover.unlink()
    for path in ("/documents/a.json", "/events.json", "/documents/a"):
        response = client.get(path, headers=auth)
        assert response.status_code == 503, path
        assert "cannot open the ledger file" in response.text
    if token is not None:
        write = client.post("/events/e/rename", data={"label": "x"}, headers=auth)
        assert write.status_code == 503 and "cannot open the ledger file" in write.text
    assert list(tmp_path.iterdir()) == []


def test_token_pages_are_not_cached(tmp_path: Path) -> None:
    client = TestClient(create_app(make_ledger(tmp_path / "t.db"), token=TOKEN,
                                   allowed_hosts=["testserver"]))  # fmt: skip
    response = client.get("/", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.headers["cache-control"] == "no-store"
