"""The schemathesis driver's plumbing: one keep-alive HTTP session, and no copy of the document.

conformance/suites/conftest.py gives every case one `requests` session (`http_session`) and
builds the schemathesis schema from the bundle's document itself. Here: the session reuses one
connection, survives a server that drops idle or racing keep-alive connections, carries no
cookie from case to case, sends no header of its own but an identity Accept-Encoding; and
driving schemathesis over every operation leaves the document exactly as loaded (the catalog
checks read the same dict).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conformance.spec.loader import load_bundle
from conformance.suites.conftest import http_session
from reference_impl import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
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


@dataclass
class Server:
    """A raw HTTP/1.1 server on 127.0.0.1: answers `answer_per_connection` requests on each
    connection, then drops it when the next request arrives (no `Connection: close`), or
    right after the last answer with `close_after_answer`."""

    answer_per_connection: int = 1000
    close_after_answer: bool = False
    set_cookie: bool = False
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        answered = 0
        with conn:
            buf = b""
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                if answered >= self.answer_per_connection:
                    return  # dropped with the request unanswered
                self.requests.append(head)
                cookie = b"Set-Cookie: tracked=1\r\n" if self.set_cookie else b""
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + cookie
                    + b"Content-Length: 2\r\n\r\n{}"
                )
                answered += 1
                if self.close_after_answer:
                    return

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def _case(port: int) -> Any:
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(PING)))
    schema.config.update(base_url=f"http://127.0.0.1:{port}", headers={"X-Test": "1"})
    return schema["/ping"]["GET"].Case()


def _calls(server: Server, n: int) -> list[int]:
    session = http_session()
    try:
        return [_case(server.port).call(session=session).status_code for _ in range(n)]
    finally:
        session.close()


def test_one_connection_for_many_cases(server: Server) -> None:
    assert _calls(server, 5) == [200] * 5
    assert server.connections == 1


def test_a_connection_closed_after_each_answer_is_replaced() -> None:
    server = Server(close_after_answer=True)
    try:
        assert _calls(server, 4) == [200] * 4
        assert server.connections == 4
    finally:
        server.close()


def test_a_request_dropped_on_a_reused_connection_is_sent_again() -> None:
    """uvicorn closes a keep-alive connection idle for 5 s; a request can race that close."""
    server = Server(answer_per_connection=1)
    try:
        assert _calls(server, 3) == [200] * 3
        assert server.connections == 3
        assert len(server.requests) == 3
    finally:
        server.close()


def test_the_requests_are_those_of_case_call_without_a_session() -> None:
    """Same headers as the session `case.call()` makes for itself, but an identity
    Accept-Encoding (bodies are judged as sent); no cookie carried over."""
    server = Server(set_cookie=True)
    try:
        case = _case(server.port)
        case.call()
        case.call()
        session = http_session()
        case.call(session=session)
        case.call(session=session)
        session.close()
    finally:
        server.close()
    alone, shared = server.requests[:2], server.requests[2:]
    identity = [
        r.replace(b"Accept-Encoding: gzip, deflate", b"Accept-Encoding: identity") for r in alone
    ]
    assert shared == identity
    assert b"cookie:" not in shared[1].lower()
    assert server.connections == 3


def _fingerprint(doc: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def test_schemathesis_leaves_the_document_as_loaded() -> None:
    doc = load_bundle(validate=False).openapi
    before = _fingerprint(doc)
    schema = schemathesis.openapi.from_dict(doc)
    app = create_app(":memory:")
    secret = hashlib.md5(b"demo-password").hexdigest()
    auth = {"Authorization": "Basic " + base64.b64encode(f"demo.till:{secret}".encode()).decode()}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=3,
            database=None,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def drive(case: Any) -> None:
            response = case.call(app=app, headers=auth)
            # the verdicts are not this test's concern
            with contextlib.suppress(AssertionError, FailureGroup):
                case.validate_response(response, checks=CHECKS)

        drive()
    assert _fingerprint(doc) == before


def test_the_driver_sends_nothing_to_operations_of_undeclared_profiles() -> None:
    """An implementation may answer an operation of a profile it does not declare with 501
    only (LKP-GEN-020): the fuzz driver leaves those operations alone, every one of them."""
    from types import SimpleNamespace

    from conformance.spec.loader import load_bundle
    from conformance.suites.test_contract_fuzz import _declared
    from conformance.target import Credentials, Target

    bundle = load_bundle(validate=False)
    core = Target("http://x", Credentials("u", "p"), frozenset({"core"}))
    everything = Target("http://x", Credentials("u", "p"), frozenset(bundle.profiles))
    for op in bundle.operations.values():
        label = f"{op.method.upper()} {op.path}"
        only_core = SimpleNamespace(bundle=bundle, target=core)
        assert _declared(only_core, label) is (op.profile in (None, "core")), label  # type: ignore[arg-type]
        assert _declared(SimpleNamespace(bundle=bundle, target=everything), label)  # type: ignore[arg-type]
    assert any(op.profile not in (None, "core") for op in bundle.operations.values())
