"""OpenAPI rules on responses as a whole: statuses, media types and headers a client relies on."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.diff.model import Change, Level
from conformance.diff.pairs import OPERATION, RESPONSE, OperationPair, ResponsePair
from conformance.diff.registry import rule
from conformance.diff.walk import responses


def _success(status: str) -> bool:
    return status.startswith("2")


def _statuses(op: OperationPair) -> tuple[set[str], set[str]]:
    old = set(responses(op.doc.old.openapi, op.old))
    new = set(responses(op.doc.new.openapi, op.new))
    return old, new


@rule(OPERATION, Level.BREAKING)
def response_success_status_removed(op: OperationPair) -> Iterator[Change]:
    """A success status clients handle is no longer returned."""
    old, new = _statuses(op)
    for status in sorted(s for s in old - new if _success(s)):
        yield op.change(f"removed the success response {status}", f"response {status}")


@rule(OPERATION, Level.WARNING)
def response_non_success_status_removed(op: OperationPair) -> Iterator[Change]:
    """An error status is no longer documented: clients keep handling it, but the contract moved."""
    old, new = _statuses(op)
    for status in sorted(s for s in old - new if not _success(s)):
        yield op.change(f"removed the non-success response {status}", f"response {status}")


@rule(OPERATION, Level.WARNING)
def response_success_status_added(op: OperationPair) -> Iterator[Change]:
    """A new success status: clients meet a response they were never told about."""
    old, new = _statuses(op)
    for status in sorted(s for s in new - old if _success(s)):
        yield op.change(f"added the success response {status}", f"response {status}")


@rule(OPERATION, Level.INFO)
def response_non_success_status_added(op: OperationPair) -> Iterator[Change]:
    """A newly documented error status; clients already handle unknown errors generically."""
    old, new = _statuses(op)
    for status in sorted(s for s in new - old if not _success(s)):
        yield op.change(f"added the non-success response {status}", f"response {status}")


@rule(RESPONSE, Level.BREAKING)
def response_media_type_removed(r: ResponsePair) -> Iterator[Change]:
    """A response media type clients read is gone."""
    new = r.new.get("content") or {}
    for media in sorted((r.old.get("content") or {}).keys() - new.keys()):
        yield r.change(f"removed the media type {media} from the response {r.status}")


@rule(RESPONSE, Level.INFO)
def response_media_type_added(r: ResponsePair) -> Iterator[Change]:
    """The response may come in another media type."""
    old = r.old.get("content") or {}
    for media in sorted((r.new.get("content") or {}).keys() - old.keys()):
        yield r.change(f"added the media type {media} to the response {r.status}")


@rule(RESPONSE, Level.BREAKING)
def response_required_header_removed(r: ResponsePair) -> Iterator[Change]:
    """A header the response always carried is gone."""
    old, new = r.old.get("headers") or {}, r.new.get("headers") or {}
    for name in sorted(old.keys() - new.keys()):
        if isinstance(old[name], dict) and old[name].get("required"):
            yield r.change(f"removed the required header {name} from the response {r.status}")
