"""Slow clients are cut off: a header read timeout for uvicorn's HTTP/1.1 protocol.

uvicorn closes an idle keep-alive connection, but a connection that sends its request headers
one byte at a time (or never) is kept open for ever, and enough of them exhaust the server.
This protocol gives every request `HEADER_TIMEOUT` seconds, from the connection opening or the
previous response ending, to finish its headers. Slow request bodies are cut off by the
security middleware (`BODY_TIMEOUT` per chunk).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from swpolicy.web.limits import HEADER_TIMEOUT


class HeaderTimeoutProtocol(H11Protocol):
    """H11Protocol that closes a connection whose request headers are not in on time."""

    header_timeout = HEADER_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._timed_cycle: object = None

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # A new cycle means h11 has parsed a whole request head: the headers arrived in time.
        if self.cycle is not None and self.cycle is not self._timed_cycle:
            self._timed_cycle = self.cycle
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers get the same time
