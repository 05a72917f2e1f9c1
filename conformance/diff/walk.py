"""Match the elements of two contracts: operations, parameters, responses and schema nodes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.diff.pairs import (
    DocPair,
    OperationPair,
    ParameterPair,
    ResponsePair,
    SchemaPair,
)
from conformance.spec.loader import iter_operations

JSON = "application/json"
_PATH_PARAM = re.compile(r"\{[^}]*\}")

Refs = frozenset[str]


def deref(doc: dict[str, Any], node: Any, refs: Refs = frozenset()) -> tuple[dict[str, Any], Refs]:
    """Follow local `$ref`s; a reference already on the path (a cycle) resolves to `{}`."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in refs or not ref.startswith("#/"):
            return {}, refs
        refs = refs | {ref}
        node = doc
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            node = node.get(token) if isinstance(node, dict) else None
    return (node if isinstance(node, dict) else {}), refs


def view(doc: dict[str, Any], node: Any, refs: Refs = frozenset()) -> tuple[dict[str, Any], Refs]:
    """The schema with references followed and `allOf` members merged into one object."""
    schema, refs = deref(doc, node, refs)
    if "allOf" not in schema:
        return schema, refs
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    props: dict[str, Any] = dict(merged.get("properties") or {})
    required: list[str] = list(merged.get("required") or [])
    for member in schema["allOf"]:
        part, refs = view(doc, member, refs)
        props.update(part.get("properties") or {})
        required += [r for r in part.get("required") or [] if r not in required]
        merged.update({k: v for k, v in part.items() if k not in merged})
    merged["properties"], merged["required"] = props, required
    return merged, refs


def _route(path: str) -> str:
    return _PATH_PARAM.sub("{}", path)


def operation_index(openapi: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """(METHOD, templated path) -> (path as written, operation object)."""
    return {(m, _route(p)): (p, op) for m, p, op in iter_operations(openapi)}


def operation_pairs(doc: DocPair) -> Iterator[OperationPair]:
    old, new = operation_index(doc.old.openapi), operation_index(doc.new.openapi)
    for key in sorted(old.keys() & new.keys()):
        path, new_op = new[key]
        op_id = str(new_op.get("operationId") or old[key][1].get("operationId") or "")
        yield OperationPair(doc, key[0], path, op_id or f"{key[0]} {path}", old[key][1], new_op)


def parameters(
    openapi: dict[str, Any], path: str, op: dict[str, Any]
) -> dict[tuple[str, str], Any]:
    """The operation's parameters by (in, name): path-level ones overridden by its own."""
    item = (openapi.get("paths") or {}).get(path) or {}
    found: dict[tuple[str, str], Any] = {}
    for raw in list(item.get("parameters") or []) + list(op.get("parameters") or []):
        param, _ = deref(openapi, raw)
        if "name" in param:
            found[(str(param.get("in", "query")), str(param["name"]))] = param
    return found


def parameter_pairs(op: OperationPair) -> Iterator[ParameterPair]:
    o_doc, n_doc = op.doc.old.openapi, op.doc.new.openapi
    old = parameters(o_doc, _path_of(o_doc, op), op.old)
    new = parameters(n_doc, op.path, op.new)
    for key in sorted(old.keys() & new.keys()):
        o, n = old[key], new[key]
        o_schema, _ = view(o_doc, o.get("schema"))
        n_schema, _ = view(n_doc, n.get("schema"))
        yield ParameterPair(op, key[0], key[1], o, n, o_schema, n_schema)


def _path_of(openapi: dict[str, Any], op: OperationPair) -> str:
    for path in openapi.get("paths") or {}:
        if _route(str(path)) == _route(op.path):
            return str(path)
    return op.path


def responses(openapi: dict[str, Any], op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(s): deref(openapi, r)[0] for s, r in (op.get("responses") or {}).items()}


def response_pairs(op: OperationPair) -> Iterator[ResponsePair]:
    old = responses(op.doc.old.openapi, op.old)
    new = responses(op.doc.new.openapi, op.new)
    for status in sorted(old.keys() & new.keys()):
        yield ResponsePair(op, status, old[status], new[status])


def request_body(openapi: dict[str, Any], op: dict[str, Any]) -> dict[str, Any] | None:
    return deref(openapi, op["requestBody"])[0] if "requestBody" in op else None


def _media_schemas(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Any, Any]]:
    o, n = old.get("content") or {}, new.get("content") or {}
    return [(o[mt].get("schema"), n[mt].get("schema")) for mt in sorted(o.keys() & n.keys())]


def request_schema_pairs(op: OperationPair) -> Iterator[SchemaPair]:
    old = request_body(op.doc.old.openapi, op.old)
    new = request_body(op.doc.new.openapi, op.new)
    if old is None or new is None:
        return
    for o, n in _media_schemas(old, new):
        yield from _walk(SchemaPair(op, "request", None, "", {}, {}), o, n, True, True)


def response_schema_pairs(op: OperationPair) -> Iterator[SchemaPair]:
    for resp in response_pairs(op):
        for o, n in _media_schemas(resp.old, resp.new):
            yield from _walk(SchemaPair(op, "response", resp.status, "", {}, {}), o, n, True, True)


_NO_REFS: tuple[Refs, Refs] = (frozenset(), frozenset())


def _walk(
    at: SchemaPair, o: Any, n: Any, o_req: bool, n_req: bool, refs: tuple[Refs, Refs] = _NO_REFS
) -> Iterator[SchemaPair]:
    """Yield the node, then its common properties and items, depth first."""
    o_doc, n_doc = at.op.doc.old.openapi, at.op.doc.new.openapi
    old, o_refs = view(o_doc, o, refs[0])
    new, n_refs = view(n_doc, n, refs[1])
    if not old or not new:
        return
    here = SchemaPair(at.op, at.side, at.status, at.path, old, new, o_req, n_req)
    yield here
    o_props, n_props = old.get("properties") or {}, new.get("properties") or {}
    o_required, n_required = set(old.get("required") or ()), set(new.get("required") or ())
    for name in sorted(o_props.keys() & n_props.keys()):
        child = SchemaPair(at.op, at.side, at.status, here.child(name), {}, {})
        yield from _walk(
            child,
            o_props[name],
            n_props[name],
            name in o_required,
            name in n_required,
            (o_refs, n_refs),
        )
    if "items" in old and "items" in new:
        child = SchemaPair(at.op, at.side, at.status, f"{at.path}[]", {}, {})
        yield from _walk(child, old["items"], new["items"], True, True, (o_refs, n_refs))
