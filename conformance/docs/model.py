"""What the docs show, gathered from the contract: operations, code tables and requirements."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conformance.diff import facts
from conformance.diff.walk import deref, parameters, request_body, responses, view
from conformance.spec.loader import Code, Operation, Requirement, SpecBundle

KINDS = (("success", "Success codes"), ("error", "Error codes"), ("warning", "Warning codes"))
MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Field:
    """One row of a parameter or schema table."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    json: str


@dataclass(frozen=True, slots=True)
class Body:
    """A request body or one response: its fields and examples."""

    title: str  # `application/json`, `200 application/json`
    description: str
    required: bool
    fields: tuple[Field, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True, slots=True)
class OperationPage:
    op: Operation
    summary: str
    description: str
    parameters: tuple[Field, ...]
    request: tuple[Body, ...]
    responses: tuple[Body, ...]
    codes: tuple[Code, ...]
    requirements: tuple[Requirement, ...]


def type_of(doc: dict[str, Any], node: Any) -> str:
    """`string`, `integer (int64)`, `array of string`, `string: INSTORE, ALL`."""
    schema, _ = view(doc, node)
    found = facts.show_types(facts.types(schema))
    if found == "array" and "items" in schema:
        found = f"array of {type_of(doc, schema['items'])}"
    if schema.get("format"):
        found += f" ({schema['format']})"
    if facts.nullable(schema):
        found += ", nullable"
    values = facts.enum(schema)
    return found + (f": {facts.show(values)}" if values else "")


def _one_line(text: Any) -> str:
    return " ".join(str(text or "").split())


def schema_fields(doc: dict[str, Any], node: Any, prefix: str = "", depth: int = 0) -> list[Field]:
    """Property rows, depth first: `notes`, `notes[].key`, ..."""
    schema, _ = view(doc, node)
    if depth >= MAX_DEPTH:
        return []
    if "items" in schema and not schema.get("properties"):
        return schema_fields(doc, schema["items"], f"{prefix}[]", depth + 1) if prefix else []
    rows: list[Field] = []
    required = set(schema.get("required") or ())
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else str(name)
        described = view(doc, prop)[0]
        rows.append(
            Field(
                path, type_of(doc, prop), name in required, _one_line(described.get("description"))
            )
        )
        rows += schema_fields(doc, prop, path, depth + 1)
    return rows


def examples(doc: dict[str, Any], media: dict[str, Any]) -> tuple[Example, ...]:
    found = [Example("example", _json(media["example"]))] if "example" in media else []
    for name, raw in (media.get("examples") or {}).items():
        example, _ = deref(doc, raw)
        if "value" in example:
            found.append(Example(str(example.get("summary") or name), _json(example["value"])))
    return tuple(found)


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


def bodies(doc: dict[str, Any], obj: dict[str, Any] | None, label: str) -> tuple[Body, ...]:
    if obj is None:
        return ()
    content = obj.get("content") or {}
    description = _one_line(obj.get("description"))
    if not content:
        return (Body(label, description, bool(obj.get("required")), (), ()),)
    return tuple(
        Body(
            f"{label} {media}".strip(),
            description,
            bool(obj.get("required")),
            tuple(schema_fields(doc, m.get("schema"))),
            examples(doc, m),
        )
        for media, m in content.items()
    )


def parameter_fields(doc: dict[str, Any], op: Operation) -> tuple[Field, ...]:
    found = parameters(doc, op.path, op.raw)
    return tuple(
        Field(f"{name} ({where})", type_of(doc, p.get("schema")), bool(p.get("required")),
              _one_line(p.get("description")))
        for (where, name), p in found.items()
    )  # fmt: skip


def operation_page(bundle: SpecBundle, op: Operation) -> OperationPage:
    doc = bundle.openapi
    listed = {c: bundle.codes[c] for c in op.codes if c in bundle.codes}
    codes = {**bundle.codes_for(op.operation_id), **listed}
    resp = [b for status, r in responses(doc, op.raw).items() for b in bodies(doc, r, status)]
    return OperationPage(
        op=op,
        summary=_one_line(op.raw.get("summary")),
        description=str(op.raw.get("description") or "").strip(),
        parameters=parameter_fields(doc, op),
        request=bodies(doc, request_body(doc, op.raw), ""),
        responses=tuple(resp),
        codes=tuple(sorted(codes.values(), key=lambda c: (c.http_status, c.code))),
        requirements=tuple(sorted(bundle.requirements_for(op.operation_id), key=lambda r: r.id)),
    )


def code_tables(bundle: SpecBundle) -> list[tuple[str, str, list[Code]]]:
    """(kind, heading, codes in catalog order) for success, error and warning codes."""
    return [
        (kind, heading, [c for c in bundle.codes.values() if c.kind == kind])
        for kind, heading in KINDS
    ]


def operations(bundle: SpecBundle) -> list[Operation]:
    """In document order: the order the contract's authors chose."""
    return list(bundle.operations.values())


def requirements_by_profile(bundle: SpecBundle) -> list[tuple[str, list[Requirement]]]:
    groups: dict[str, list[Requirement]] = {name: [] for name in bundle.profiles}
    for r in bundle.requirements.values():
        groups.setdefault(r.profile, []).append(r)
    return [(name, reqs) for name, reqs in groups.items() if reqs]
