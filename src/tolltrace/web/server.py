"""Running the web UI: uvicorn, with a deadline on every request a client sends.

uvicorn closes an idle keep-alive connection, but a client that sends a request one byte a
second (slowloris) resets that timer with every byte and never meets another, so a few
hundred such clients hold every connection the server can open. Here each request must
arrive whole, headers and body, within `REQUEST_SECONDS` of the connection opening or the
last response ending; a client still sending after that is disconnected. A slow response
is never cut: the deadline only runs while the server waits for the client.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_SECONDS = 10.0  # to send one whole request (headers and body)
KEEP_ALIVE_SECONDS = 5  # an idle connection between requests
MAX_HEADER_BYTES = 16 * 1024  # h11's limit on a request's headers
_WAITING_FOR_CLIENT = (h11.IDLE, h11.SEND_BODY)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on receiving each request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state not in _WAITING_FOR_CLIENT:
            self._disarm()  # the request is in: the rest is the server's work

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_SECONDS, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in _WAITING_FOR_CLIENT and not self.transport.is_closing():
            self.transport.close()


def run(app: Any, host: str, port: int) -> None:
    """Serve `app` until Ctrl-C, with the request deadline and h11's header limit."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=DeadlineH11Protocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )
