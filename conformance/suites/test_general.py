"""Request media types, body parsing and size, query parameters, and the success status."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from conformance.checks.bodies import coded_items, json_object
from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import Customer, register
from conformance.suites.expect import expect_error, expect_success, expect_warning, fail
from conformance.suites.expect import received_outcome as outcome
from conformance.suites.requests import (
    OperationRequest,
    contract_paths,
    customer_params,
    minimal_request,
    operation_params,
)

JSON_WRITES = [p for p in operation_params("write") if p.id != "setImageByLookup"]
READS = operation_params("read")
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def json_request(lookup: LookupSession, operation_id: str, customer: Customer) -> OperationRequest:
    """A valid request of a JSON-body operation; inviteReferralsByLookup needs a real campaign."""
    if operation_id == "inviteReferralsByLookup" and not lookup.fixture_customer("referral"):
        pytest.skip("fixtures file has no referral customer (its campaignToken is needed)")
    if operation_id == "registerCustomer":
        ids = [{"type": k, "value": v} for k, v in lookup.unique_identifiers().items()]
        body = {"profiles": [{"source": "INSTORE", "firstName": "Conformance", "identifiers": ids}]}
        return OperationRequest(operation_id, "POST", "/v2/customers", (), body)
    return minimal_request(lookup, operation_id, customer_params(lookup, customer))


WITH_REGISTER = [pytest.param("registerCustomer", id="registerCustomer"), *JSON_WRITES]
ALL_WRITES = [pytest.param("registerCustomer", id="registerCustomer"), *operation_params("write")]
MARKS = {p.id: p.marks for p in operation_params()}


def _op(operation_id: str, *values: object) -> Any:
    """A parameter set of one operation, not applicable when its profile is undeclared."""
    return pytest.param(operation_id, *values, marks=MARKS.get(operation_id, ()))


@pytest.mark.requirement("LKP-GEN-002")
@pytest.mark.parametrize("operation_id", WITH_REGISTER)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/xml"])
def test_json_body_needs_application_json(
    lookup: LookupSession, customer: Customer, operation_id: str, content_type: str | None
) -> None:
    req = json_request(lookup, operation_id, customer)
    headers = {"Content-Type": content_type} if content_type else {}
    ex = req.send(lookup.client, headers=headers, content=json.dumps(req.json_body).encode())
    expect_error(lookup, ex, 415, why=f"Content-Type {content_type or '(none)'}")


@pytest.mark.requirement("LKP-GEN-002")
@pytest.mark.parametrize("operation_id", WITH_REGISTER)
def test_media_type_parameters_are_accepted(
    lookup: LookupSession, customer: Customer, operation_id: str
) -> None:
    req = json_request(lookup, operation_id, customer)
    headers = {"Content-Type": "application/json; charset=utf-8"}
    ex = req.send(lookup.client, headers=headers, content=json.dumps(req.json_body).encode())
    expect_success(ex, why="Content-Type application/json; charset=utf-8 is application/json")


@pytest.mark.requirement("LKP-GEN-003")
@pytest.mark.parametrize("content_type", [None, "application/json", "image/png"])
def test_set_image_needs_multipart(
    lookup: LookupSession, customer: Customer, content_type: str | None
) -> None:
    req = minimal_request(lookup, "setImageByLookup", customer_params(lookup, customer))
    headers = {"Content-Type": content_type} if content_type else {}
    body = b'{"FILE": "not an image upload"}' if content_type != "image/png" else b"\x89PNG"
    ex = req.send(lookup.client, headers=headers, content=body)
    expect_error(lookup, ex, 415, why=f"Content-Type {content_type or '(none)'}")


@pytest.mark.requirement("LKP-GEN-004")
@pytest.mark.parametrize("operation_id", READS)
def test_get_ignores_content_type(
    lookup: LookupSession, customer: Customer, operation_id: str
) -> None:
    req = minimal_request(lookup, operation_id, customer_params(lookup, customer))
    plain = outcome(req.send(lookup.client))
    ex = req.send(lookup.client, headers={"Content-Type": "text/plain"})
    if outcome(ex) != plain:
        fail(
            "Content-Type changed a GET's answer",
            plain,
            outcome(ex) + " with Content-Type",
            exchange=ex,
        )


NOT_OBJECTS = [b"{", b'{"profiles": [}', b"[]", b'"text"', b"42", b"true", b"null"]


@pytest.mark.requirement("LKP-GEN-005")
@pytest.mark.parametrize("operation_id", WITH_REGISTER)
@pytest.mark.parametrize("body", NOT_OBJECTS, ids=lambda b: b.decode())
def test_body_must_be_a_json_object(
    lookup: LookupSession, customer: Customer, operation_id: str, body: bytes
) -> None:
    req = json_request(lookup, operation_id, customer)
    ex = req.send(lookup.client, headers={"Content-Type": "application/json"}, content=body)
    expect_error(lookup, ex, 400, why=f"body {body.decode()}")


WRONG_TYPES = [
    _op("registerCustomer", {"profiles": "not-an-array"}),
    _op("registerCustomer", {"profiles": [{"source": "INSTORE", "firstName": 42}]}),
    _op("updateCustomerByLookup", {"profiles": [{"firstName": 42}]}),
    _op("updateCustomerByLookup", {"extendedFields": ["city"]}),
    _op("updateCustomerStatusByLookup", {"reason": 42, "label": "Active"}),
    _op("updateSubscriptionsByLookup", {"scope": {"scope": "USER"}, "subscriptions": "SMS"}),
    _op("updateNotesByLookup", {"notes": {"key": "k", "value": "v"}}),
    _op("updateNotesByLookup", {"notes": [{"key": 42, "value": "v"}]}),
    _op("updatePreferencesByLookup", {"preferences": "language=en"}),
    _op("updatePreferencesByLookup", {"preferences": [{"name": "language", "value": 42}]}),
    _op("addTicketByLookup", {"subject": 42}),
    _op("requestCustomerIdChangeByLookup", {"identifierName": "email", "newValue": 42}),
    _op("inviteReferralsByLookup", {"invitees": "friend@example.com"}),
]


@pytest.mark.requirement("LKP-GEN-006")
@pytest.mark.parametrize(("operation_id", "body"), WRONG_TYPES, ids=lambda v: str(v)[:40])
def test_wrongly_typed_members_are_invalid(
    lookup: LookupSession, customer: Customer, operation_id: str, body: dict[str, Any]
) -> None:
    req = replace(json_request(lookup, operation_id, customer), json_body=body)
    expect_error(lookup, req.send(lookup.client), 400, why=f"body {json.dumps(body)}")


@pytest.mark.requirement("LKP-GEN-007")
@pytest.mark.parametrize("operation_id", WITH_REGISTER)
def test_json_body_over_one_mib_is_413(
    lookup: LookupSession, customer: Customer, operation_id: str
) -> None:
    req = json_request(lookup, operation_id, customer)
    body = dict(req.json_body or {}) | {"padding": "x" * (MIB + 16)}
    ex = req.send(lookup.client, headers={"Content-Type": "application/json"}, content=_dumps(body))
    expect_error(lookup, ex, 413, why=f"a {len(_dumps(body))}-byte body")


def _dumps(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


@pytest.mark.requirement("LKP-GEN-011")
@pytest.mark.parametrize("operation_id", READS)
def test_unknown_query_parameters_are_ignored_on_reads(
    lookup: LookupSession, customer: Customer, operation_id: str
) -> None:
    req = minimal_request(lookup, operation_id, customer_params(lookup, customer))
    plain = req.send(lookup.client)
    extra = req.with_params(conformanceUnknown="1", foo="bar").send(lookup.client)
    if outcome(extra) != outcome(plain) or json_object(extra) != json_object(plain):
        fail("Unknown query parameter changed the answer", outcome(plain), outcome(extra))


@pytest.mark.requirement("LKP-GEN-011")
@pytest.mark.parametrize("operation_id", ALL_WRITES)
def test_unknown_query_parameters_are_ignored_on_writes(
    lookup: LookupSession, customer: Customer, operation_id: str
) -> None:
    req = json_request(lookup, operation_id, customer).with_params(conformanceUnknown="1")
    expect_success(req.send(lookup.client), why="conformanceUnknown=1 must be ignored")


BAD_TYPES = [
    _op("updateCustomerByLookup", "use_async", "yes"),
    _op("updateCustomerStatusByLookup", "use_async", "TRUE"),
    _op("getCustomerDetailsByLookup", "includedFraudDetails", "1"),
    _op("getCustomerDetailsByLookup", "gapToUpgrade", "True"),
    _op("getCustomerDetailsByLookup", "userGroup2Id", "abc"),
    _op("getLoyaltyDetailsByLookup", "fleetGroupId", "1.5"),
    _op("getPointsBalanceByLookup", "fetchDataForAllPrograms", "yes"),
    _op("getPointsExpiryScheduleByLookup", "fetchEarliestExpiryOnly", "no"),
    _op("getTransactionsByLookup", "localCurrency", "0"),
    _op("getTransactionsByLookup", "limit", "ten"),
]


@pytest.mark.requirement("LKP-GEN-012")
@pytest.mark.parametrize(("operation_id", "name", "value"), BAD_TYPES)
def test_query_parameter_types_are_enforced(
    lookup: LookupSession, customer: Customer, operation_id: str, name: str, value: str
) -> None:
    req = minimal_request(lookup, operation_id, customer_params(lookup, customer))
    ex = req.with_params(**{name: value}).send(lookup.client)
    expect_error(lookup, ex, 400, why=f"{name}={value}")


@pytest.fixture(scope="module")
def successes(lookup: LookupSession) -> list[Exchange]:
    """A registration and two reads of the customer it created (sent once for both tests)."""
    created = register(lookup)
    exchanges = [lookup.last_exchange]  # the registration, HTTP 200 as register() checked
    params = customer_params(lookup, created)
    for path in ("/v2/customers/lookup", "/v2/customers/lookup/customerDetails"):
        exchanges.append(lookup.client.request("GET", path, params=params))
    return [ex for ex in exchanges if ex is not None]


@pytest.mark.requirement("LKP-GEN-013")
def test_success_is_200(successes: list[Exchange]) -> None:
    for ex in successes:
        expect_success(ex, why="success is HTTP 200, creation included")


@pytest.mark.requirement("LKP-GEN-017")
def test_success_carries_no_success_code(lookup: LookupSession, successes: list[Exchange]) -> None:
    success = {c.code for c in lookup.bundle.codes.values() if c.kind == "success"}
    for ex in successes:
        body = expect_success(ex, why="success is HTTP 200", owner="LKP-GEN-013")
        items = coded_items(ex, "warnings") + coded_items(ex, "errors")
        sent = [item["code"] for _, _, item in items if item["code"] in success]
        if body.get("code") in success:
            sent.append(body["code"])
        if sent:
            fail(
                "Success code sent",
                f"none of the codes {sorted(success)}",
                f"code(s) {sent}",
                exchange=ex,
            )


@pytest.mark.requirement("LKP-GEN-013")
@pytest.mark.profile("profile-writes")
def test_success_with_warnings_is_200(lookup: LookupSession, customer: Customer) -> None:
    body = {"extendedFields": {"conformanceUnknownField": "x"}}
    ex = lookup.client.request(
        "PUT", "/v2/customers/lookup", params=customer_params(lookup, customer), json_body=body
    )
    expect_success(ex, why="an update applied with a warning is a success")
    expect_warning(ex, 91015)


def _path_marks(methods: dict[str, str | None]) -> list[Any]:
    """The path exists when its GET (else its only operation) does: that operation's profile."""
    profile = methods.get("GET", next(iter(methods.values())))
    return [pytest.mark.profile(profile)] if profile else []


