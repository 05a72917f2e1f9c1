"""Run every registered rule over two contracts and collect the findings, most severe first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from conformance.diff import (  # noqa: F401  (importing a rule module registers its rules)
    rules_codes,
    rules_endpoints,
    rules_parameters,
    rules_request,
    rules_request_schema,
    rules_requirements,
    rules_response_schema,
    rules_responses,
    rules_security,
)
from conformance.diff.model import Finding, sort_key
from conformance.diff.pairs import (
    CODE,
    DOCUMENT,
    OPERATION,
    PARAMETER,
    REQUEST_SCHEMA,
    REQUIREMENT,
    RESPONSE,
    RESPONSE_SCHEMA,
    SCOPES,
    CodePair,
    DocPair,
    OperationPair,
    RequirementPair,
)
from conformance.diff.registry import REGISTRY, Registry
from conformance.diff.walk import (
    operation_pairs,
    parameter_pairs,
    request_schema_pairs,
    response_pairs,
    response_schema_pairs,
)
from conformance.spec.loader import SpecBundle, load_bundle

__all__ = ["REGISTRY", "diff_bundles", "diff_dirs", "items"]


def items(doc: DocPair, scope: str, shared_same: bool = False) -> Iterator[object]:
    """Every element of `scope` present in both contracts.

    With `shared_same` (components unchanged), parts of an unchanged operation are skipped:
    they cannot differ, and walking them is most of the work.
    """
    if scope == DOCUMENT:
        yield doc
    elif scope == CODE:
        for number in sorted(doc.old.codes.keys() & doc.new.codes.keys()):
            yield CodePair(doc, doc.old.codes[number], doc.new.codes[number])
    elif scope == REQUIREMENT:
        for rid in sorted(doc.old.requirements.keys() & doc.new.requirements.keys()):
            yield RequirementPair(doc, doc.old.requirements[rid], doc.new.requirements[rid])
    else:
        yield from _operation_items(doc, scope, shared_same)


def _unchanged(op: OperationPair) -> bool:
    old_item = (op.doc.old.openapi.get("paths") or {}).get(op.path) or {}
    new_item = (op.doc.new.openapi.get("paths") or {}).get(op.path) or {}
    return op.old == op.new and old_item.get("parameters") == new_item.get("parameters")


def _operation_items(doc: DocPair, scope: str, shared_same: bool) -> Iterator[object]:
    walkers = {
        PARAMETER: parameter_pairs,
        RESPONSE: response_pairs,
        REQUEST_SCHEMA: request_schema_pairs,
        RESPONSE_SCHEMA: response_schema_pairs,
    }
    for op in operation_pairs(doc):
        if scope == OPERATION:
            yield op
        elif not (shared_same and _unchanged(op)):
            yield from walkers[scope](op)


def diff_bundles(old: SpecBundle, new: SpecBundle, registry: Registry = REGISTRY) -> list[Finding]:
    """Every finding of every rule, sorted: breaking first, then by file, location and rule."""
    doc = DocPair(old, new)
    shared_same = _components(old) == _components(new)
    found: list[Finding] = []
    for scope in SCOPES:
        rules = registry.rules(scope)
        if not rules:
            continue
        for item in items(doc, scope, shared_same):
            for r in rules:
                found += r.findings(item)
    return sorted(found, key=sort_key)


def _components(bundle: SpecBundle) -> object:
    return bundle.openapi.get("components")


def diff_dirs(old: Path, new: Path) -> list[Finding]:
    """Diff two spec directories; raises SpecError when either cannot be read."""
    return diff_bundles(load_bundle(old, validate=False), load_bundle(new, validate=False))
