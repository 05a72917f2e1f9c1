"""A small hand-made contract on disk, for command-line tests that must stay fast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "tiny", "version": "1.0.0"},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "security": [{"basicAuth": []}],
    "paths": {
        "/v2/customers/lookup/coupons": {
            "get": {
                "operationId": "getCouponsByLookup",
                "x-profile": "engagement",
                "x-codes": [8015],
                "parameters": [
                    {"name": "source", "in": "query", "required": True,
                     "schema": {"type": "string", "enum": ["INSTORE", "ALL"]}},
                    {"name": "accountId", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "Coupons.",
                        "content": {"application/json": {"schema": {
                            "type": "object", "required": ["data"],
                            "properties": {"data": {"type": "array", "items": {"type": "object"}}},
                        }}},
                    },
                    "404": {"description": "Not found."},
                },
            }
        }
    },
    "components": {"securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}}},
}  # fmt: skip

CODES: dict[str, Any] = {
    "catalog_version": "1.0.0",
    "codes": [
        {"code": 8015, "kind": "error",
         "messages": ["No customer found with the given identifier."], "http_status": 404,
         "operations": ["getCouponsByLookup"], "origin": "seed",
         "triggerable": True},
        {"code": 91001, "kind": "warning", "messages": ["Failed to get point details."],
         "http_status": 200, "operations": ["getCouponsByLookup"], "origin": "seed",
         "triggerable": True},
    ],
}  # fmt: skip

REQUIREMENTS: dict[str, Any] = {
    "requirements_version": "1.0.0",
    "profiles": {"core": {"description": "Core lookup.", "mandatory": True},
                 "engagement": {"description": "Coupons by lookup."}},
    "requirements": [
        {"id": "LKP-CPN-001", "level": "SHOULD", "title": "Coupons come in order",
         "text": "Coupons SHOULD be listed newest first.", "operations": ["getCouponsByLookup"],
         "profile": "engagement"},
    ],
}  # fmt: skip

FILES = {"openapi.yaml": OPENAPI, "codes.yaml": CODES, "requirements.yaml": REQUIREMENTS}


def write_spec(root: Path, change: Callable[[dict[str, Any]], Any] | None = None) -> Path:
    """Write the tiny contract into `root`; `change` edits {file name: document} first."""
    docs = yaml.safe_load(yaml.safe_dump(FILES))  # a deep copy
    if change:
        change(docs)
    root.mkdir(parents=True, exist_ok=True)
    for name, doc in docs.items():
        (root / name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return root


def status_to_400(docs: dict[str, Any]) -> None:
    """A breaking catalog change: 8015 travels with another HTTP status."""
    docs["codes.yaml"]["codes"][0]["http_status"] = 400


def new_source(docs: dict[str, Any]) -> None:
    """An info change: the source parameter accepts one more value."""
    op = docs["openapi.yaml"]["paths"]["/v2/customers/lookup/coupons"]["get"]
    op["parameters"][0]["schema"]["enum"].append("WEBSITE")


def level_lowered(docs: dict[str, Any]) -> None:
    """A warning: the requirement became a MAY."""
    docs["requirements.yaml"]["requirements"][0]["level"] = "MAY"
