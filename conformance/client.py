"""The kit's HTTP client: records every exchange, bounded in time, size and redirects."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from conformance.checks.context import CheckContext
from conformance.model import Exchange, RecordedRequest, RecordedResponse
from conformance.target import DEFAULT_LIMITS, Credentials, Limits

Params = Mapping[str, str] | Sequence[tuple[str, str]]
Listener = Callable[[Exchange], None]


class NetworkError(Exception):
    """No usable response: connection refused or reset, timeout, redirect refused. Never a fail."""


class RefuseCookies(http.cookiejar.DefaultCookiePolicy):
    """A cookie policy that stores none and returns none: no request of the kit carries state a
    server set, so each exchange is judged on its own (both drivers: RecordingClient, and the
    schemathesis driver's `requests` session)."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False


def cookieless_jar() -> http.cookiejar.CookieJar:
    """A cookie jar that stays empty whatever servers send (RefuseCookies)."""
    return http.cookiejar.CookieJar(policy=RefuseCookies())


class RecordingClient:
    """Sends requests to the target and hands each exchange to the listeners (the checks)."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        ctx: CheckContext,
        limits: Limits = DEFAULT_LIMITS,
        http: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.ctx = ctx
        self.limits = limits
        self._http = http or httpx.Client(
            timeout=httpx.Timeout(limits.timeout), follow_redirects=False
        )
        self._http.cookies = cookieless_jar()  # a server's Set-Cookie is never sent back
        self.listeners: list[Listener] = []
        self._socket: socket.socket | None = None  # of the latest connection: the one in use

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        credentials: Credentials | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Exchange:
        """One request; `credentials=Credentials()` sends none. Raises NetworkError."""
        creds = self.credentials if credentials is None else credentials
        sent_headers = {
            "Accept": "application/json",
            "Accept-Encoding": "identity",  # bodies are judged as sent: no decoding, no zip bombs
            **creds.headers(),
            **(headers or {}),
        }
        if json_body is not None and content is None:
            content = json.dumps(json_body).encode("utf-8")
            sent_headers.setdefault("Content-Type", "application/json")
        request = self._http.build_request(
            method,
            self.base_url + path,
            params=_query(params),
            content=content,
            files=files,
            headers=sent_headers,
            extensions={"trace": self._trace},
        )
        if files:
            request.read()  # a multipart body is a stream: buffer it so the exchange can record it
        response = self._send(request)
        exchange = Exchange(
            _recorded_request(request, path), response, self.ctx.operation_for(method, path)
        )
        for listener in self.listeners:
            listener(exchange)
        return exchange

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._socket = info["return_value"].get_extra_info("socket")

    def _expire(self) -> None:
        """httpx bounds each socket read, not the exchange: at the deadline, cut the socket."""
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: the exchange is over
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # wakes a blocked recv

    def _send(self, request: httpx.Request) -> RecordedResponse:
        started = time.monotonic()
        watchdog = threading.Timer(self.limits.timeout, self._expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._exchange(request, started)
        finally:
            watchdog.cancel()

    def _exchange(self, request: httpx.Request, started: float) -> RecordedResponse:
        deadline = started + self.limits.timeout
        try:
            raw = self._http.send(request, stream=True, follow_redirects=False)
        except httpx.HTTPError as exc:
            if isinstance(exc, httpx.TimeoutException) or time.monotonic() >= deadline:
                raise NetworkError(f"no response within {self.limits.timeout:g} s") from None
            raise NetworkError(_describe(exc)) from None
        try:
            body, truncated = self._read(raw, deadline)
        finally:
            raw.close()
        if 300 <= raw.status_code < 400 and not self.limits.follow_redirects:
            location = raw.headers.get("location", "(no Location)")
            raise NetworkError(
                f"redirect HTTP {raw.status_code} to {location} refused (the kit follows none)"
            )
        return RecordedResponse(
            status=raw.status_code,
            headers=tuple(raw.headers.multi_items()),
            body=body,
            elapsed=time.monotonic() - started,
            truncated=truncated,
        )

    def _read(self, raw: httpx.Response, deadline: float) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in raw.iter_raw():
                chunks.append(chunk)
                size += len(chunk)
                if size > self.limits.max_response_bytes:
                    return b"".join(chunks)[: self.limits.max_response_bytes], True
                if time.monotonic() > deadline:
                    raise NetworkError(
                        f"response body still arriving after {self.limits.timeout:g} s"
                    )
        except httpx.TimeoutException:
            raise NetworkError(f"response body stalled for {self.limits.timeout:g} s") from None
        except httpx.HTTPError as exc:
            if time.monotonic() < deadline:
                raise NetworkError(f"connection failed mid-body: {_describe(exc)}") from None
        if time.monotonic() >= deadline:  # also a read-until-close body the watchdog cut short
            raise NetworkError(f"response body still arriving after {self.limits.timeout:g} s")
        return b"".join(chunks), False


def _describe(exc: httpx.HTTPError) -> str:
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _query(params: Params | None) -> httpx.QueryParams | None:
    if params is None:
        return None
    pairs = params.items() if isinstance(params, Mapping) else params
    return httpx.QueryParams(tuple((str(k), str(v)) for k, v in pairs))


def _recorded_request(request: httpx.Request, path: str) -> RecordedRequest:
    body = request.content if request.content else None
    return RecordedRequest(
        method=request.method,
        url=str(request.url),
        path=path,
        query=tuple(request.url.params.multi_items()),
        headers=tuple(request.headers.multi_items()),
        body=body,
    )
