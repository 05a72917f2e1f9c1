"""`validate`: the OpenAPI document, both catalogs against their schemas, every cross-reference."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from conformance.spec.jsonschemas import DocumentSchemas, describe, pointer
from conformance.spec.loader import (
    SpecError,
    iter_operations,
    load_json_schema,
    read_raw,
)


def validate_spec(root: Path) -> list[str]:
    """Every problem of the contract in `root`, one line each; empty when valid."""
    try:
        openapi, codes_doc, reqs_doc = read_raw(root)
    except SpecError as exc:
        return exc.problems
    return validate_documents(root, openapi, codes_doc, reqs_doc)


def validate_documents(
    root: Path, openapi: dict[str, Any], codes_doc: dict[str, Any], reqs_doc: dict[str, Any]
) -> list[str]:
    """`validate_spec` on the three documents already read from `root` (by `read_raw`)."""
    problems: list[str] = []
    problems += _openapi_problems(root / "openapi.yaml", openapi)
    for name, doc, schema in (
        ("codes.yaml", codes_doc, "codes.schema.json"),
        ("requirements.yaml", reqs_doc, "requirements.schema.json"),
    ):
        try:
            problems += _schema_problems(root / name, doc, load_json_schema(root, schema))
        except SpecError as exc:
            problems += exc.problems
    if problems:
        return problems  # cross-references assume well-formed documents
    problems += _cross_reference_problems(root, openapi, codes_doc, reqs_doc)
    problems += _example_problems(root / "openapi.yaml", openapi)
    return problems


def _openapi_problems(path: Path, openapi: dict[str, Any]) -> list[str]:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    out: list[str] = []
    if str(openapi.get("openapi", "")).split(".")[:2] != ["3", "1"]:
        return [f"{path}: 'openapi' must be 3.1.x, got {openapi.get('openapi')!r}"]
    try:
        for err in OpenAPIV31SpecValidator(openapi).iter_errors():
            where = "/".join(str(p) for p in getattr(err, "absolute_path", ()) or ())
            out.append(f"{path}: {'at ' + where + ': ' if where else ''}{_one_line(err)}")
    except Unresolvable as exc:
        out.append(f"{path}: $ref points nowhere: {_one_line(exc)}")
    except Exception as exc:  # the validator raises various types on broken references
        out.append(f"{path}: cannot validate the OpenAPI document: {_one_line(exc)}")
    return out


def _one_line(exc: object) -> str:
    text = str(getattr(exc, "message", None) or exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if len(line) <= 240 else line[:237] + "..."


def _entry_name(doc: dict[str, Any], path: list[Any]) -> str:
    """`codes[12] (code 1001)` or `requirements[3] (LKP-ID-004)` for an error path."""
    if len(path) >= 2 and isinstance(path[1], int):
        items = doc.get(path[0])
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            entry = items[path[1]]
            label = entry.get("id") or (f"code {entry['code']}" if "code" in entry else None)
            rest = "/".join(str(p) for p in path[2:])
            return (
                f"{path[0]}[{path[1]}]"
                + (f" ({label})" if label else "")
                + (f" {rest}" if rest else "")
            )
    return "/".join(str(p) for p in path) or "(top level)"


def _schema_problems(path: Path, doc: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{path}: {_entry_name(doc, list(e.absolute_path))}: {e.message}" for e in errors]


def _cross_reference_problems(
    root: Path, openapi: dict[str, Any], codes_doc: dict[str, Any], reqs_doc: dict[str, Any]
) -> list[str]:
    oa, cy, ry = root / "openapi.yaml", root / "codes.yaml", root / "requirements.yaml"
    out: list[str] = []
    codes = codes_doc["codes"]
    reqs = reqs_doc["requirements"]
    profiles = set(reqs_doc["profiles"])
    catalog = {c["code"]: c for c in codes}

    for code, n in Counter(c["code"] for c in codes).items():
        if n > 1:
            out.append(f"{cy}: code {code}: listed {n} times (one entry per code)")
    for rid, n in Counter(r["id"] for r in reqs).items():
        if n > 1:
            out.append(f"{ry}: {rid}: id used {n} times")

    ops: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for method, path, op in iter_operations(openapi):
        op_id = op.get("operationId")
        if not op_id:
            out.append(f"{oa}: {method} {path}: no operationId")
            continue
        if op_id in ops:
            out.append(f"{oa}: {method} {path}: operationId {op_id} used twice")
        ops[op_id] = (method, path, op)

    emitted_by: dict[str, set[int]] = {op_id: set() for op_id in ops}
    for c in codes:
        for op_id in c.get("operations") or ():
            if op_id not in ops:
                out.append(f"{cy}: code {c['code']}: operation {op_id} is not in openapi.yaml")
            else:
                emitted_by[op_id].add(c["code"])

    governed: dict[str, set[str]] = {op_id: set() for op_id in ops}
    named_codes: set[int] = set()
    for r in reqs:
        rid = r["id"]
        if r["profile"] not in profiles:
            out.append(f"{ry}: {rid}: profile {r['profile']} is not declared under profiles")
        for op_id in r["operations"]:
            if op_id == "*":
                continue  # resource-wide clauses govern every operation; not listed per operation
            if op_id not in ops:
                out.append(f"{ry}: {rid}: operation {op_id} is not in openapi.yaml")
            else:
                governed[op_id].add(rid)
        for code in r.get("codes") or ():
            named_codes.add(code)
            if code not in catalog:
                out.append(f"{ry}: {rid}: code {code} is not in codes.yaml")
            elif "*" not in r["operations"] and catalog[code].get("operations") is not None:
                emitting = set(catalog[code]["operations"])
                if not emitting & set(r["operations"]):
                    out.append(
                        f"{ry}: {rid}: code {code} is emitted by none of the requirement's "
                        "operations (codes.yaml)"
                    )

    for op_id, (method, path, op) in ops.items():
        where = f"{oa}: {method} {path} ({op_id})"
        prof = op.get("x-profile")
        if prof is None:
            out.append(f"{where}: no x-profile")
        elif prof not in profiles:
            out.append(f"{where}: x-profile {prof} is not declared in requirements.yaml")
        listed = set(op.get("x-codes") or ())
        for code in sorted(listed - set(catalog)):
            out.append(f"{where}: x-codes names {code}, which is not in codes.yaml")
        for code in sorted((listed & set(catalog)) - emitted_by[op_id]):
            out.append(f"{where}: x-codes names {code}; codes.yaml does not list {op_id} for it")
        for code in sorted(emitted_by[op_id] - listed):
            out.append(f"{where}: codes.yaml lists {op_id} for code {code}, missing from x-codes")
        reqs_listed = set(op.get("x-requirements") or ())
        for rid in sorted(reqs_listed - governed[op_id]):
            out.append(f"{where}: x-requirements names {rid}, which does not govern {op_id}")
        for rid in sorted(governed[op_id] - reqs_listed):
            out.append(f"{where}: requirement {rid} governs it but is missing from x-requirements")

    for c in codes:
        if c["triggerable"] and c["kind"] != "success" and c["code"] not in named_codes:
            out.append(f"{cy}: code {c['code']}: triggerable, but no requirement names it")
    return out


def _examples(media: dict[str, Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if "example" in media:
        found.append(("example", media["example"]))
    for name, ex in (media.get("examples") or {}).items():
        if isinstance(ex, dict) and "value" in ex:
            found.append((f"examples/{name}", ex["value"]))
    return found


def _example_problems(path: Path, openapi: dict[str, Any]) -> list[str]:
    schemas = DocumentSchemas(openapi)
    out: list[str] = []
    for method, p, op in iter_operations(openapi):
        targets: list[tuple[str, tuple[str | int, ...], dict[str, Any]]] = []
        body = op.get("requestBody") or {}
        for mt, media in (body.get("content") or {}).items():
            targets.append((f"request {mt}", ("requestBody", "content", mt), media))
        for status, resp in (op.get("responses") or {}).items():
            if "$ref" in resp:
                continue  # shared responses are checked once below
            for mt, media in (resp.get("content") or {}).items():
                where = ("responses", status, "content", mt)
                targets.append((f"response {status} {mt}", where, media))
        base = ("paths", p, method.lower())
        for label, tokens, media in targets:
            if "schema" not in media:
                continue
            ref = pointer(*base, *tokens, "schema")
            for name, value in _examples(media):
                out += [
                    f"{path}: {method} {p}: {label} {name}: {line}"
                    for line in _check(schemas, ref, value)
                ]
    for rname, resp in ((openapi.get("components") or {}).get("responses") or {}).items():
        for mt, media in (resp.get("content") or {}).items():
            if "schema" not in media:
                continue
            ref = pointer("components", "responses", rname, "content", mt, "schema")
            for name, value in _examples(media):
                out += [
                    f"{path}: components/responses/{rname} {name}: {line}"
                    for line in _check(schemas, ref, value)
                ]
    return out


def _check(schemas: DocumentSchemas, ref: str, value: Any) -> list[str]:
    try:
        return [describe(err) for err in schemas.errors(ref, value)]
    except Unresolvable as exc:
        return [f"$ref points nowhere: {_one_line(exc)}"]
