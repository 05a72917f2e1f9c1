"""Envelope checks: JSON bodies, the warnings array, the error envelope and its items."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from conformance.checks.bodies import has_json_object, is_error, is_success, items, json_object
from conformance.checks.bounded import MAX_FAILURES
from conformance.checks.context import CheckContext
from conformance.checks.registry import check
from conformance.checks.requirement_ids import REQ
from conformance.model import Exchange, Failure

_NO_BODY = {204, 304}


def _has_body(ctx: CheckContext, ex: Exchange) -> bool:
    return ex.response.status not in _NO_BODY and ex.operation_id is not None


@check(REQ["json_body"], applies=_has_body)
def response_body_is_json(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """Every response of an operation is a JSON object sent as application/json."""
    if ex.response.media_type != "application/json":
        yield Failure(
            "response_body_is_json",
            "Response is not application/json",
            "Content-Type: application/json",
            f"Content-Type: {ex.response.header('content-type') or '(none)'}",
            remedy="Send every response, errors included, as application/json.",
        )
    try:
        body = ex.response.json()
    except ValueError as exc:
        yield Failure(
            "response_body_is_json",
            "Response body is not JSON",
            "a JSON object",
            _excerpt(ex.response.body) + f" ({exc})",
            remedy="Return a JSON object body; HTML or text error pages break clients.",
        )
        return
    if not isinstance(body, dict):
        yield Failure(
            "response_body_is_json",
            "Response body is not a JSON object",
            "a JSON object",
            _json_type(body),
            remedy="Wrap the response in the operation's envelope object.",
        )


@check(REQ["warnings_array"], applies=lambda c, e: is_success(e) and has_json_object(e))
def success_body_has_warnings_array(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """A successful response carries a `warnings` array, empty when nothing went wrong."""
    body = json_object(ex) or {}
    if not isinstance(body.get("warnings"), list):
        got = "absent" if "warnings" not in body else _json_type(body["warnings"])
        yield Failure(
            "success_body_has_warnings_array",
            "Missing warnings array",
            "warnings: an array",
            f"warnings: {got}",
            "/warnings",
            "Add `warnings: []` to every success body.",
        )


@check(REQ["error_envelope"], applies=lambda c, e: is_error(e) and has_json_object(e))
def error_body_is_error_envelope(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """An error response carries a non-empty `errors` array of {status, code, message} items."""
    body = json_object(ex) or {}
    errors = body.get("errors")
    if not isinstance(errors, list) or not errors:
        got = (
            "absent"
            if "errors" not in body
            else ("[]" if errors == [] else _describe_value(errors))
        )
        yield Failure(
            "error_body_is_error_envelope",
            "Missing error envelope",
            "errors: a non-empty array of {status, code, message}",
            f"errors: {got}",
            "/errors",
            f"HTTP {ex.response.status} means the action failed: list why in `errors`.",
        )
        return
    yield from _item_failures("error_body_is_error_envelope", "errors", errors)


@check(REQ["warning_items"], applies=lambda c, e: bool(items(e, "warnings")))
def warning_items_are_well_formed(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """Each warning item is an object with an integer `code` and a string `message`."""
    yield from _item_failures("warning_items_are_well_formed", "warnings", items(ex, "warnings"))


def error_code_under_200(ctx: CheckContext, ex: Exchange) -> bool:
    """An error answer of the catalog (its first `errors` item has a catalog error code) sent
    with HTTP 200: one defect, a wrong status, which http_status_matches_catalog reports against
    the code's own status requirement; the checks that read a 200 as a success defer to it."""
    if not is_success(ex):
        return False
    errors = items(ex, "errors")
    first = errors[0] if errors else None
    code = first.get("code") if isinstance(first, dict) else None
    entry = ctx.code(code) if type(code) is int else None
    return entry is not None and entry.kind == "error"


@check(REQ["no_error_on_success"], applies=lambda c, e: is_success(e) and has_json_object(e))
def success_body_carries_no_error(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """A successful (HTTP 200) response never lists errors.

    An error code of the catalog sent with HTTP 200 is a wrong status, which
    http_status_matches_catalog reports against the code's own status requirement."""
    if error_code_under_200(ctx, ex):
        return
    errors = items(ex, "errors")
    if errors:
        listed = islice(errors, MAX_FAILURES)  # a million errors are not all named
        codes = ", ".join(
            str(e["code"]) if isinstance(e, dict) and "code" in e else "?" for e in listed
        )
        if len(errors) > MAX_FAILURES:
            codes += f" and {len(errors) - MAX_FAILURES} more"
        yield Failure(
            "success_body_carries_no_error",
            "Error listed in a success response",
            "errors: absent or []",
            f"errors with code(s) {codes} under HTTP 200",
            "/errors",
            "Return the catalog's HTTP status for the error, or report it as a warning.",
        )


def _item_failures(name: str, key: str, values: list[Any]) -> Iterator[Failure]:
    for i, item in enumerate(values):
        where = f"/{key}/{i}"
        if not isinstance(item, dict):
            yield Failure(name, "Malformed item", "an object", _json_type(item), where)
            continue
        code = item.get("code")
        if type(code) is not int:
            yield Failure(
                name,
                "Code is not an integer",
                "code: an integer from the catalog",
                f"code: {_describe_value(code) if 'code' in item else 'absent'}",
                where + "/code",
                "Send codes as JSON numbers, as the catalog lists them.",
            )
        if not isinstance(item.get("message"), str) or not item.get("message"):
            got = _describe_value(item.get("message")) if "message" in item else "absent"
            yield Failure(
                name,
                "Missing message",
                "message: a non-empty string",
                f"message: {got}",
                where + "/message",
                "Give every item the catalog's message for its code.",
            )
        status = item.get("status")
        # `in (False, ...)` would let 0 and 0.0 through: 0 == False in Python, not in JSON
        if not (status is False or status == "false"):
            yield Failure(
                name,
                "Item status is not false",
                "status: false",
                f"status: {_describe_value(status) if 'status' in item else 'absent'}",
                where + "/status",
                "Send `status: false` in every error and warning item.",
            )


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _describe_value(value: object) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) < 60 else repr(value[:57] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return _json_type(value)


def _excerpt(body: bytes, limit: int = 80) -> str:
    text = body[:limit].decode("utf-8", "replace").replace("\n", " ")
    return repr(text + ("..." if len(body) > limit else ""))
