"""OpenAPI rules on request body schemas: the server must accept everything it accepted."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.diff import facts
from conformance.diff.model import Change, Level
from conformance.diff.pairs import REQUEST_SCHEMA, SchemaPair
from conformance.diff.registry import rule


@rule(REQUEST_SCHEMA, Level.WARNING)
def request_property_removed(s: SchemaPair) -> Iterator[Change]:
    """A property clients may send is no longer described: it may be ignored or refused."""
    new = s.new.get("properties") or {}
    for name in sorted((s.old.get("properties") or {}).keys() - new.keys()):
        yield s.change(f"removed the request property {s.child(name)}", s.child(name))


@rule(REQUEST_SCHEMA, Level.BREAKING)
def new_required_request_property(s: SchemaPair) -> Iterator[Change]:
    """A new required property: every existing request lacks it."""
    old, required = s.old.get("properties") or {}, set(s.new.get("required") or ())
    for name in sorted((s.new.get("properties") or {}).keys() - old.keys()):
        if name in required:
            yield s.change(
                f"added the new required request property {s.child(name)}", s.child(name)
            )


@rule(REQUEST_SCHEMA, Level.INFO)
def new_optional_request_property(s: SchemaPair) -> Iterator[Change]:
    """A new optional property: existing requests stay valid."""
    old, required = s.old.get("properties") or {}, set(s.new.get("required") or ())
    for name in sorted((s.new.get("properties") or {}).keys() - old.keys()):
        if name not in required:
            yield s.change(
                f"added the new optional request property {s.child(name)}", s.child(name)
            )


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_became_required(s: SchemaPair) -> Iterator[Change]:
    """An optional property became required: requests that omit it now fail."""
    if not s.is_body and s.new_required and not s.old_required:
        yield s.change(f"{s.what} became required")


@rule(REQUEST_SCHEMA, Level.INFO)
def request_property_became_optional(s: SchemaPair) -> Iterator[Change]:
    """A required property became optional."""
    if not s.is_body and s.old_required and not s.new_required:
        yield s.change(f"{s.what} became optional")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_type_changed(s: SchemaPair) -> Iterator[Change]:
    """The type changed to one that refuses values the old type accepted."""
    old, new = facts.types(s.old), facts.types(s.new)
    if new and old != new and (not old or not facts.widens(old, new)):
        yield s.change(
            f"{s.what}: type changed from {facts.show_types(old)} to {facts.show_types(new)}"
        )


@rule(REQUEST_SCHEMA, Level.INFO)
def request_property_type_generalized(s: SchemaPair) -> Iterator[Change]:
    """The type was widened: every old value is still accepted."""
    old, new = facts.types(s.old), facts.types(s.new)
    if old and old != new and (not new or facts.widens(old, new)):
        yield s.change(
            f"{s.what}: type widened from {facts.show_types(old)} to {facts.show_types(new)}"
        )


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_format_changed(s: SchemaPair) -> Iterator[Change]:
    """A format was added or changed: values valid before may now be refused."""
    before, after = s.old.get("format"), s.new.get("format")
    if after is not None and before != after:
        yield s.change(f"{s.what}: format changed from {before or 'none'} to {after}")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_enum_value_removed(s: SchemaPair) -> Iterator[Change]:
    """Values a client could send are no longer allowed."""
    old, new = facts.enum(s.old), facts.enum(s.new)
    gone = facts.missing(old, new) if old is not None and new is not None else []
    if gone:
        yield s.change(f"removed the enum value(s) {facts.show(gone)} from {s.what}")


@rule(REQUEST_SCHEMA, Level.INFO)
def request_property_enum_value_added(s: SchemaPair) -> Iterator[Change]:
    """The property accepts more values."""
    old, new = facts.enum(s.old), facts.enum(s.new)
    added = facts.missing(new, old) if old is not None and new is not None else []
    if added:
        yield s.change(f"added the enum value(s) {facts.show(added)} to {s.what}")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_became_enum(s: SchemaPair) -> Iterator[Change]:
    """A free property was restricted to a list of values."""
    new = facts.enum(s.new)
    if facts.enum(s.old) is None and new is not None:
        yield s.change(f"{s.what} was restricted to the enum values {facts.show(new)}")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_max_decreased(s: SchemaPair) -> Iterator[Change]:
    """An upper bound (maximum, maxLength, maxItems) was lowered or set."""
    for bound in facts.tightened(s.old, s.new, facts.UPPER_BOUNDS):
        yield s.change(f"{s.what}: {bound}")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_min_increased(s: SchemaPair) -> Iterator[Change]:
    """A lower bound (minimum, minLength, minItems) was raised or set."""
    for bound in facts.tightened(s.old, s.new, facts.LOWER_BOUNDS):
        yield s.change(f"{s.what}: {bound}")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_pattern_added(s: SchemaPair) -> Iterator[Change]:
    """A pattern now constrains a property that had none."""
    after = s.new.get("pattern")
    if after is not None and s.old.get("pattern") is None:
        yield s.change(f"added the pattern {after} to {s.what}")


@rule(REQUEST_SCHEMA, Level.WARNING)
def request_property_pattern_changed(s: SchemaPair) -> Iterator[Change]:
    """The pattern changed; whether it narrows cannot be decided, so it is flagged."""
    before, after = s.old.get("pattern"), s.new.get("pattern")
    if before is not None and after is not None and before != after:
        yield s.change(f"changed the pattern of {s.what} from {before} to {after}")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_property_became_not_nullable(s: SchemaPair) -> Iterator[Change]:
    """`null` is no longer accepted where it was."""
    if facts.nullable(s.old) and not facts.nullable(s.new):
        yield s.change(f"{s.what} became not nullable")


@rule(REQUEST_SCHEMA, Level.BREAKING)
def request_additional_properties_forbidden(s: SchemaPair) -> Iterator[Change]:
    """An object now refuses properties it does not describe (additionalProperties: false)."""
    if (
        s.new.get("additionalProperties") is False
        and s.old.get("additionalProperties") is not False
    ):
        yield s.change(f"{s.what} no longer accepts additional properties")
