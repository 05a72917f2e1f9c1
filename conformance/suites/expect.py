"""Suite assertions: each raises ConformanceFailure with expected and received spelled out."""

from __future__ import annotations

from typing import Any, NoReturn

from conformance.checks.bodies import (
    first_coded_item,
    has_coded_items,
    is_error,
    iter_coded_items,
    json_object,
)
from conformance.checks.bounded import MAX_FAILURES
from conformance.checks.requirement_ids import REQ, status_requirement
from conformance.model import Exchange, Failure
from conformance.session import ConformanceFailure, LookupSession


def fail(
    title: str,
    expected: str,
    received: str,
    pointer: str = "",
    remedy: str = "",
    requirements: tuple[str, ...] = (),
    *,
    exchange: Exchange | None = None,
) -> NoReturn:
    """Fail the test; `requirements`: the requirement(s) this failure breaks when they are not
    the test's own (see pytest_plugin._attributed): the test's own are then not verified.
    `exchange`: the exchange that shows the failure (its replay line goes in the report);
    without it, the test's last exchange is shown."""
    raise ConformanceFailure(
        [Failure("suite", title, expected, received, pointer, remedy, requirements)], exchange
    )


def unreadable_error(ex: Exchange) -> None:
    """An error answer whose code cannot be read fails the envelope requirement, not the test's:
    a body that is not JSON (LKP-GEN-001), or no well-formed errors array (LKP-ERR-002)."""
    if not is_error(ex) or has_coded_items(ex, "errors"):  # 4xx, 5xx, 201 (partial failure)
        return
    body = json_object(ex)
    if body is None:
        fail(
            "Error body is not a JSON object",
            "a JSON object with an errors array",
            received_outcome(ex),
            requirements=(REQ["json_body"],),
            exchange=ex,
        )
    fail(
        "Error code cannot be read",
        "errors: an array of {status, code (an integer), message}",
        f"HTTP {ex.response.status} with errors: {str((body or {}).get('errors'))[:80]}",
        "/errors",
        requirements=(REQ["error_envelope"],),
        exchange=ex,
    )


def received_outcome(ex: Exchange) -> str:
    """`HTTP 404 with code 8015` / `HTTP 200` / `HTTP 502 (body not JSON)`."""
    first = first_coded_item(ex, "errors")
    if first is not None:
        return f"HTTP {ex.response.status} with code {first[2]['code']}"
    if json_object(ex) is None and ex.response.body:
        return f"HTTP {ex.response.status} (body not a JSON object)"
    return f"HTTP {ex.response.status}"


def expect_error(
    lookup: LookupSession, ex: Exchange, code: int, *, why: str = "", owner: str = ""
) -> None:
    """The first error is `code`, sent with the catalog's HTTP status.

    Which requirement a mismatch breaks: an unreadable error, the envelope's; the right code
    with the wrong status, the code's status requirement; another code, the test's own — or
    `owner`, when the code this step expects is another requirement's business (the test only
    needs the step to reach what it verifies)."""
    entry = lookup.bundle.codes[code]
    expected = f"HTTP {entry.http_status} with code {code}"
    got = received_outcome(ex)
    if got == expected:
        return
    unreadable_error(ex)
    title = f"Expected error {code}" + (f" ({why})" if why else "")
    first = first_coded_item(ex, "errors")
    if first is not None and first[2]["code"] == code:
        owner = status_requirement(code)
        title = f"Code {code} with the wrong HTTP status" + (f" ({why})" if why else "")
    fail(
        title,
        expected,
        got,
        "/errors/0/code",
        f"Answer this case with code {code}: {entry.messages[0]}",
        (owner,) if owner else (),
        exchange=ex,
    )


def json_body(ex: Exchange) -> dict[str, Any]:
    """The body as a JSON object; anything else is the implementation's failure, not the kit's."""
    body = json_object(ex)
    if body is None:
        fail(
            "Response body is not a JSON object",
            "a JSON object body",
            received_outcome(ex),
            exchange=ex,
        )
    assert body is not None
    return body


def expect_success(ex: Exchange, *, why: str = "", owner: str = "") -> dict[str, Any]:
    """An HTTP 200 JSON object body; `owner` as for expect_error."""
    body = json_object(ex)
    if ex.response.status != 200 or body is None:
        fail(
            "Expected success" + (f" ({why})" if why else ""),
            "HTTP 200 with the operation's success body",
            received_outcome(ex),
            requirements=(owner,) if owner else (),
            exchange=ex,
        )
    assert body is not None
    return body


def expect_warning(ex: Exchange, code: int, *, why: str = "") -> None:
    body = json_object(ex) or {}
    if ex.response.status == 200 and not isinstance(body.get("warnings"), list):
        fail(
            "Success body without a warnings array",
            "warnings: an array",
            "absent" if "warnings" not in body else repr(body["warnings"])[:80],
            "/warnings",
            requirements=(REQ["warnings_array"],),
            exchange=ex,
        )
    codes = [item["code"] for _, _, item in iter_coded_items(ex, "warnings")]
    if code not in codes:
        listed = ", ".join(str(c) for c in codes[:MAX_FAILURES])
        more = f" and {len(codes) - MAX_FAILURES} more" if len(codes) > MAX_FAILURES else ""
        fail(
            f"Expected warning {code}" + (f" ({why})" if why else ""),
            f"warnings containing code {code}",
            f"warnings with codes [{listed}]{more}" if codes else "no warnings",
            "/warnings",
            exchange=ex,
        )


def expect_equal(
    title: str,
    expected: object,
    received: object,
    pointer: str = "",
    *,
    exchange: Exchange | None = None,
) -> None:
    if expected != received:
        fail(title, repr(expected), repr(received), pointer, exchange=exchange)
