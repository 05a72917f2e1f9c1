"""A hand-made mini contract, an exchange factory and a one-check runner for the check tests.

A plain module, not a conftest: tests/ has no packages, so a conftest here would replace the
root `conftest` module that other tests import from (pytest drops it from sys.modules).
The mini contract is built here so that check tests never read spec/.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conformance.checks import CheckContext, CheckResult, all_checks, run_checks
from conformance.model import Exchange, RecordedRequest, RecordedResponse
from conformance.spec.loader import build_bundle

GET = "getCustomerDetailsByLookup"
UPDATE = "updateCustomerByLookup"
SUBSCRIPTIONS = "updateSubscriptionsByLookup"

GET_PATH = "/v2/customers/lookup"
UPDATE_PATH = "/v2/customers/lookup/customerDetails"
SUBSCRIPTIONS_PATH = "/v2/customers/lookup/subscriptions"

_JSON = "application/json"


def _json_response(schema_ref: str) -> dict[str, Any]:
    return {"description": "ok", "content": {_JSON: {"schema": {"$ref": schema_ref}}}}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "mini lookup", "version": "1.0.0"},
    "paths": {
        GET_PATH: {
            "get": {
                "operationId": GET,
                "x-codes": [1000, 8015, 8050],
                "responses": {
                    "200": _json_response("#/components/schemas/CustomerEnvelope"),
                    "400": {"$ref": "#/components/responses/Error"},
                    "404": {"$ref": "#/components/responses/Error"},
                },
            }
        },
        UPDATE_PATH: {
            "put": {
                "operationId": UPDATE,
                "x-codes": [1000, 8015, 1053, 1054],
                "responses": {
                    "200": _json_response("#/components/schemas/WarningsEnvelope"),
                    "4XX": {"$ref": "#/components/responses/Error"},
                },
            }
        },
        SUBSCRIPTIONS_PATH: {
            "post": {
                "operationId": SUBSCRIPTIONS,
                "x-codes": [1048],
                "responses": {
                    # documented without a body schema: the schema check has nothing to judge
                    "200": {"description": "updated"},
                    "default": {"$ref": "#/components/responses/Error"},
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "status": {"const": False},
                    "code": {"type": "integer"},
                    "message": {"type": "string"},
                },
            },
            "ErrorEnvelope": {
                "type": "object",
                "required": ["errors"],
                "properties": {
                    "errors": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": "#/components/schemas/Item"},
                    },
                    "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                },
            },
            "WarningsEnvelope": {
                "type": "object",
                "required": ["warnings"],
                "properties": {
                    "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                },
            },
            "CustomerEnvelope": {
                "type": "object",
                "required": ["customer", "warnings"],
                "properties": {
                    "customer": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": {"type": "integer"}},
                    },
                    "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                },
            },
        },
        "responses": {
            "Error": {
                "description": "error",
                "content": {_JSON: {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
            }
        },
    },
}


def _code(code: int, kind: str, messages: list[str], status: int, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "messages": messages,
        "http_status": status,
        "origin": "seed",
        "triggerable": True,
        **extra,
    }


CODES: dict[str, Any] = {
    "catalog_version": "1.0.0",
    "codes": [
        _code(
            1000,
            "success",
            ["Customer retrieved successfully.", "Customer updated successfully."],
            200,
            operations=[GET, UPDATE],
        ),
        _code(
            8015,
            "error",
            ["Customer not found for the given identifiers."],
            404,
            operations=[GET, UPDATE],
            observed_messages=["Customer not found for the given identifiers"],
        ),
        _code(
            8050,
            "error",
            [
                "The date format used for {x} is not supported. "
                "Enter the the date in (YYYY-MM-DD) format."
            ],
            400,
            operations=[GET],
        ),
        _code(
            1048,
            "error",
            ["Failed to update subscription for {x} channel and priority {y}."],
            201,
            operations=[SUBSCRIPTIONS],
        ),
        _code(
            9000,
            "error",
            ["Invalid request. Is the body valid JSON?"],
            400,
            scope_reason="Any operation may reject a malformed body.",
        ),
        _code(
            1053, "warning", ["Preferred store specified is not found."], 200, operations=[UPDATE]
        ),
        _code(
            1054,
            "warning",
            ["{x} is primary identifier and cannot be updated."],
            200,
            operations=[UPDATE],
        ),
    ],
}

REQUIREMENTS: dict[str, Any] = {"profiles": {"core": {"description": "core"}}, "requirements": []}

# Never created: build_bundle only hashes the spec files it finds under its root.
_NO_SPEC_DIR = Path(__file__).resolve().parent / "mini-spec"

OpenAPIEdit = Callable[[dict[str, Any]], None]


def mini_context(edit_openapi: OpenAPIEdit | None = None) -> CheckContext:
    """A context over a fresh copy of the mini contract, its OpenAPI document edited first."""
    openapi = copy.deepcopy(OPENAPI)
    if edit_openapi is not None:
        edit_openapi(openapi)
    bundle = build_bundle(_NO_SPEC_DIR, openapi, copy.deepcopy(CODES), copy.deepcopy(REQUIREMENTS))
    return CheckContext(bundle)


_PATHS = {
    GET: ("GET", GET_PATH),
    UPDATE: ("PUT", UPDATE_PATH),
    SUBSCRIPTIONS: ("POST", SUBSCRIPTIONS_PATH),
}


def exchange(
    status: int = 200,
    body: Any = None,
    *,
    operation: str | None = GET,
    content_type: str | None = _JSON,
) -> Exchange:
    """A recorded exchange; `body` is raw bytes or data to send as JSON."""
    method, path = _PATHS.get(operation or "", ("GET", "/elsewhere"))
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = (("Content-Type", content_type),) if content_type is not None else ()
    return Exchange(
        RecordedRequest(method, "https://api.example.test" + path, path),
        RecordedResponse(status, headers, raw),
        operation,
    )


def run(name: str, ex: Exchange, ctx: CheckContext | None = None) -> CheckResult:
    """One registered check, through the runner, on the mini contract unless `ctx` is given."""
    (result,) = run_checks(ctx or mini_context(), ex, [all_checks()[name]])
    return result
