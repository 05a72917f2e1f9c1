"""OpenAPI rules on response schemas: the client must understand everything the server sends."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.diff import facts
from conformance.diff.model import Change, Level
from conformance.diff.pairs import RESPONSE_SCHEMA, SchemaPair
from conformance.diff.registry import rule


def _removed(s: SchemaPair, required: bool) -> Iterator[str]:
    new, was_required = s.new.get("properties") or {}, set(s.old.get("required") or ())
    for name in sorted((s.old.get("properties") or {}).keys() - new.keys()):
        if (name in was_required) == required:
            yield name


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_required_property_removed(s: SchemaPair) -> Iterator[Change]:
    """A property clients could count on is gone from the response."""
    for name in _removed(s, required=True):
        text = f"removed the required property {s.child(name)} from the response{s.for_status}"
        yield s.change(text, s.child(name))


@rule(RESPONSE_SCHEMA, Level.WARNING)
def response_optional_property_removed(s: SchemaPair) -> Iterator[Change]:
    """An optional property is gone: clients reading it lose data."""
    for name in _removed(s, required=False):
        text = f"removed the optional property {s.child(name)} from the response{s.for_status}"
        yield s.change(text, s.child(name))


@rule(RESPONSE_SCHEMA, Level.INFO)
def response_property_added(s: SchemaPair) -> Iterator[Change]:
    """A new property in the response; tolerant readers ignore it."""
    old = s.old.get("properties") or {}
    for name in sorted((s.new.get("properties") or {}).keys() - old.keys()):
        text = f"added the property {s.child(name)} to the response{s.for_status}"
        yield s.change(text, s.child(name))


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_became_optional(s: SchemaPair) -> Iterator[Change]:
    """A property clients could count on may now be missing."""
    if not s.is_body and s.old_required and not s.new_required:
        yield s.change(f"{s.what} became optional{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.INFO)
def response_property_became_required(s: SchemaPair) -> Iterator[Change]:
    """A property is now always present."""
    if not s.is_body and s.new_required and not s.old_required:
        yield s.change(f"{s.what} became required{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_type_changed(s: SchemaPair) -> Iterator[Change]:
    """The server may now send values of a type clients do not expect."""
    old, new = facts.types(s.old), facts.types(s.new)
    if old and old != new and (not new or not facts.widens(new, old)):
        text = f"type changed from {facts.show_types(old)} to {facts.show_types(new)}"
        yield s.change(f"{s.what}: {text}{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.INFO)
def response_property_type_specialized(s: SchemaPair) -> Iterator[Change]:
    """The type was narrowed: every value sent is one clients already expect."""
    old, new = facts.types(s.old), facts.types(s.new)
    if new and old != new and (not old or facts.widens(new, old)):
        text = f"type narrowed from {facts.show_types(old)} to {facts.show_types(new)}"
        yield s.change(f"{s.what}: {text}{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_format_changed(s: SchemaPair) -> Iterator[Change]:
    """A format clients parse by was changed or dropped."""
    before, after = s.old.get("format"), s.new.get("format")
    if before is not None and before != after:
        text = f"format changed from {before} to {after or 'none'}"
        yield s.change(f"{s.what}: {text}{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_enum_value_added(s: SchemaPair) -> Iterator[Change]:
    """The server may send a value clients were told it never would."""
    old, new = facts.enum(s.old), facts.enum(s.new)
    added = facts.missing(new, old) if old is not None and new is not None else []
    if added:
        yield s.change(f"added the enum value(s) {facts.show(added)} to {s.what}{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.INFO)
def response_property_enum_value_removed(s: SchemaPair) -> Iterator[Change]:
    """The server sends fewer distinct values."""
    old, new = facts.enum(s.old), facts.enum(s.new)
    gone = facts.missing(old, new) if old is not None and new is not None else []
    if gone:
        text = f"removed the enum value(s) {facts.show(gone)} from {s.what}{s.for_status}"
        yield s.change(text)


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_max_increased(s: SchemaPair) -> Iterator[Change]:
    """An upper bound clients size for was raised or dropped."""
    for bound in facts.loosened(s.old, s.new, facts.UPPER_BOUNDS):
        yield s.change(f"{s.what}: {bound}{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_min_decreased(s: SchemaPair) -> Iterator[Change]:
    """A lower bound clients rely on was lowered or dropped."""
    for bound in facts.loosened(s.old, s.new, facts.LOWER_BOUNDS):
        yield s.change(f"{s.what}: {bound}{s.for_status}")


@rule(RESPONSE_SCHEMA, Level.BREAKING)
def response_property_became_nullable(s: SchemaPair) -> Iterator[Change]:
    """The server may now send `null` where clients expect a value."""
    if facts.nullable(s.new) and not facts.nullable(s.old):
        yield s.change(f"{s.what} became nullable{s.for_status}")
