"""Schema checks: the status is documented for the operation and the body matches its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from referencing.exceptions import Unresolvable

from conformance.checks.bodies import has_json_object, is_error, json_object
from conformance.checks.bounded import capped
from conformance.checks.context import CheckContext
from conformance.checks.envelope import error_code_under_200
from conformance.checks.registry import check
from conformance.checks.requirement_ids import REQ
from conformance.model import Exchange, Failure
from conformance.spec.jsonschemas import describe, pointer

MAX_SCHEMA_FAILURES = 5


def _responses(ctx: CheckContext, ex: Exchange) -> dict[str, Any]:
    op = ctx.bundle.operations.get(ex.operation_id or "")
    return dict(op.raw.get("responses") or {}) if op else {}


def _documented_key(ctx: CheckContext, ex: Exchange) -> str | None:
    responses = _responses(ctx, ex)
    status = str(ex.response.status)
    for key in (status, f"{status[0]}XX", "default"):
        if key in responses:
            return key
    return None


@check(REQ["status_documented"], applies=lambda c, e: e.operation_id is not None)
def status_code_is_documented(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """The HTTP status is one the operation documents."""
    if _documented_key(ctx, ex) is None:
        documented = ", ".join(sorted(_responses(ctx, ex))) or "(none)"
        yield Failure(
            "status_code_is_documented",
            "Undocumented HTTP status code",
            f"one of {documented}",
            f"HTTP {ex.response.status}",
            remedy="Return only the statuses the contract documents for this operation.",
        )


def _schema_ref(ctx: CheckContext, ex: Exchange) -> str | None:
    op = ctx.bundle.operations.get(ex.operation_id or "")
    key = _documented_key(ctx, ex)
    if op is None or key is None:
        return None
    tokens: list[str | int] = ["paths", op.path, op.method.lower(), "responses", key]
    response = op.raw["responses"][key]
    for _ in range(8):  # a response may be a $ref to a $ref; bounded against cycles
        if not isinstance(response, dict) or "$ref" not in response:
            break
        ref = str(response["$ref"])
        if not ref.startswith("#/"):
            return None
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in ref[2:].split("/")]
        response = _resolve(ctx.bundle.openapi, tokens)
    content = (response or {}).get("content") or {}
    if "application/json" not in content or "schema" not in content["application/json"]:
        return None
    return pointer(*tokens, "content", "application/json", "schema")


def _resolve(doc: dict[str, Any], tokens: list[str | int]) -> dict[str, Any] | None:
    node: Any = doc
    for t in tokens:
        node = node.get(str(t)) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


@check(
    REQ["schema"],
    applies=lambda c, e: (
        has_json_object(e) and _schema_ref(c, e) is not None and not error_code_under_200(c, e)
    ),
)
def response_conforms_to_schema(ctx: CheckContext, ex: Exchange) -> Iterator[Failure]:
    """The body validates against the schema the operation documents for its status.

    An error answer sent with HTTP 200 is not judged against the success schema: its one defect
    is the status (`error_code_under_200`)."""
    ref = _schema_ref(ctx, ex)
    assert ref is not None
    # The validator's errors one at a time: the first few are described, a bounded number more
    # counted (bounded.capped), never all of a body with a million invalid items.
    yield from capped(_violations(ctx, ex, ref), keep=MAX_SCHEMA_FAILURES)


def _violations(ctx: CheckContext, ex: Exchange, ref: str) -> Iterator[Failure]:
    errors = ctx.schemas.errors(ref, ex.response.json())
    while True:
        try:
            err = next(errors, None)
        except Unresolvable as exc:  # the contract's fault, not the vendor's
            raise RuntimeError(f"spec schema {ref} cannot be resolved: {exc.ref}") from None
        if err is None:
            return
        where = "".join(f"/{p}" for p in err.absolute_path)  # "" is the root (RFC 6901)
        yield Failure(
            "response_conforms_to_schema",
            "Response violates schema",
            f"a body valid against {ref}",
            describe(err),
            where,
            "Make the body match the documented schema for this status.",
            _envelope_requirement(ex, list(err.absolute_path), err.validator, err.validator_value),
        )


def _envelope_requirement(
    ex: Exchange, path: list[Any], validator: object, value: object
) -> tuple[str, ...]:
    """A violation inside the envelope (`warnings`, `errors`) is reported against the envelope's
    own requirement, as the envelope checks report it, rather than the schema's (LKP-GEN-009):
    one defect, one requirement. () keeps the schema's."""
    body = json_object(ex) or {}
    required = value if validator == "required" and not path and isinstance(value, list) else []
    missing = [key for key in required if key not in body]
    member = str(path[0]) if path else ""
    if member == "warnings" or "warnings" in missing:
        if len(path) >= 2:
            return (REQ["warning_items"],)
        if ex.response.status == 200:
            return (REQ["warnings_array"],)
        return (REQ["error_warnings"],) if is_error(ex) else ()
    if member == "errors" or "errors" in missing:
        return (REQ["error_envelope"],) if is_error(ex) else (REQ["no_error_on_success"],)
    return ()
