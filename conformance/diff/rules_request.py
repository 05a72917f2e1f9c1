"""OpenAPI rules on request bodies: requiring or narrowing what a client sends breaks it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.diff.model import Change, Level
from conformance.diff.pairs import OPERATION, OperationPair
from conformance.diff.registry import rule
from conformance.diff.walk import request_body


def _bodies(op: OperationPair) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    return request_body(op.doc.old.openapi, op.old), request_body(op.doc.new.openapi, op.new)


@rule(OPERATION, Level.BREAKING)
def request_body_added_required(op: OperationPair) -> Iterator[Change]:
    """A required body where there was none: every existing request lacks it."""
    old, new = _bodies(op)
    if old is None and new is not None and new.get("required"):
        yield op.change("added a required request body", "requestBody")


@rule(OPERATION, Level.INFO)
def request_body_added_optional(op: OperationPair) -> Iterator[Change]:
    """An optional body where there was none: existing requests stay valid."""
    old, new = _bodies(op)
    if old is None and new is not None and not new.get("required"):
        yield op.change("added an optional request body", "requestBody")


@rule(OPERATION, Level.WARNING)
def request_body_removed(op: OperationPair) -> Iterator[Change]:
    """The body is gone: clients still sending one may be refused."""
    old, new = _bodies(op)
    if old is not None and new is None:
        yield op.change("removed the request body", "requestBody")


@rule(OPERATION, Level.BREAKING)
def request_body_became_required(op: OperationPair) -> Iterator[Change]:
    """An optional body became required: requests without one now fail."""
    old, new = _bodies(op)
    if old is not None and new is not None and new.get("required") and not old.get("required"):
        yield op.change("the request body became required", "requestBody")


@rule(OPERATION, Level.INFO)
def request_body_became_optional(op: OperationPair) -> Iterator[Change]:
    """A required body became optional."""
    old, new = _bodies(op)
    if old is not None and new is not None and old.get("required") and not new.get("required"):
        yield op.change("the request body became optional", "requestBody")


def _media(body: dict[str, Any] | None) -> set[str]:
    return set((body or {}).get("content") or {})


@rule(OPERATION, Level.BREAKING)
def request_body_media_type_removed(op: OperationPair) -> Iterator[Change]:
    """A request media type is no longer accepted: clients sending it are refused."""
    old, new = _bodies(op)
    if old is not None and new is not None:
        for media in sorted(_media(old) - _media(new)):
            yield op.change(f"removed the media type {media} from the request body", "requestBody")


@rule(OPERATION, Level.INFO)
def request_body_media_type_added(op: OperationPair) -> Iterator[Change]:
    """The request body accepts another media type."""
    old, new = _bodies(op)
    if old is not None and new is not None:
        for media in sorted(_media(new) - _media(old)):
            yield op.change(f"added the media type {media} to the request body", "requestBody")
