"""The preflight: one authenticated lookup that tells the user, not the vendor, what is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.results import EXIT_KIT, EXIT_USAGE
from conformance.runner import preflight
from conformance.spec.loader import SpecBundle, load_bundle
from conformance.target import Credentials, Target

URL = "http://vendor.example.test"
BUNDLE: SpecBundle = load_bundle()
TARGET = Target(URL, Credentials("till", "pw"), frozenset(BUNDLE.profiles))


class Streamed(httpx.SyncByteStream):
    """A body the kit's client reads as it reads a network one (httpx reads a bytes body
    ahead, which the client's bounded reader cannot stream again)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self.body


def answer(status: int, body: bytes, content_type: str = "application/json") -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"].startswith("Basic ")  # authenticated
        headers = {"content-type": content_type}
        return httpx.Response(status, stream=Streamed(body), headers=headers)

    return httpx.Client(transport=httpx.MockTransport(handler))


def envelope(code: int) -> bytes:
    return json.dumps({"errors": [{"status": False, "code": code, "message": "m"}]}).encode()


BODIES = st.one_of(
    st.just(b"<html><h1>Not Found</h1></html>"),
    st.just(b'{"detail": "Not Found"}'),
    st.just(b""),
    st.binary(max_size=40),
    st.integers(0, 100000).map(envelope),
)


@given(status=st.integers(200, 599), body=BODIES)
def test_preflight_stops_only_for_the_users_mistakes(status: int, body: bytes) -> None:
    """401 is always the credentials; 404/405 without code 8015 is no lookup API at that URL;
    a redirect ends the run; anything else is the implementation's to answer for, in the
    suites."""
    stop = preflight(TARGET, BUNDLE, answer(status, body))
    try:
        code = json.loads(body)["errors"][0]["code"]
    except (ValueError, KeyError, TypeError, IndexError):
        code = None
    if 300 <= status < 400:  # never followed: credentials would go where Location says
        assert stop is not None
        assert stop.exit_code == EXIT_KIT
        assert "refused (the kit follows none)" in stop.reason
    elif status == 401:
        assert stop is not None
        assert stop.exit_code == EXIT_USAGE
        assert stop.reason.startswith("preflight: credentials refused by the server (HTTP 401")
        assert "'till'" in stop.reason
        assert "pw" not in stop.reason.replace("password", "")
    elif status in (404, 405) and code != 8015:
        assert stop is not None
        assert stop.exit_code == EXIT_USAGE
        assert stop.reason.startswith(f"preflight: no lookup API at --base-url {URL} (GET ")
    else:
        assert stop is None


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (404, envelope(8015), None),  # an unheld mobile: the API is there
        (200, b"{}", None),  # the suites will fail it (a 200 to everything is not conformant)
        (401, envelope(401), "credentials refused by the server (HTTP 401, code 401 for user"),
        (404, envelope(400), "answered HTTP 404 with code 400, as a path that cannot exist"),
        (404, b"nginx", "answered HTTP 404 with no JSON body"),
    ],
)
def test_preflight_messages(status: int, body: bytes, expected: str | None) -> None:
    stop = preflight(TARGET, BUNDLE, answer(status, body))
    if expected is None:
        assert stop is None
    else:
        assert stop is not None
        assert expected in stop.reason


@pytest.mark.parametrize("code", [8065, 8013, 400])
def test_a_wrong_not_found_code_is_the_vendors_not_a_missing_api(code: int) -> None:
    """A lookup answered otherwise than a path that cannot exist is an API, whatever its code:
    the suites will fail the code (LKP-ERR-004), the user's base URL is right."""

    def handler(request: httpx.Request) -> httpx.Response:
        is_lookup = request.url.path == "/v2/customers/lookup"
        body = envelope(code) if is_lookup else b"<html>404</html>"
        return httpx.Response(404, stream=Streamed(body))

    assert preflight(TARGET, BUNDLE, httpx.Client(transport=httpx.MockTransport(handler))) is None


def test_no_answer_at_all_is_incomplete_not_usage() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    stop = preflight(TARGET, BUNDLE, client)
    assert stop is not None
    assert stop.exit_code == EXIT_KIT
    assert stop.reason.startswith(f"preflight: no usable answer from {URL}: ")
