"""OpenAPI rules on whole operations and servers: what a client can call, and where."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.diff.model import Change, Level
from conformance.diff.pairs import DOCUMENT, OPERATION, DocPair, OperationPair
from conformance.diff.registry import rule
from conformance.diff.walk import operation_index


def _label(method: str, path: str, op: dict[str, Any]) -> str:
    return f"{method} {path} ({op.get('operationId') or '-'})"


def _key(method: str, path: str, op: dict[str, Any]) -> str:
    return str(op.get("operationId") or f"{method} {path}")


def _removed(doc: DocPair) -> Iterator[tuple[str, str, dict[str, Any]]]:
    old, new = operation_index(doc.old.openapi), operation_index(doc.new.openapi)
    for key in sorted(old.keys() - new.keys()):
        path, op = old[key]
        yield key[0], path, op


@rule(DOCUMENT, Level.BREAKING)
def endpoint_removed(doc: DocPair) -> Iterator[Change]:
    """An operation that was not deprecated is gone: every client calling it fails."""
    for method, path, op in _removed(doc):
        if not op.get("deprecated"):
            yield Change(_label(method, path, op), "endpoint removed", _key(method, path, op))


@rule(DOCUMENT, Level.WARNING)
def deprecated_endpoint_removed(doc: DocPair) -> Iterator[Change]:
    """A deprecated operation is gone: clients were warned, but some may still call it."""
    for method, path, op in _removed(doc):
        if op.get("deprecated"):
            text = "deprecated endpoint removed"
            yield Change(_label(method, path, op), text, _key(method, path, op))


@rule(DOCUMENT, Level.INFO)
def endpoint_added(doc: DocPair) -> Iterator[Change]:
    """A new operation: nothing existing changes."""
    old, new = operation_index(doc.old.openapi), operation_index(doc.new.openapi)
    for key in sorted(new.keys() - old.keys()):
        path, op = new[key]
        yield Change(_label(key[0], path, op), "endpoint added", _key(key[0], path, op))


@rule(OPERATION, Level.INFO)
def endpoint_deprecated(op: OperationPair) -> Iterator[Change]:
    """The operation is now marked deprecated: clients should plan to move off it."""
    if op.new.get("deprecated") and not op.old.get("deprecated"):
        yield op.change("endpoint deprecated")


@rule(OPERATION, Level.BREAKING)
def operation_id_changed(op: OperationPair) -> Iterator[Change]:
    """The operationId changed: generated clients, the catalog and the requirements name it."""
    before, after = op.old.get("operationId"), op.new.get("operationId")
    if before != after:
        yield op.change(f"operationId changed from {before} to {after}")


@rule(OPERATION, Level.WARNING)
def endpoint_profile_changed(op: OperationPair) -> Iterator[Change]:
    """The operation moved to another profile (x-profile): vendors' declarations no longer match."""
    before, after = op.old.get("x-profile"), op.new.get("x-profile")
    if before != after:
        yield op.change(f"x-profile changed from {before} to {after}")


def _servers(openapi: dict[str, Any]) -> list[str]:
    return [str(s.get("url")) for s in openapi.get("servers") or [] if isinstance(s, dict)]


@rule(DOCUMENT, Level.BREAKING)
def api_server_removed(doc: DocPair) -> Iterator[Change]:
    """A server URL is gone: clients configured with it lose the API."""
    new = _servers(doc.new.openapi)
    for url in _servers(doc.old.openapi):
        if url not in new:
            yield Change("servers", f"removed the server {url}", f"servers {url}")


@rule(DOCUMENT, Level.INFO)
def api_server_added(doc: DocPair) -> Iterator[Change]:
    """A new server URL: existing clients are unaffected."""
    old = _servers(doc.old.openapi)
    for url in _servers(doc.new.openapi):
        if url not in old:
            yield Change("servers", f"added the server {url}", f"servers {url}")
