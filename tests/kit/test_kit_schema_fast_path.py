"""The compiled fast path of DocumentSchemas never changes a verdict of `jsonschema`.

`DocumentSchemas.errors` asks jsonschema_rs whether a body is valid and runs `jsonschema` (the
detailed errors) only when it is not. Both must agree on every body, or a failure would go
unreported: here they are compared on every documented example of the contract, the documented
sample bodies and thousands of mutations of them, against every response schema.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.spec import jsonschemas
from conformance.spec.jsonschemas import DocumentSchemas, pointer
from conformance.spec.loader import load_bundle

pytest.importorskip("jsonschema_rs")

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "capillary-samples"
BUNDLE = load_bundle(validate=False)
DOC = BUNDLE.openapi
REPLACEMENTS: tuple[Any, ...] = (None, 0, -1, 1.5, 2**70, "", "x", "\x1c", True, [], {}, [1])
MAX_MUTATIONS = 150


def _local(ref: str) -> tuple[list[str], Any]:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in ref[2:].split("/")]
    node: Any = DOC
    for t in tokens:
        node = node[t]
    return tokens, node


def _response_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer of the JSON schema, media object) of every response of every operation."""
    for op in BUNDLE.operations.values():
        for status, response in op.raw["responses"].items():
            tokens: list[str] = ["paths", op.path, op.method.lower(), "responses", status]
            if "$ref" in response:
                tokens, response = _local(response["$ref"])
            media = response.get("content", {}).get("application/json")
            if media and "schema" in media:
                yield pointer(*tokens, "content", "application/json", "schema"), media


def _examples(media: dict[str, Any]) -> Iterator[Any]:
    if "example" in media:
        yield media["example"]
    for example in media.get("examples", {}).values():
        if "$ref" in example:
            example = _local(example["$ref"])[1]
        yield example["value"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _replaced(doc: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> Any:
    if not path:
        return copy.deepcopy(value)
    out = copy.deepcopy(doc)
    node = out
    for p in path[:-1]:
        node = node[p]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = copy.deepcopy(value)
    return out


def _mutations(doc: Any) -> Iterator[Any]:
    n = 0
    for path in _paths(doc):
        variants: list[Any] = [_replaced(doc, path, v) for v in REPLACEMENTS]
        if path and isinstance(path[-1], str):
            variants.append(_replaced(doc, path, None, delete=True))
        for v in variants:
            yield v
            n += 1
            if n >= MAX_MUTATIONS:
                return


SCHEMAS = sorted(dict(_response_schemas()).items())  # shared responses once
SAMPLE_BODIES = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))]


def _agree(schemas: DocumentSchemas, ref: str, instance: Any) -> bool:
    fast = schemas._fast(ref)
    assert fast is not None, f"no compiled validator for {ref}"
    slow = not list(schemas._validator(ref).iter_errors(instance))
    return bool(fast.is_valid(instance)) == slow


@pytest.mark.parametrize(("ref", "media"), SCHEMAS, ids=[r for r, _ in SCHEMAS])
def test_fast_path_agrees_with_jsonschema(ref: str, media: dict[str, Any]) -> None:
    schemas = DocumentSchemas(DOC)
    own = list(_examples(media))
    corpus = own + SAMPLE_BODIES + [m for body in own for m in _mutations(body)]
    disagree = [json.dumps(i)[:200] for i in corpus if not _agree(schemas, ref, i)]
    assert disagree == []


def test_errors_are_jsonschemas_own_for_an_invalid_body() -> None:
    schemas = DocumentSchemas(DOC)
    ref = pointer("components", "schemas", "ErrorEnvelope")
    body = {"warnings": [], "errors": [{"status": "no", "code": "x"}]}
    got = [(list(e.absolute_path), e.message) for e in schemas.errors(ref, body)]
    want = [(list(e.absolute_path), e.message) for e in schemas.validator(ref).iter_errors(body)]
    assert got == want
    assert got


MINI: dict[str, Any] = {
    "openapi": "3.1.0",
    "components": {
        "schemas": {
            "Blank": {"type": "string", "pattern": r"\S"},
            "Ref": {"$ref": "#/components/schemas/Blank"},
        }
    },
}


def test_patterns_are_python_regexes() -> None:
    """Python's \\S does not match U+001C; Rust's does: the fast path must use Python's."""
    schemas = DocumentSchemas(MINI)
    for name in ("Blank", "Ref"):
        ref = pointer("components", "schemas", name)
        assert [e.message for e in schemas.errors(ref, "\x1c")] == [
            "'\\x1c' does not match '\\\\S'"
        ]
        assert list(schemas.errors(ref, "a")) == []


def test_keywords_that_could_disagree_turn_the_fast_path_off() -> None:
    doc = copy.deepcopy(MINI)
    doc["components"]["schemas"]["Step"] = {"type": "number", "multipleOf": 0.1}
    schemas = DocumentSchemas(doc)
    ref = pointer("components", "schemas", "Step")
    assert schemas._fast(ref) is None
    assert [e.message for e in schemas.errors(ref, 0.3)] == ["0.3 is not a multiple of 0.1"]


def test_without_the_compiled_validator_jsonschema_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonschemas, "_rs", None)
    schemas = DocumentSchemas(MINI)
    ref = pointer("components", "schemas", "Blank")
    assert schemas._fast(ref) is None
    assert len(list(schemas.errors(ref, " "))) == 1


def test_an_unresolvable_ref_is_still_reported_by_jsonschema() -> None:
    from referencing.exceptions import Unresolvable

    doc = {"openapi": "3.1.0", "components": {"schemas": {"A": {"$ref": "#/nowhere"}}}}
    schemas = DocumentSchemas(doc)
    with pytest.raises(Unresolvable):
        list(schemas.errors(pointer("components", "schemas", "A"), 1))
