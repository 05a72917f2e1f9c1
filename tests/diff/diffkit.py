"""Build before/after contracts from the project's spec/ for diff rule tests, in memory."""

from __future__ import annotations

import copy
import functools
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conformance.diff.engine import diff_bundles
from conformance.diff.model import Finding
from conformance.diff.walk import deref, view
from conformance.spec.loader import SpecBundle, build_bundle

SPEC_DIR = Path(__file__).resolve().parents[2] / "spec"


@dataclass
class Docs:
    """The three documents of a contract, parsed, for a mutation to edit in place."""

    openapi: dict[str, Any]
    codes: dict[str, Any]
    requirements: dict[str, Any]


Mutation = Callable[[Docs], Any]


def _read(name: str) -> dict[str, Any]:
    text = (SPEC_DIR / name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # type: ignore[no-any-return]


@functools.cache
def _frozen() -> bytes:
    return pickle.dumps(
        Docs(_read("openapi.yaml"), _read("codes.yaml"), _read("requirements.yaml")),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


def base() -> Docs:
    """A fresh copy of the project's contract (unpickling is far quicker than deepcopy)."""
    return pickle.loads(_frozen())  # type: ignore[no-any-return]


def bundle(docs: Docs) -> SpecBundle:
    return build_bundle(Path("/nonexistent"), docs.openapi, docs.codes, docs.requirements)


def run_diff(setup: Mutation | None, change: Mutation) -> list[Finding]:
    """Diff `setup(base)` against `change(setup(base))`."""
    old = base()
    if setup:
        setup(old)
    new = pickle.loads(pickle.dumps(old, protocol=pickle.HIGHEST_PROTOCOL))
    change(new)
    return diff_bundles(bundle(old), bundle(new))


def op(d: Docs, op_id: str) -> dict[str, Any]:
    for item in d.openapi["paths"].values():
        for found in item.values():
            if isinstance(found, dict) and found.get("operationId") == op_id:
                return found
    raise KeyError(op_id)


def param(d: Docs, op_id: str, name: str) -> dict[str, Any]:
    """The operation's own inlined copy of parameter `name` (its schema inlined too)."""
    params = op(d, op_id)["parameters"]
    for i, raw in enumerate(params):
        resolved = copy.deepcopy(deref(d.openapi, raw)[0])
        if resolved.get("name") == name:
            resolved["schema"] = copy.deepcopy(view(d.openapi, resolved.get("schema"))[0])
            params[i] = resolved
            return resolved
    raise KeyError(name)


def body(d: Docs, op_id: str) -> dict[str, Any]:
    """The operation's request body object, inlined, with its JSON schema inlined."""
    o = op(d, op_id)
    o["requestBody"] = copy.deepcopy(deref(d.openapi, o["requestBody"])[0])
    media = o["requestBody"]["content"]["application/json"]
    media["schema"] = copy.deepcopy(view(d.openapi, media["schema"])[0])
    return o["requestBody"]  # type: ignore[no-any-return]


def body_schema(d: Docs, op_id: str) -> dict[str, Any]:
    return body(d, op_id)["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def response(d: Docs, op_id: str, status: str) -> dict[str, Any]:
    o = op(d, op_id)
    o["responses"][status] = copy.deepcopy(deref(d.openapi, o["responses"][status])[0])
    return o["responses"][status]  # type: ignore[no-any-return]


def response_schema(d: Docs, op_id: str, status: str = "200") -> dict[str, Any]:
    """The JSON schema of one response, inlined with `allOf` merged, for this operation only."""
    media = response(d, op_id, status)["content"]["application/json"]
    media["schema"] = copy.deepcopy(view(d.openapi, media["schema"])[0])
    return media["schema"]  # type: ignore[no-any-return]


def code(d: Docs, number: int) -> dict[str, Any]:
    return next(c for c in d.codes["codes"] if c["code"] == number)


DIFF_REQ = "LKP-DIFF-001"


def add_requirement(d: Docs) -> None:
    """A requirement of the test's own, so the cases do not depend on the spec's numbering."""
    d.requirements["requirements"].append(
        {
            "id": DIFF_REQ,
            "level": "SHOULD",
            "title": "Coupons list is stable",
            "text": "Two reads of the coupons of one customer SHOULD list them in the same order.",
            "operations": ["getCouponsByLookup"],
            "codes": [],
            "profile": "engagement",
        }
    )


def requirement(d: Docs, rid: str = DIFF_REQ) -> dict[str, Any]:
    return next(r for r in d.requirements["requirements"] if r["id"] == rid)
