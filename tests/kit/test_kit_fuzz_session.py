"""The schemathesis driver's session (conformance/fuzz_session.py) is bounded like the kit's own
client: size, whole-exchange deadline (headers included), redirects, decoding.

Raw servers on 127.0.0.1 misbehave on the wire; the limits are small so that each test is fast.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from conformance.client import NetworkError
from conformance.fuzz_session import body_truncated
from conformance.suites.conftest import http_session
from conformance.target import Limits

LIMITS = Limits(timeout=0.5, max_response_bytes=1024)
Behaviour = Callable[[socket.socket], None]
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


class RawServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, behaviour: Behaviour, *, reads_head: bool = True) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.reads_head = reads_head  # False: answers as soon as a client connects
        self.heads: list[bytes] = []
        self.connections = 0
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/ping"


class _Handler(socketserver.BaseRequestHandler):
    server: RawServer

    def handle(self) -> None:
        self.server.connections += 1
        buf = b""
        try:
            if not self.server.reads_head:
                self.server.behaviour(self.request)
                return
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                self.server.heads.append(head)
                self.server.behaviour(self.request)
        except OSError:
            return


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], RawServer]]:
    servers: list[RawServer] = []

    def start(behaviour: Behaviour) -> RawServer:
        servers.append(RawServer(behaviour))
        return servers[-1]

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def _ok(conn: socket.socket) -> None:
    conn.sendall(HEAD + b"Content-Length: 2\r\n\r\n{}")


def _huge(conn: socket.socket) -> None:
    conn.sendall(HEAD + b"Content-Length: 2147483648\r\n\r\n")
    for _ in range(10_000):  # 640 MB at most, until the client goes
        conn.sendall(b" " * 65536)


def _endless_chunked(conn: socket.socket) -> None:
    conn.sendall(HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
    while True:
        conn.sendall(b"400\r\n" + b" " * 1024 + b"\r\n")


def _trickle(conn: socket.socket) -> None:
    conn.sendall(HEAD + b"Content-Length: 1000\r\n\r\n")
    for _ in range(1000):
        conn.sendall(b" ")
        time.sleep(0.1)


def _slow_headers(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(1000):
        conn.sendall(b"a")
        time.sleep(0.1)


def _tls_trickle(conn: socket.socket) -> None:
    """A TLS record header promising 16 kB of handshake, then one byte every 0.1 s."""
    conn.sendall(b"\x16\x03\x03\x40\x00")
    for _ in range(1000):
        conn.sendall(b"\x00")
        time.sleep(0.1)


def _redirect(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /ping\r\nContent-Length: 0\r\n\r\n")


def _gzip(conn: socket.socket) -> None:
    conn.sendall(HEAD + b"Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\x1f\x8b\x08\x00")


def _get(url: str) -> object:
    session = http_session(LIMITS)
    try:
        return session.get(url)
    finally:
        session.close()


@pytest.mark.parametrize("behaviour", [_huge, _endless_chunked], ids=["2 GiB", "endless chunked"])
def test_a_body_over_the_limit_is_cut_there_and_marked(
    serve: Callable[[Behaviour], RawServer], behaviour: Behaviour
) -> None:
    server = serve(behaviour)
    session = http_session(LIMITS)
    try:
        started = time.monotonic()
        response = session.get(server.url)
        assert time.monotonic() - started < LIMITS.timeout
        assert len(response.content) == LIMITS.max_response_bytes
        assert body_truncated(response.request)
        assert response.raw.read() == response.content  # what schemathesis may read again
    finally:
        session.close()


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        (_trickle, "response body still arriving after 0.5 s"),
        (_slow_headers, "no response within 0.5 s"),
        (_redirect, "redirect HTTP 302 to /ping refused (the kit follows none)"),
    ],
    ids=["body trickle", "header trickle", "redirect"],
)
def test_no_usable_answer_is_a_network_error_in_time(
    serve: Callable[[Behaviour], RawServer], behaviour: Behaviour, message: str
) -> None:
    server = serve(behaviour)
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        _get(server.url)
    assert str(caught.value) == message
    assert time.monotonic() - started < LIMITS.timeout + 0.5
    assert len(server.heads) == 1  # a redirect is not followed


def test_a_tls_handshake_that_trickles_is_cut_at_the_deadline() -> None:
    server = RawServer(_tls_trickle, reads_head=False)
    started = time.monotonic()
    with pytest.raises(NetworkError, match=r"^no response within 0\.5 s$"):
        _get(server.url.replace("http://", "https://"))
    assert time.monotonic() - started < LIMITS.timeout + 0.5
    server.shutdown()
    server.server_close()


def test_bodies_are_asked_for_and_kept_as_sent(serve: Callable[[Behaviour], RawServer]) -> None:
    server = serve(_gzip)
    response = _get(server.url)
    assert response.content == b"\x1f\x8b\x08\x00"  # not decoded
    assert not body_truncated(response.request)
    assert b"Accept-Encoding: identity" in server.heads[0]


def test_a_complete_body_keeps_the_connection(serve: Callable[[Behaviour], RawServer]) -> None:
    server = serve(_ok)
    session = http_session(LIMITS)
    try:
        for _ in range(3):
            assert session.get(server.url).content == b"{}"
            time.sleep(LIMITS.timeout / 2)  # a stale watchdog would cut the kept connection
    finally:
        session.close()
    assert len(server.heads) == 3
    assert server.connections == 1
