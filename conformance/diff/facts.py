"""Small facts about one JSON Schema node that several rules compare."""

from __future__ import annotations

import json
from typing import Any, TypeGuard

UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems")
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems")


def types(schema: dict[str, Any]) -> frozenset[str]:
    """The declared types without `null`; empty when the node does not say."""
    declared = schema.get("type")
    if isinstance(declared, str):
        found = {declared}
    elif isinstance(declared, list):
        found = {str(t) for t in declared}
    else:
        found = set()
    if "integer" in found and "number" in found:
        found.discard("integer")
    return frozenset(found - {"null"})


def nullable(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    in_type = declared == "null" or (isinstance(declared, list) and "null" in declared)
    return in_type or schema.get("nullable") is True


def widens(old: frozenset[str], new: frozenset[str]) -> bool:
    """`new` accepts every value `old` did (integer is a number)."""
    covered = set(new) | ({"integer"} if "number" in new else set())
    return old <= covered


def show_types(found: frozenset[str]) -> str:
    return "|".join(sorted(found)) or "any"


def enum(schema: dict[str, Any]) -> list[Any] | None:
    values = schema.get("enum")
    if isinstance(values, list):
        return values
    if "const" in schema:
        return [schema["const"]]
    return None


def missing(values: list[Any], others: list[Any]) -> list[Any]:
    """Values of `values` absent from `others`, in order."""
    return [v for v in values if v not in others]


def show(values: list[Any]) -> str:
    """Enum values as JSON would spell them: `"ALL", "INSTORE"`, `true`, `3`."""
    return ", ".join(json.dumps(v, ensure_ascii=False) for v in values)


def tightened(old: dict[str, Any], new: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """`maxLength 255 -> 100` for each bound of `keys` that now rejects values it accepted."""
    out: list[str] = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if not _number(after):
            continue
        if not _number(before):
            out.append(f"{key} unset -> {after}")
        elif after < before if key in UPPER_BOUNDS else after > before:
            out.append(f"{key} {before} -> {after}")
    return out


def loosened(old: dict[str, Any], new: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """`maxLength 100 -> 255` for each bound of `keys` that now lets through more values."""
    out: list[str] = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if not _number(before):
            continue
        if not _number(after):
            out.append(f"{key} {before} -> unset")
        elif after > before if key in UPPER_BOUNDS else after < before:
            out.append(f"{key} {before} -> {after}")
    return out


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
