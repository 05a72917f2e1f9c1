"""Suite assertions: each raises ConformanceFailure with expected and received spelled out."""

from __future__ import annotations

from typing import Any

from conformance.checks.bodies import coded_items, json_object
from conformance.model import Exchange, Failure
from conformance.session import ConformanceFailure, LookupSession


def fail(title: str, expected: str, received: str, pointer: str = "", remedy: str = "") -> None:
    raise ConformanceFailure([Failure("suite", title, expected, received, pointer, remedy)])


def received_outcome(ex: Exchange) -> str:
    """`HTTP 404 with code 8015` / `HTTP 200` / `HTTP 502 (body not JSON)`."""
    errors = coded_items(ex, "errors")
    if errors:
        return f"HTTP {ex.response.status} with code {errors[0][2]['code']}"
    if json_object(ex) is None and ex.response.body:
        return f"HTTP {ex.response.status} (body not a JSON object)"
    return f"HTTP {ex.response.status}"


def expect_error(lookup: LookupSession, ex: Exchange, code: int, *, why: str = "") -> None:
    """The first error is `code`, sent with the catalog's HTTP status."""
    entry = lookup.bundle.codes[code]
    expected = f"HTTP {entry.http_status} with code {code}"
    got = received_outcome(ex)
    if got != expected:
        fail(
            f"Expected error {code}" + (f" ({why})" if why else ""),
            expected,
            got,
            "/errors/0/code",
            f"Answer this case with code {code}: {entry.messages[0]}",
        )


def json_body(ex: Exchange) -> dict[str, Any]:
    """The body as a JSON object; anything else is the implementation's failure, not the kit's."""
    body = json_object(ex)
    if body is None:
        fail("Response body is not a JSON object", "a JSON object body", received_outcome(ex))
    assert body is not None
    return body


def expect_success(ex: Exchange, *, why: str = "") -> dict[str, Any]:
    body = json_object(ex)
    if ex.response.status != 200 or body is None:
        fail(
            "Expected success" + (f" ({why})" if why else ""),
            "HTTP 200 with the operation's success body",
            received_outcome(ex),
        )
    assert body is not None
    return body


def expect_warning(ex: Exchange, code: int, *, why: str = "") -> None:
    codes = [item["code"] for _, _, item in coded_items(ex, "warnings")]
    if code not in codes:
        fail(
            f"Expected warning {code}" + (f" ({why})" if why else ""),
            f"warnings containing code {code}",
            f"warnings with codes {codes}" if codes else "no warnings",
            "/warnings",
        )


def expect_equal(title: str, expected: object, received: object, pointer: str = "") -> None:
    if expected != received:
        fail(title, repr(expected), repr(received), pointer)
