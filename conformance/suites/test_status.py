"""updateCustomerStatusByLookup: the result, body validation and the visible status."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail
from conformance.suites.requests import customer_params

STATUS = LOOKUP + "/status"
VALID = {"reason": "lookup-conformance", "label": "Active", "createdOn": "2024-09-16T12:10:45Z"}


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def put_status(lookup: LookupSession, customer: Customer, body: dict[str, Any]) -> Exchange:
    params = customer_params(lookup, customer)
    return lookup.client.request("PUT", STATUS, params=params, json_body=body)


@pytest.mark.requirement("LKP-STS-001")
def test_status_update_envelope(lookup: LookupSession, customer: Customer) -> None:
    body = expect_success(put_status(lookup, customer, VALID))
    expect_equal("createdId", customer.customer_id, body.get("createdId"), "/createdId")


INVALID: list[tuple[str, dict[str, Any]]] = [
    ("reason missing", {"label": "Active"}),
    ("reason null", {"reason": None, "label": "Active"}),
    ("reason blank", {"reason": "   ", "label": "Active"}),
    ("label missing", {"reason": "lookup-conformance"}),
    ("label null", {"reason": "lookup-conformance", "label": None}),
    ("label empty", {"reason": "lookup-conformance", "label": ""}),
    ("createdOn not a date-time", VALID | {"createdOn": "yesterday"}),
    ("createdOn a number", VALID | {"createdOn": 1631794245}),
]


@pytest.mark.requirement("LKP-STS-002")
@pytest.mark.parametrize(("case", "body"), INVALID, ids=[c for c, _ in INVALID])
def test_status_body_is_validated(
    lookup: LookupSession, customer: Customer, case: str, body: dict[str, Any]
) -> None:
    expect_error(lookup, put_status(lookup, customer, body), 400, why=case)


@pytest.mark.requirement("LKP-STS-003")
def test_new_status_is_visible(lookup: LookupSession) -> None:
    customer = register(lookup)
    label = "Inactive"
    expect_success(put_status(lookup, customer, {"reason": "lookup-conformance", "label": label}))
    params = [*customer_params(lookup, customer), ("embed", "customerStatus")]
    details = expect_success(
        lookup.client.request("GET", LOOKUP + "/customerDetails", params=params)
    )
    status = details.get("customerStatus")
    shown = status.get("label") if isinstance(status, dict) else status
    if shown != label:
        fail(
            "Status not visible", f"customerStatus.label {label!r}", repr(status), "/customerStatus"
        )
