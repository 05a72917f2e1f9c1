"""The schemathesis driver's HTTP session: `requests`, bounded like RecordingClient.

Schemathesis sends every case through `requests.Session.request` (`case.call(session=...)`) and
reads the whole body itself; on its own, a server could hold a fuzz case forever (a body that
trickles a byte at a time never trips a per-read timeout), fill memory (a 2 GiB body, a gzip
bomb) or bounce it between redirects. `BoundedSession.send` applies the kit's limits
(conformance/target.py `Limits`) to each exchange, as conformance/client.py does for the kit's
own requests:

- one deadline for the whole exchange, connect to last byte: a watchdog shuts the connection's
  socket down when it passes, which wakes a blocked read;
- the body read in chunks up to `max_response_bytes`; a longer one is cut there and marked
  (`body_truncated`), so the checks report it as over the limit, never parse a prefix as the body;
- `Accept-Encoding: identity` and no decoding: a body is judged as sent;
- no redirect followed: a 3xx is refused as no usable answer (`NetworkError`), like the kit's;
- no cookie stored or sent back (`RefuseCookies`).

An exchange that passes its deadline, or breaks mid-body, raises `NetworkError` (never a fail).
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from datetime import timedelta
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.cookies import RequestsCookieJar
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError
from urllib3.poolmanager import PoolManager, ProxyManager
from urllib3.response import BaseHTTPResponse, HTTPResponse

from conformance.client import NetworkError, RefuseCookies
from conformance.target import DEFAULT_LIMITS, Limits

CHUNK = 64 * 1024
_TRUNCATED = "_lookup_body_truncated"  # set on the PreparedRequest whose response was cut
_CURRENT = threading.local()  # the _Watch of the exchange this thread is sending


def body_truncated(request: object) -> bool:
    """Whether the response to this request (schemathesis' `response.request`) was cut at the
    size limit."""
    return bool(getattr(request, _TRUNCATED, False))


class _Watch:
    """The socket an exchange uses, and the watchdog that cuts it at the deadline.

    It holds its own duplicate of the socket's descriptor: a TLS handshake detaches the socket
    object it starts from, and a descriptor of our own cannot be closed and reused by another
    connection before the exchange ends. shutdown(2) acts on the connection, whichever
    descriptor names it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._expired = False
        self._done = False

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            if self._done:
                return
            self._release()
            with contextlib.suppress(OSError):  # already closed: nothing left to cut
                self._socket = socket.fromfd(sock.fileno(), sock.family, sock.type)
            if self._expired:  # connected after the deadline: cut at once
                self._cut()

    def expire(self) -> None:
        with self._lock:
            if not self._done:
                self._expired = True
                self._cut()

    def finish(self) -> None:
        with self._lock:
            self._done = True  # the connection may go back to the pool: leave it alone
            self._release()

    def _cut(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):  # already closed: the exchange is over
                self._socket.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv

    def _release(self) -> None:
        if self._socket is not None:
            self._socket.close()  # our duplicate only
            self._socket = None


def _attach(sock: socket.socket | None) -> None:
    watch = getattr(_CURRENT, "watch", None)
    if isinstance(watch, _Watch) and sock is not None:
        watch.attach(sock)


class _Watched(HTTPConnection):
    """Tells the exchange in progress which socket it uses: a new one as soon as it is connected
    (before a TLS handshake, which the watchdog bounds too), a kept-alive one when reused."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _attach(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPConnection(_Watched):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS: dict[str, Any] = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _WatchedAdapter(HTTPAdapter):
    """urllib3 pools whose connections report themselves to the exchange's watchdog."""

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, ProxyManager):
            manager.pool_classes_by_scheme = _POOLS
        return manager


class BoundedSession(requests.Session):
    """A keep-alive `requests` session whose every exchange is bounded by `limits`."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__()
        self.limits = limits
        self.headers.clear()  # the case's own headers only, as `case.call()` sends them
        self.cookies = RequestsCookieJar(policy=RefuseCookies())
        self.max_redirects = 0
        for prefix in ("http://", "https://"):
            self.mount(prefix, _WatchedAdapter())

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        return None  # never followed: `send` refuses a redirect

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        kwargs["stream"] = True
        request.headers["Accept-Encoding"] = "identity"  # no decoding, no zip bombs
        timeout = self.limits.timeout
        started = time.monotonic()
        watch = _Watch()
        watchdog = threading.Timer(timeout, watch.expire)
        watchdog.daemon = True
        _CURRENT.watch = watch
        watchdog.start()
        try:
            try:
                response = super().send(request, **kwargs)
            except requests.RequestException as exc:
                if isinstance(exc, requests.Timeout) or time.monotonic() >= started + timeout:
                    raise NetworkError(f"no response within {timeout:g} s") from None
                raise  # e.g. a kept-alive connection dropped: schemathesis sends it again
            if time.monotonic() >= started + timeout:  # the head ended where the watchdog cut it
                response.close()
                raise NetworkError(f"no response within {timeout:g} s")
            body, truncated = self._read(response, started + timeout)
        finally:
            _CURRENT.watch = None
            watch.finish()
            watchdog.cancel()
        _replace_body(response, body)
        response.elapsed = timedelta(seconds=time.monotonic() - started)
        if truncated:
            setattr(request, _TRUNCATED, True)
        if 300 <= response.status_code < 400 and not self.limits.follow_redirects:
            location = response.headers.get("location", "(no Location)")
            raise NetworkError(
                f"redirect HTTP {response.status_code} to {location} refused (the kit follows none)"
            )
        return response

    def _read(self, response: requests.Response, deadline: float) -> tuple[bytes, bool]:
        """The body as sent, at most `max_response_bytes` of it (then True: cut short)."""
        raw: BaseHTTPResponse = response.raw
        limit = self.limits.max_response_bytes
        timeout = self.limits.timeout
        chunks: list[bytes] = []
        size = 0
        complete = False
        try:
            while True:
                chunk = raw.read1(CHUNK, decode_content=False)
                if not chunk:
                    complete = True
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    return b"".join(chunks)[:limit], True
                if time.monotonic() > deadline:
                    raise NetworkError(f"response body still arriving after {timeout:g} s")
        except ReadTimeoutError:
            raise NetworkError(f"response body stalled for {timeout:g} s") from None
        except (Urllib3Error, OSError) as exc:
            if time.monotonic() < deadline:
                reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
                raise NetworkError(f"connection failed mid-body: {reason}") from None
        finally:
            if not complete:  # the rest of the body is never read: the connection is not reused
                raw.close()
                raw.release_conn()
        if time.monotonic() >= deadline:  # also a read-until-close body the watchdog cut short
            raise NetworkError(f"response body still arriving after {timeout:g} s")
        return b"".join(chunks), False


def _replace_body(response: requests.Response, body: bytes) -> None:
    """The response as schemathesis reads it: `content` is the body read, and so is `raw` (which
    it reads again for an event stream)."""
    raw = response.raw
    response._content = body
    response._content_consumed = True
    response.raw = HTTPResponse(
        body=io.BytesIO(body),
        headers=raw.headers,
        status=raw.status,
        version=raw.version,
        version_string=raw.version_string,
        reason=raw.reason,
        preload_content=False,
        decode_content=False,
    )
