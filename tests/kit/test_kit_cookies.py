"""Neither driver sends a cookie back: a server's Set-Cookie is never stored nor returned.

Each exchange is judged on its own; a cookie the server set would carry its state from one
request to the next (a session, a sticky login) and make the verdict depend on the order of the
tests. A server on 127.0.0.1 sets a cookie on every answer and records the Cookie header of every
request; plain clients (the control) send it back, the kit's never do.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import requests
import schemathesis

from conformance.checks.context import CheckContext
from conformance.client import RecordingClient
from conformance.spec.loader import load_bundle
from conformance.suites.conftest import http_session
from conformance.target import Credentials

BODY = json.dumps({"warnings": []}).encode()


class CookieServer(ThreadingHTTPServer):
    """Answers every request with 200 and two cookies (host-only and for its address)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.cookies: list[str | None] = []  # the Cookie header of each request, None if absent
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the drivers use it
    server: CookieServer

    def do_GET(self) -> None:
        self.server.cookies.append(self.headers.get("Cookie"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.send_header("Set-Cookie", "session=s3cr3t; Path=/")
        self.send_header("Set-Cookie", "sticky=1; Path=/; Domain=127.0.0.1; Max-Age=3600")
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[CookieServer]:
    s = CookieServer()
    yield s
    s.shutdown()
    s.server_close()


PING: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "ping", "version": "1"},
    "paths": {
        "/ping": {
            "get": {
                "operationId": "ping",
                "responses": {"200": {"description": "ok", "content": {"application/json": {}}}},
            }
        }
    },
}


def test_plain_clients_send_the_cookies_back(server: CookieServer) -> None:
    """The control: without the kit's policy, both libraries return the server's cookies."""
    with httpx.Client() as client:
        client.get(server.url + "/a")
        client.get(server.url + "/b")
    with requests.Session() as session:
        session.get(server.url + "/a")
        session.get(server.url + "/b")
    assert server.cookies[0] is None
    assert server.cookies[1] is not None
    assert "session=s3cr3t" in server.cookies[1]
    assert server.cookies[2] is None
    assert server.cookies[3] is not None
    assert "session=s3cr3t" in server.cookies[3]


def test_the_recording_client_never_sends_a_cookie_back(server: CookieServer) -> None:
    client = RecordingClient(
        server.url, Credentials("u", "p"), CheckContext(load_bundle(validate=False))
    )
    try:
        for _ in range(3):
            assert client.request("GET", "/v2/customers/lookup").response.status == 200
        assert not client._http.cookies.jar, "a cookie was stored"
    finally:
        client.close()
    assert server.cookies == [None, None, None]


def test_the_fuzz_session_never_sends_a_cookie_back(server: CookieServer) -> None:
    """Neither through schemathesis (`case.call`) nor the session's own requests."""
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(PING)))
    schema.config.update(base_url=server.url)
    case = schema["/ping"]["GET"].Case()
    session = http_session()
    try:
        for _ in range(2):
            assert case.call(session=session).status_code == 200
        for _ in range(2):
            assert session.get(server.url + "/ping").status_code == 200
        assert not session.cookies, "a cookie was stored"
    finally:
        session.close()
    assert server.cookies == [None, None, None, None]


def test_a_cookie_parameter_of_the_contract_is_still_sent(server: CookieServer) -> None:
    """The policy refuses the server's cookies, not those a request itself carries."""
    session = http_session()
    try:
        session.get(server.url + "/ping", cookies={"param": "generated"})
    finally:
        session.close()
    assert server.cookies == ["param=generated"]
