"""OpenAPI rules on security: which credentials a client may present."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.diff.model import Change, Level
from conformance.diff.pairs import DOCUMENT, OPERATION, DocPair, OperationPair
from conformance.diff.registry import rule

Alternative = frozenset[str]


def alternatives(security: Any) -> set[Alternative]:
    """Each security requirement object is one way in; no requirement at all means anonymous."""
    if not isinstance(security, list) or not security:
        return {frozenset()}
    return {frozenset(str(k) for k in (req or {})) for req in security if isinstance(req, dict)}


def show(alt: Alternative) -> str:
    return " + ".join(sorted(alt)) if alt else "anonymous access"


def _effective(openapi: dict[str, Any], op: dict[str, Any]) -> set[Alternative]:
    return alternatives(op["security"] if "security" in op else openapi.get("security"))


def _overrides(op: OperationPair) -> bool:
    return "security" in op.old or "security" in op.new


@rule(DOCUMENT, Level.BREAKING)
def api_global_security_removed(doc: DocPair) -> Iterator[Change]:
    """A top-level way to authenticate is gone: clients using it are refused."""
    new = alternatives(doc.new.openapi.get("security"))
    for alt in sorted(alternatives(doc.old.openapi.get("security")) - new, key=sorted):
        yield Change("security", f"removed the security alternative {show(alt)}", "security")


@rule(DOCUMENT, Level.INFO)
def api_global_security_added(doc: DocPair) -> Iterator[Change]:
    """A new top-level way to authenticate: existing clients keep theirs."""
    old = alternatives(doc.old.openapi.get("security"))
    for alt in sorted(alternatives(doc.new.openapi.get("security")) - old, key=sorted):
        yield Change("security", f"added the security alternative {show(alt)}", "security")


@rule(OPERATION, Level.BREAKING)
def endpoint_security_removed(op: OperationPair) -> Iterator[Change]:
    """The operation no longer accepts a way to authenticate that it accepted."""
    if _overrides(op):
        new = _effective(op.doc.new.openapi, op.new)
        for alt in sorted(_effective(op.doc.old.openapi, op.old) - new, key=sorted):
            yield op.change(f"removed the security alternative {show(alt)}", "security")


@rule(OPERATION, Level.INFO)
def endpoint_security_added(op: OperationPair) -> Iterator[Change]:
    """The operation accepts a new way to authenticate."""
    if _overrides(op):
        old = _effective(op.doc.old.openapi, op.old)
        for alt in sorted(_effective(op.doc.new.openapi, op.new) - old, key=sorted):
            yield op.change(f"added the security alternative {show(alt)}", "security")


def _schemes(openapi: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = (openapi.get("components") or {}).get("securitySchemes") or {}
    return {str(k): v for k, v in found.items() if isinstance(v, dict)}


@rule(DOCUMENT, Level.BREAKING)
def security_scheme_removed(doc: DocPair) -> Iterator[Change]:
    """A security scheme is gone from components: credentials of that kind stop working."""
    new = _schemes(doc.new.openapi)
    for name in sorted(_schemes(doc.old.openapi).keys() - new.keys()):
        yield Change("securitySchemes", f"removed the security scheme {name}", f"scheme {name}")


@rule(DOCUMENT, Level.INFO)
def security_scheme_added(doc: DocPair) -> Iterator[Change]:
    """A new security scheme in components."""
    old = _schemes(doc.old.openapi)
    for name in sorted(_schemes(doc.new.openapi).keys() - old.keys()):
        yield Change("securitySchemes", f"added the security scheme {name}", f"scheme {name}")


_SCHEME_FIELDS = ("type", "scheme", "in", "name", "bearerFormat", "openIdConnectUrl")


@rule(DOCUMENT, Level.BREAKING)
def security_scheme_changed(doc: DocPair) -> Iterator[Change]:
    """A scheme's type, HTTP scheme, or API-key location or name changed: old credentials fail."""
    old, new = _schemes(doc.old.openapi), _schemes(doc.new.openapi)
    for name in sorted(old.keys() & new.keys()):
        for key in _SCHEME_FIELDS:
            if old[name].get(key) != new[name].get(key):
                text = f"security scheme {name}: {key} changed from {old[name].get(key)} to "
                yield Change("securitySchemes", text + str(new[name].get(key)), f"scheme {name}")
