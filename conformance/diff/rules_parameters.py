"""OpenAPI rules on request parameters: narrowing what a client may send breaks the client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.diff import facts
from conformance.diff.model import Change, Level
from conformance.diff.pairs import OPERATION, PARAMETER, OperationPair, ParameterPair
from conformance.diff.registry import rule
from conformance.diff.walk import parameters


def _added(op: OperationPair) -> Iterator[tuple[str, str, dict[str, Any]]]:
    old = parameters(op.doc.old.openapi, op.path, op.old)
    new = parameters(op.doc.new.openapi, op.path, op.new)
    for key in sorted(new.keys() - old.keys()):
        yield key[0], key[1], new[key]


@rule(OPERATION, Level.BREAKING)
def new_required_request_parameter(op: OperationPair) -> Iterator[Change]:
    """A new required parameter: every existing request lacks it."""
    for where, name, param in _added(op):
        if param.get("required"):
            text = f"added the new required {where} request parameter {name}"
            yield op.change(text, f"{where}.{name}")


@rule(OPERATION, Level.INFO)
def new_optional_request_parameter(op: OperationPair) -> Iterator[Change]:
    """A new optional parameter: existing requests stay valid."""
    for where, name, param in _added(op):
        if not param.get("required"):
            text = f"added the new optional {where} request parameter {name}"
            yield op.change(text, f"{where}.{name}")


@rule(OPERATION, Level.WARNING)
def request_parameter_removed(op: OperationPair) -> Iterator[Change]:
    """A parameter is gone: clients still sending it are ignored at best, refused at worst."""
    old = parameters(op.doc.old.openapi, op.path, op.old)
    new = parameters(op.doc.new.openapi, op.path, op.new)
    for where, name in sorted(old.keys() - new.keys()):
        yield op.change(f"removed the {where} request parameter {name}", f"{where}.{name}")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_became_required(p: ParameterPair) -> Iterator[Change]:
    """An optional parameter became required: requests that omit it now fail."""
    if p.new.get("required") and not p.old.get("required"):
        yield p.change(f"{p.what} became required")


@rule(PARAMETER, Level.INFO)
def request_parameter_became_optional(p: ParameterPair) -> Iterator[Change]:
    """A required parameter became optional: existing requests stay valid."""
    if p.old.get("required") and not p.new.get("required"):
        yield p.change(f"{p.what} became optional")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_type_changed(p: ParameterPair) -> Iterator[Change]:
    """The parameter's type changed to one that rejects values the old type accepted."""
    old, new = facts.types(p.old_schema), facts.types(p.new_schema)
    if new and old != new and (not old or not facts.widens(old, new)):
        text = f"{p.what}: type changed from {facts.show_types(old)} to {facts.show_types(new)}"
        yield p.change(text)


@rule(PARAMETER, Level.INFO)
def request_parameter_type_generalized(p: ParameterPair) -> Iterator[Change]:
    """The parameter's type was widened: every old value is still accepted."""
    old, new = facts.types(p.old_schema), facts.types(p.new_schema)
    if old and old != new and (not new or facts.widens(old, new)):
        text = f"{p.what}: type widened from {facts.show_types(old)} to {facts.show_types(new)}"
        yield p.change(text)


@rule(PARAMETER, Level.BREAKING)
def request_parameter_format_changed(p: ParameterPair) -> Iterator[Change]:
    """The parameter gained or changed its format: values valid before may now be refused."""
    before, after = p.old_schema.get("format"), p.new_schema.get("format")
    if after is not None and before != after:
        yield p.change(f"{p.what}: format changed from {before or 'none'} to {after}")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_enum_value_removed(p: ParameterPair) -> Iterator[Change]:
    """Values a client could send are no longer allowed."""
    old, new = facts.enum(p.old_schema), facts.enum(p.new_schema)
    gone = facts.missing(old, new) if old is not None and new is not None else []
    if gone:
        yield p.change(f"removed the enum value(s) {facts.show(gone)} from {p.what}")


@rule(PARAMETER, Level.INFO)
def request_parameter_enum_value_added(p: ParameterPair) -> Iterator[Change]:
    """The parameter accepts more values."""
    old, new = facts.enum(p.old_schema), facts.enum(p.new_schema)
    added = facts.missing(new, old) if old is not None and new is not None else []
    if added:
        yield p.change(f"added the enum value(s) {facts.show(added)} to {p.what}")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_became_enum(p: ParameterPair) -> Iterator[Change]:
    """A free parameter was restricted to a list of values."""
    new = facts.enum(p.new_schema)
    if facts.enum(p.old_schema) is None and new is not None:
        yield p.change(f"{p.what} was restricted to the enum values {facts.show(new)}")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_pattern_added(p: ParameterPair) -> Iterator[Change]:
    """A pattern now constrains a parameter that had none."""
    after = p.new_schema.get("pattern")
    if after is not None and p.old_schema.get("pattern") is None:
        yield p.change(f"added the pattern {after} to {p.what}")


@rule(PARAMETER, Level.WARNING)
def request_parameter_pattern_changed(p: ParameterPair) -> Iterator[Change]:
    """The pattern changed; whether it narrows cannot be decided, so it is flagged."""
    before, after = p.old_schema.get("pattern"), p.new_schema.get("pattern")
    if before is not None and after is not None and before != after:
        yield p.change(f"changed the pattern of {p.what} from {before} to {after}")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_max_decreased(p: ParameterPair) -> Iterator[Change]:
    """An upper bound (maximum, maxLength, maxItems) was lowered or set."""
    for bound in facts.tightened(p.old_schema, p.new_schema, facts.UPPER_BOUNDS):
        yield p.change(f"{p.what}: {bound}")


@rule(PARAMETER, Level.BREAKING)
def request_parameter_min_increased(p: ParameterPair) -> Iterator[Change]:
    """A lower bound (minimum, minLength, minItems) was raised or set."""
    for bound in facts.tightened(p.old_schema, p.new_schema, facts.LOWER_BOUNDS):
        yield p.change(f"{p.what}: {bound}")


@rule(PARAMETER, Level.WARNING)
def request_parameter_default_changed(p: ParameterPair) -> Iterator[Change]:
    """Requests that omit the parameter now get different behaviour."""
    missing = object()
    before, after = p.old_schema.get("default", missing), p.new_schema.get("default", missing)
    if before is not missing and before != after:
        shown = "removed" if after is missing else f"changed to {facts.show([after])}"
        yield p.change(f"{p.what}: default {facts.show([before])} {shown}")
