"""Misbehaving servers on 127.0.0.1: tiny ASGI apps, raw asyncio where ASGI cannot misbehave."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import struct
import threading
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import uvicorn

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
Raw = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]

MIB = 1024 * 1024
CHUNK = b" " * (64 * 1024)  # JSON whitespace: a huge body that is still valid JSON so far
NOT_FOUND = {"errors": [{"status": False, "code": 8015, "message": "Customer not found"}]}
JSON = [(b"content-type", b"application/json")]


async def respond(
    send: Send, status: int, body: bytes, content_type: str | None, **headers: str
) -> None:
    pairs = [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    if content_type is not None:
        pairs.append((b"content-type", content_type.encode()))
    await send({"type": "http.response.start", "status": status, "headers": pairs})
    await send({"type": "http.response.body", "body": body})


def constant(status: int, body: bytes, content_type: str | None = "application/json") -> App:
    """Every request, whatever its method and path, gets the same answer."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, status, body, content_type)

    return app


def streaming(total: int | None, delay: float = 0.0) -> App:
    """HTTP 200 application/json streamed in chunks: `total` bytes, or forever when None."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json")]
        if total is not None:
            headers.append((b"content-length", str(total).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        gone = asyncio.ensure_future(_disconnected(receive))
        sent = 0
        try:
            while not gone.done() and (total is None or sent < total):
                part = CHUNK if total is None else CHUNK[: total - sent]
                await send({"type": "http.response.body", "body": part, "more_body": True})
                sent += len(part)
                await asyncio.sleep(delay)
            if not gone.done():
                await send({"type": "http.response.body", "body": b""})
        finally:
            gone.cancel()

    return app


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def stall(seconds: float) -> App:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(seconds)
        await respond(send, 200, json.dumps({"warnings": []}).encode(), "application/json")

    return app


def redirect(status: int, location: Callable[[Scope], str]) -> App:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, status, b"", None, location=location(scope))

    return app


def _same_url(scope: Scope) -> str:
    query = bytes(scope["query_string"]).decode()
    return str(scope["path"]) + ("?" + query if query else "")


def loop_redirect() -> App:
    return redirect(302, _same_url)


def other_host_redirect() -> App:
    return redirect(307, lambda scope: "http://elsewhere.invalid" + _same_url(scope))


def answer_once_then_stall(seconds: float) -> App:
    """The preflight lookup gets a proper 404; every later request stalls."""
    calls = [0]

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls[0] += 1
        if calls[0] > 1:
            await asyncio.sleep(seconds)
        await respond(send, 404, json.dumps(NOT_FOUND).encode(), "application/json")

    return app


def trickle(interval: float) -> App:
    """HTTP 200 application/json, then one body byte every `interval` seconds, never ending: no
    read ever times out, only a deadline on the whole exchange ends it."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": JSON})
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            while not gone.done():
                await send({"type": "http.response.body", "body": b" ", "more_body": True})
                await asyncio.sleep(interval)
        finally:
            gone.cancel()

    return app


FUZZ_HEADER = b"x-schemathesis-testcaseid"  # schemathesis sends it with every case it generates


def on_fuzz(hostile: App, kit: App | None = None) -> App:
    """Misbehaves only on the schemathesis driver's requests (they carry FUZZ_HEADER); the kit's
    own client (the preflight, the hand-written suites) gets `kit`, by default 404 not found."""
    polite = kit or constant(404, json.dumps(NOT_FOUND).encode())

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        fuzz = any(name.lower() == FUZZ_HEADER for name, _ in scope.get("headers") or ())
        await (hostile if fuzz else polite)(scope, receive, send)

    return app


def gzip_bomb(inflated: int) -> App:
    """Ignores `Accept-Encoding: identity`: small gzip members inflating to `inflated` bytes."""
    member = gzip.compress(b"0" * MIB, compresslevel=9)  # ~1 kB each; members concatenate
    body = member * (inflated // MIB)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, 200, body, "application/json", content_encoding="gzip")

    return app


# Raw handlers: what no ASGI server lets an app do to the wire.


async def _read_head(reader: asyncio.StreamReader) -> bool:
    """Reads one request head and its Content-Length body; False at end of stream."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return False
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            await reader.readexactly(int(value))
    return True


def reset_mid_body() -> Raw:
    """Promises 100 kB, sends 1 kB, then resets the connection (SO_LINGER 0 sends RST)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if await _read_head(reader):
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
            writer.write(b"content-length: 100000\r\n\r\n" + b'{"warnings": [' + b" " * 1000)
            await writer.drain()
            await asyncio.sleep(0.05)
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    return handle


def invalid_chunking() -> Raw:
    """Transfer-Encoding: chunked, then a chunk size that is not hexadecimal."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if await _read_head(reader):
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
            writer.write(b"transfer-encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n{}\r\n0\r\n\r\n")
            await writer.drain()
            await asyncio.sleep(0.2)
        writer.close()

    return handle


def not_http() -> Raw:
    """Answers in another protocol altogether."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if await _read_head(reader):
            writer.write(b"SSH-2.0-OpenSSH_9.6\r\n")
            await writer.drain()
            await asyncio.sleep(0.2)
        writer.close()

    return handle


def slow_headers(interval: float) -> Raw:
    """Sends the status line, then one header byte every `interval` seconds, never finishing."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if await _read_head(reader):
            writer.write(b"HTTP/1.1 200 OK\r\nx-slow: ")
            with contextlib.suppress(ConnectionError):
                for _ in range(100_000):
                    await writer.drain()
                    await asyncio.sleep(interval)
                    writer.write(b"a")
        writer.close()

    return handle


# Serving: a background thread per server, bound to 127.0.0.1 on a free port.


def _loopback_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _url(sock: socket.socket) -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextlib.contextmanager
def serve_asgi(app: App) -> Iterator[str]:
    sock = _loopback_socket()
    config = uvicorn.Config(
        app, log_level="critical", access_log=False, lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        yield _url(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextlib.contextmanager
def serve_raw(handler: Raw) -> Iterator[str]:
    sock = _loopback_socket()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop: asyncio.Future[None] = loop.create_future()

    async def main() -> None:
        server = await asyncio.start_server(_quiet(handler), sock=sock)
        ready.set()
        await stop
        server.close()
        handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    ready.wait(5)
    try:
        yield _url(sock)
    finally:
        loop.call_soon_threadsafe(stop.set_result, None)
        thread.join(timeout=10)
        loop.close()


def _quiet(handler: Raw) -> Raw:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            await handler(reader, writer)

    return handle


def asgi(factory: Callable[[], App]) -> Callable[[], contextlib.AbstractContextManager[str]]:
    """A server factory: a fresh app (fresh state) each time the case is served."""
    return lambda: serve_asgi(factory())


def raw(factory: Callable[[], Raw]) -> Callable[[], contextlib.AbstractContextManager[str]]:
    return lambda: serve_raw(factory())


@dataclass(frozen=True)
class Hostile:
    """One misbehaving server and what the kit must make of it."""

    name: str
    serve: Callable[[], contextlib.AbstractContextManager[str]]
    exit_code: int  # 1: the implementation's fault; 3: no usable HTTP answer
    names_problem: str  # a regex the kit's output or report.json must match
    max_seconds: float = 60.0
    max_rss_mib: float = 400.0
    include: tuple[str, ...] = ()  # requirement ids the run covers; () is hostile_kit.INCLUDE
    kit_args: tuple[str, ...] = ()  # more options of `run`