UNDEFINED = [
    pytest.param(path, method, marks=_path_marks(methods), id=f"{method} {path}")
    for path, methods in sorted(contract_paths().items())
    for method in ("PATCH", "DELETE", "PUT", "POST")
    if method not in methods
]


@pytest.mark.requirement("LKP-GEN-019")
@pytest.mark.parametrize(("path", "method"), UNDEFINED)
def test_undefined_method_is_405(
    lookup: LookupSession, customer: Customer, path: str, method: str
) -> None:
    params = customer_params(lookup, customer) if path.startswith("/v2/customers/lookup") else []
    ex = lookup.client.request(method, path, params=params, json_body={"notes": []})
    expect_error(lookup, ex, 405, why=f"{method} is not defined for {path}")


@pytest.mark.requirement("LKP-GEN-019")
@pytest.mark.parametrize("method", ["PATCH", "TRACE"])
def test_undefined_method_changes_nothing(lookup: LookupSession, method: str) -> None:
    created = register(lookup)
    params = customer_params(lookup, created)
    body = {"profiles": [{"firstName": "Patched"}]}
    ex = lookup.client.request(method, "/v2/customers/lookup", params=params, json_body=body)
    expect_error(lookup, ex, 405, why=f"{method} /v2/customers/lookup")
    details = lookup.client.request("GET", "/v2/customers/lookup/customerDetails", params=params)
    names = [p.get("firstName") for p in expect_success(details).get("profiles") or []]
    if "Patched" in names:
        fail(
            f"{method} changed the customer",
            "firstName unchanged",
            f"firstName {names}",
            exchange=ex,
        )
