"""The server never stalls: a 1 MB body does not delay other requests; slow clients are cut off.

Measured against real uvicorn servers on loopback, as the attack was: a 1 MB bill used to
freeze every route for 44-71 s because it was parsed on the event loop.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from swpolicy.web.app import create_app
from swpolicy.web.limits import MAX_BODY
from swpolicy.web.serverproc import ServerProcess, free_port
from swpolicy.web.timeouts import HeaderTimeoutProtocol

from .conftest import db_url


def big_bill() -> bytes:
    """A bill of just under MAX_BODY bytes: a long list the validator has to read through."""
    head = b"id: big\ntitle: Big\nbase: nz\neffective: 2027-01-01\nchanges:\n  buying: criminal\n"
    item = b"  - entry number one of a very long list that makes this body large\n"
    body = head + b"references:\n" + item * ((MAX_BODY - len(head) - 20) // len(item))
    assert len(body) < MAX_BODY
    return body


def test_a_1_mb_body_does_not_delay_a_concurrent_page(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "web.db").start()
    try:
        with httpx.Client(base_url=server.url, timeout=120) as pages:
            pages.get("/bills")  # warm up
            alone = min(_timed(pages, "/bills") for _ in range(3))
            posted: list[int] = []

            def post() -> None:
                with httpx.Client(base_url=server.url, timeout=120) as api:
                    r = api.post("/api/bills", content=big_bill(), headers=YAML)
                    posted.append(r.status_code)

            thread = threading.Thread(target=post)
            thread.start()
            time.sleep(0.3)  # the body is in and being parsed
            during = max(_timed(pages, "/bills") for _ in range(5))
            thread.join(120)
        assert posted and 400 <= posted[0] < 500, posted
        assert during - alone < 1.0, (alone, during)
    finally:
        server.kill()


YAML = {"content-type": "application/yaml"}


def _timed(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    assert client.get(path).status_code == 200
    return time.perf_counter() - start


class _QuickTimeout(HeaderTimeoutProtocol):
    header_timeout = 0.5


@contextmanager
def quick_server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    app = create_app(db_url(tmp_path), body_timeout=0.5)
    config = uvicorn.Config(app, port=port, http=_QuickTimeout, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    sock.settimeout(seconds)
    try:
        data = sock.recv(4096)
        rest = data
        while data:
            data = sock.recv(4096)
            rest += data
        return True, rest
    except TimeoutError:
        return False, b""


def test_slow_headers_and_slow_bodies_are_cut_off(tmp_path: Path) -> None:
    with quick_server(tmp_path) as port:
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never end
            closed, _ = _closed_within(slow, 5)
            assert closed
        with socket.create_connection(("127.0.0.1", port)) as slow:
            head = b"POST /api/bills HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"
            slow.sendall(head + b"id: x\n")  # then the body stalls
            closed, answer = _closed_within(slow, 5)
            assert closed and answer.startswith(b"HTTP/1.1 408"), answer[:80]
        # A normal request on a fresh connection is still answered.
        assert httpx.get(f"http://127.0.0.1:{port}/api/settings").status_code == 200
