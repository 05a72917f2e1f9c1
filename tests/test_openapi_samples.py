"""spec/openapi.yaml accepts the documented bodies and its examples, and agrees with the catalog."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

TESTS = Path(__file__).resolve().parent
SPEC_DIR = TESTS.parent / "spec"
SAMPLES = TESTS / "data" / "capillary-samples"
BASE_URI = "urn:lookup-conformance:openapi"
METHODS = ("get", "put", "post", "delete", "patch")

DOC: dict[str, Any] = yaml.safe_load((SPEC_DIR / "openapi.yaml").read_text(encoding="utf-8"))
CATALOG: list[dict[str, Any]] = yaml.safe_load(
    (SPEC_DIR / "codes.yaml").read_text(encoding="utf-8")
)["codes"]
CODES = {entry["code"]: entry for entry in CATALOG}
REGISTRY: Registry = Registry().with_resource(
    BASE_URI, Resource.from_contents(DOC, default_specification=DRAFT202012)
)

# Each documented body (see tests/data/capillary-samples/MANIFEST.md) → the operation and the
# response status it is a body of, or "request" for a request body.
SAMPLE_TABLE: dict[str, tuple[str, str]] = {
    "get-lookup.200.json": ("getCustomerByLookup", "200"),
    "get-lookup.200.multiple-identifiers.json": ("getCustomerByLookup", "200"),
    "put-lookup.request.json": ("updateCustomerByLookup", "request"),
    "put-status.request.json": ("updateCustomerStatusByLookup", "request"),
    "put-status.200.live-docs.json": ("updateCustomerStatusByLookup", "200"),
    "post-subscriptions.request.json": ("updateSubscriptionsByLookup", "request"),
    "get-subscriptions.200.json": ("getSubscriptionsByLookup", "200"),
    "get-retroRequest.200.capdocs.json": ("getRetroRequestsByLookup", "200"),
    "post-setImage.200.json": ("setImageByLookup", "200"),
    "get-referrals.200.json": ("getReferralsByLookup", "200"),
    "get-recommendations.200.json": ("getRecommendationsByLookup", "200"),
    "get-points-balance.200.json": ("getPointsBalanceByLookup", "200"),
    "get-promisedPointsSchedule.200.json": ("getPromisedPointsScheduleByLookup", "200"),
    "get-promisedPointsSchedule.200.capdocs.trigger-based.json": (
        "getPromisedPointsScheduleByLookup",
        "200",
    ),
    "get-pointsExpirySchedule.200.json": ("getPointsExpiryScheduleByLookup", "200"),
    "get-pointsExpirySchedule.200.allPrograms-true.earliest-false.json": (
        "getPointsExpiryScheduleByLookup",
        "200",
    ),
    "get-transactions.200.bill-cf-ef.json": ("getTransactionsByLookup", "200"),
}
# promotionData is outside the contract, but its bodies are the only documented error bodies.
ERROR_SAMPLES = ("get-promotionData.error-8015.json", "get-promotionData.error-8003.json")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in DOC["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


OPERATIONS = {op["operationId"]: (path, method, op) for path, method, op in _operations()}


def _local(ref: str) -> tuple[str, Any]:
    """A local `#/...` reference → its JSON pointer and the object it names."""
    assert ref.startswith("#/"), ref
    node: Any = DOC
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return ref[1:], node


def _validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"{BASE_URI}#{pointer}"}, registry=REGISTRY)


def _response(op_id: str, status: str) -> tuple[str, dict[str, Any]]:
    path, method, op = OPERATIONS[op_id]
    response = op["responses"][status]
    if "$ref" in response:
        return _local(response["$ref"])
    return f"/paths/{_escape(path)}/{method}/responses/{status}", response


def _schema_pointer(op_id: str, status: str) -> str:
    if status == "request":
        path, method, _ = OPERATIONS[op_id]
        return f"/paths/{_escape(path)}/{method}/requestBody/content/application~1json/schema"
    pointer, _ = _response(op_id, status)
    return f"{pointer}/content/application~1json/schema"


def _errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def _load(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def test_sample_table_names_every_json_sample() -> None:
    on_disk = {p.name for p in SAMPLES.glob("*.json")}
    assert on_disk == set(SAMPLE_TABLE) | set(ERROR_SAMPLES)


@pytest.mark.parametrize(("name", "target"), sorted(SAMPLE_TABLE.items()), ids=sorted(SAMPLE_TABLE))
def test_documented_body_validates(name: str, target: tuple[str, str]) -> None:
    op_id, status = target
    assert _errors(_validator(_schema_pointer(op_id, status)), _load(name)) == []


@pytest.mark.parametrize("name", ERROR_SAMPLES)
def test_documented_error_body_validates_as_error_envelope(name: str) -> None:
    assert _errors(_validator("/components/schemas/ErrorEnvelope"), _load(name)) == []


def test_schemas_reject_bodies_that_break_them() -> None:
    """The resolution above is not vacuous: the resolved schemas do constrain bodies."""
    assert _errors(_validator(_schema_pointer("getCustomerByLookup", "200")), {"warnings": []})
    assert _errors(_validator(_schema_pointer("getCustomerByLookup", "200")), {"entity": 306})
    assert _errors(_validator("/components/schemas/ErrorEnvelope"), {"errors": []})
    assert _errors(
        _validator(_schema_pointer("updateCustomerStatusByLookup", "request")), {"label": "Active"}
    )
    failed = {
        "entity": 306,
        "warnings": [],
        "errors": [{"status": False, "code": 500, "message": "x"}],
    }
    assert _errors(_validator(_schema_pointer("getCustomerByLookup", "200")), failed)


def _examples(media: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    for name, example in media.get("examples", {}).items():
        if "$ref" in example:
            _, example = _local(example["$ref"])
        yield name, example["value"]


def _example_targets() -> Iterator[tuple[str, str]]:
    for op_id, (_, _, op) in OPERATIONS.items():
        yield from ((op_id, status) for status in op["responses"])
        if "application/json" in op.get("requestBody", {}).get("content", {}):
            yield op_id, "request"


TARGETS = sorted(_example_targets())


def _media(op_id: str, status: str) -> dict[str, Any]:
    if status == "request":
        return OPERATIONS[op_id][2]["requestBody"]["content"]["application/json"]
    return _response(op_id, status)[1]["content"]["application/json"]


@pytest.mark.parametrize(("op_id", "status"), TARGETS, ids=[f"{o}-{s}" for o, s in TARGETS])
def test_every_example_validates_against_its_schema(op_id: str, status: str) -> None:
    examples = list(_examples(_media(op_id, status)))
    assert examples, f"{op_id} {status} has no example"
    validator = _validator(_schema_pointer(op_id, status))
    assert {name: _errors(validator, value) for name, value in examples} == {
        name: [] for name, _ in examples
    }


def test_every_response_of_every_operation_is_json_with_an_example() -> None:
    missing = []
    for op_id, (_, _, op) in OPERATIONS.items():
        for status in op["responses"]:
            content = _response(op_id, status)[1].get("content", {})
            media = content.get("application/json", {})
            if list(content) != ["application/json"] or not list(_examples(media)):
                missing.append((op_id, status))
    assert missing == []


def _catalog_codes(op_id: str) -> list[int]:
    return sorted(entry["code"] for entry in CATALOG if op_id in entry.get("operations", []))


def test_x_codes_are_the_catalog_codes_of_the_operation() -> None:
    assert {op_id: op["x-codes"] for op_id, (_, _, op) in OPERATIONS.items()} == {
        op_id: _catalog_codes(op_id) for op_id in OPERATIONS
    }


def test_every_catalog_operation_is_in_the_document() -> None:
    named = {op_id for entry in CATALOG for op_id in entry.get("operations", [])}
    assert named == set(OPERATIONS)


RESOURCE_STATUSES = {400, 401, 403, 500}  # codes 400, 401, 1044, 500 (scope: resource)


def _expected_statuses(op: dict[str, Any]) -> set[int]:
    statuses = {200} | RESOURCE_STATUSES
    statuses |= {CODES[c]["http_status"] for c in op["x-codes"] if CODES[c]["kind"] == "error"}
    # codes 413 and 415 (scope: resource) apply to every operation with a body
    if "requestBody" in op:
        statuses |= {413, 415}
    return statuses


def test_documented_statuses_are_those_of_the_operation_codes() -> None:
    documented = {
        op_id: {int(s) for s in op["responses"]} for op_id, (_, _, op) in OPERATIONS.items()
    }
    expected = {op_id: _expected_statuses(op) for op_id, (_, _, op) in OPERATIONS.items()}
    assert documented == expected


def _matches_catalog(code: int, message: str) -> bool:
    for template in CODES[code]["messages"]:
        pieces = re.split(r"\{[a-z]\}", template)
        if re.fullmatch(".+".join(re.escape(p) for p in pieces), message):
            return True
    return False


def test_error_examples_carry_codes_of_their_operation_status_and_catalog_message() -> None:
    wrong = []
    for op_id, (_, _, op) in OPERATIONS.items():
        for status in op["responses"]:
            if status == "200":
                continue
            media = _response(op_id, status)[1]["content"]["application/json"]
            for name, value in _examples(media):
                first = value["errors"][0]
                entry = CODES[first["code"]]
                emitted = op_id in entry.get("operations", []) or entry.get("scope") == "resource"
                if not (emitted and entry["http_status"] == int(status)):
                    wrong.append((op_id, status, name, "code"))
                for error in value["errors"]:
                    if not _matches_catalog(error["code"], error["message"]):
                        wrong.append((op_id, status, name, error["message"]))
    assert wrong == []


def test_success_examples_use_the_documented_sample_where_one_exists() -> None:
    missing = []
    for name, (op_id, status) in SAMPLE_TABLE.items():
        values = [value for _, value in _examples(_media(op_id, status))]
        if _load(name) not in values:
            missing.append(name)
    assert missing == []


def test_success_example_warnings_are_catalog_warnings_of_the_operation() -> None:
    wrong = []
    for op_id in OPERATIONS:
        for name, value in _examples(_media(op_id, "200")):
            for warning in value["warnings"]:
                entry = CODES[warning["code"]]
                if entry["kind"] != "warning" or op_id not in entry.get("operations", []):
                    wrong.append((op_id, name, warning["code"]))
                elif not _matches_catalog(warning["code"], warning["message"]):
                    wrong.append((op_id, name, warning["message"]))
    assert wrong == []
