"""A minimal valid request for any lookup operation, shared by every suite that calls one."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar

import pytest
import yaml

from conformance.client import RecordingClient
from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.spec.loader import Operation, build_bundle, default_spec_dir
from conformance.suites.customers import Customer, lookup_params
from conformance.target import Credentials

LOOKUP_PATH = "/v2/customers/lookup"
DEFAULT_CAMPAIGN_TOKEN = "conformance-campaign"
Files = Mapping[str, tuple[str, bytes, str]]


def _png() -> bytes:
    """A valid 1x1 PNG of a little over 100 bytes (smaller images are refused with 8083)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    text = b"Comment\0lookup-conformance test image, padded past one hundred bytes."
    pixels = zlib.compress(b"\0\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", text)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


PNG = _png()


@dataclass(frozen=True)
class OperationRequest:
    """One request of one operation: query parameters plus its minimal valid body."""

    operation_id: str
    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    json_body: dict[str, Any] | None = None
    files: Files | None = None

    def with_params(self, **changes: str | None) -> OperationRequest:
        """Replace (or with None remove) query parameters, keeping the others in order."""
        kept = [(k, v) for k, v in self.params if k not in changes]
        added = [(k, v) for k, v in changes.items() if v is not None]
        return replace(self, params=tuple(kept + added))

    def send(
        self,
        client: RecordingClient,
        *,
        credentials: Credentials | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> Exchange:
        """Send it; `content` (with `headers`) replaces the body as raw bytes."""
        return client.request(
            self.method,
            self.path,
            params=list(self.params),
            json_body=self.json_body if content is None else None,
            content=content,
            files=self.files if content is None else None,
            headers=headers,
            credentials=credentials,
        )


def campaign_token(lookup: LookupSession) -> str:
    """The referral campaign of the fixtures, or a token no campaign has."""
    referral = lookup.fixture_customer("referral") or {}
    return str(referral.get("campaignToken") or DEFAULT_CAMPAIGN_TOKEN)


def minimal_body(lookup: LookupSession, operation_id: str) -> dict[str, Any] | None:
    """A small valid body; values that must be new each time carry a run-unique serial."""
    n = lookup.serial()
    tag = f"{lookup.run_tag}-{n}"
    bodies: dict[str, dict[str, Any]] = {
        "updateCustomerByLookup": {"profiles": [{"firstName": "Conformance"}]},
        "updateCustomerStatusByLookup": {"reason": "lookup-conformance", "label": "Active"},
        "updateSubscriptionsByLookup": {
            "scope": {"scope": "USER", "subScope": "NONE"},
            "subscriptions": [{"channel": "MOBILE_PUSH", "priority": "BULK", "type": "OPTIN"}],
        },
        "updateNotesByLookup": {"notes": [{"key": f"conformance-{tag}", "value": "note"}]},
        "updatePreferencesByLookup": {"preferences": [{"name": "language", "value": "en"}]},
        "addTicketByLookup": {"subject": f"Conformance ticket {tag}", "priority": "LOW"},
        "requestCustomerIdChangeByLookup": {
            "identifierName": "email",
            "newValue": f"lkp.change.{tag}@conformance.example.com",
        },
        "inviteReferralsByLookup": {
            "invitees": [{"type": "EMAIL", "identifier": f"lkp.invitee.{tag}@example.com"}]
        },
    }
    return bodies.get(operation_id)


def minimal_request(
    lookup: LookupSession, operation_id: str, lookup_params: list[tuple[str, str]]
) -> OperationRequest:
    """The operation called with `lookup_params` (source, identifierName, …) and a valid body."""
    op = operation(lookup, operation_id)
    params = list(lookup_params)
    if operation_id in ("getReferralsByLookup", "inviteReferralsByLookup"):
        params.append(("campaignToken", campaign_token(lookup)))
    files: Files | None = None
    if operation_id == "setImageByLookup":
        files = {"FILE": ("conformance.png", PNG, "image/png")}
    return OperationRequest(
        operation_id, op.method, op.path, tuple(params), minimal_body(lookup, operation_id), files
    )


def is_lookup(op: Operation) -> bool:
    return op.path.startswith(LOOKUP_PATH)


def is_write(op: Operation) -> bool:
    return op.method != "GET"


@lru_cache(maxsize=1)
def _contract_operations() -> tuple[Operation, ...]:
    # Collection happens before the session's bundle exists; the bundled contract names the
    # operations, and a test whose operation is missing from a --lookup-spec contract skips.
    # Only openapi.yaml is read, with libyaml when present: collection stays well under 1 s.
    root = default_spec_dir()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    openapi = yaml.load((root / "openapi.yaml").read_text(encoding="utf-8"), Loader=loader)
    return tuple(build_bundle(root, openapi, {}, {}).operations.values())


def operation_params(kind: str = "all", *, exclude: tuple[str, ...] = ()) -> list[Any]:
    """pytest params of the lookup operations (`all`, `read` or `write`), each marked with the
    operation's profile so an undeclared profile makes the case not applicable."""
    chosen = []
    for op in _contract_operations():
        if not is_lookup(op) or op.operation_id in exclude:
            continue
        if kind == "all" or (kind == "write") == is_write(op):
            marks = [pytest.mark.profile(op.profile)] if op.profile else []
            chosen.append(pytest.param(op.operation_id, marks=marks, id=op.operation_id))
    return chosen


# LKP-DUAL-009: pointsExpirySchedule refuses every identifier list (8013), though the other
# dual-eligibility requirements name it.
NO_LISTS = "getPointsExpiryScheduleByLookup"


def list_operation_params() -> list[Any]:
    """`operation_params()` of the lookup operations that take identifier lists."""
    return operation_params(exclude=(NO_LISTS,))


def operation(lookup: LookupSession, operation_id: str) -> Operation:
    """The session contract's operation, or a skip when that contract lacks it."""
    op = lookup.bundle.operations.get(operation_id)
    if op is None:
        pytest.skip(f"the contract in use has no operation {operation_id}")
    assert op is not None
    return op


# --- Codes the suites provoke, and the customers they act on -------------------------------

TestFunction = TypeVar("TestFunction", bound=Callable[..., Any])
# Catalog code -> tests that provoke it and assert it (expect_error / expect_warning) through a
# variable, such as a parameter; test_codes.py also reads the codes the suites write literally.
PROVOKED: dict[int, set[str]] = {}


def provokes(*codes: int) -> Callable[[TestFunction], TestFunction]:
    """Record that the decorated test provokes and asserts each of `codes`."""

    def record(test: TestFunction) -> TestFunction:
        for code in codes:
            PROVOKED.setdefault(code, set()).add(f"{test.__module__}::{test.__name__}")
        return test

    return record


def org_primary_identifier(lookup: LookupSession) -> str:
    """The primary org's primary identifier type: the fixtures' `primary_identifier`, else its
    dual-eligibility primary, else mobile (the API's default)."""
    org = lookup.target.org("primary") or {}
    dual = org.get("dual_eligibility") or {}
    return str(org.get("primary_identifier") or dual.get("primary") or "mobile")


def customer_params(
    lookup: LookupSession, customer: Customer, source: str = "INSTORE"
) -> list[tuple[str, str]]:
    """Lookup parameters that find a customer the suite registered, by the org's primary type."""
    name = org_primary_identifier(lookup)
    if name not in customer.identifiers:
        name = "mobile"
    return lookup_params(name, customer.identifiers[name], source)


def fixture_params(lookup: LookupSession, state: str) -> list[tuple[str, str]]:
    """Lookup parameters of the fixtures customer in `state` (read-only); a skip when absent."""
    found = lookup.fixture_customer(state)
    if found is None or found.get("org", "primary") != "primary":
        pytest.skip(f"fixtures file has no {state} customer in the primary org")
    assert found is not None
    name, value = str(found["identifierName"]), str(found["identifierValue"])
    account = found.get("accountId")
    return lookup_params(
        name, value, str(found["source"]), None if account is None else str(account)
    )


def contract_paths() -> dict[str, dict[str, str | None]]:
    """Each path of the bundled contract: its HTTP methods and their profiles (for collection)."""
    paths: dict[str, dict[str, str | None]] = {}
    for op in _contract_operations():
        paths.setdefault(op.path, {})[op.method.upper()] = op.profile
    return paths
