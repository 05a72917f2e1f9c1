"""getTransactionsByLookup and getRetroRequestsByLookup: envelopes, codes and validation."""

from __future__ import annotations

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, lookup_params, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail

TRANSACTIONS = LOOKUP + "/transactions"
RETRO = LOOKUP + "/retroRequest"


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def get(lookup: LookupSession, path: str, customer: Customer, **extra: str) -> Exchange:
    params = lookup_params("mobile", customer.identifiers["mobile"]) + list(extra.items())
    return lookup.client.request("GET", path, params=params)


def expect_empty_page(ex: Exchange) -> None:
    body = expect_success(ex, why="a new customer's history")
    expect_equal("data of a new customer", [], body.get("data"), "/data", exchange=ex)
    pagination = body.get("pagination")
    total = pagination.get("total") if isinstance(pagination, dict) else None
    expect_equal("pagination.total of a new customer", 0, total, "/pagination/total", exchange=ex)
    if not isinstance(body.get("errors", []), list):
        fail(
            "errors is not an array", "errors: []", repr(body.get("errors")), "/errors", exchange=ex
        )


@pytest.mark.requirement("LKP-TXN-001")
def test_transactions_envelope(lookup: LookupSession, customer: Customer) -> None:
    expect_empty_page(get(lookup, TRANSACTIONS, customer))


@pytest.mark.requirement("LKP-TXN-002")
def test_unknown_customer_on_transactions_is_816(lookup: LookupSession) -> None:
    nobody = lookup.unique_identifiers()["mobile"]
    ex = lookup.client.request("GET", TRANSACTIONS, params=lookup_params("mobile", nobody))
    expect_error(lookup, ex, 816)


@pytest.mark.requirement("LKP-TXN-003")
def test_customer_outside_the_source_on_transactions_is_1011(
    lookup: LookupSession, customer: Customer
) -> None:
    params = lookup_params("mobile", customer.identifiers["mobile"], source="ECOMMERCE")
    expect_error(lookup, lookup.client.request("GET", TRANSACTIONS, params=params), 1011)


@pytest.mark.requirement("LKP-TXN-004")
def test_transaction_start_after_end_is_8130(lookup: LookupSession, customer: Customer) -> None:
    ex = get(lookup, TRANSACTIONS, customer, startDate="2025-03-01", endDate="2025-02-01")
    expect_error(lookup, ex, 8130)


INVALID_TRANSACTION_PARAMS = [
    ("startDate", "2025-2-1"),
    ("endDate", "2025-02-30"),
    ("startDate", "01-02-2025"),
    ("transactionType", "BOGUS"),
    ("transactionType", "regular"),
    ("sortOrder", "UP"),
]


@pytest.mark.requirement("LKP-TXN-005")
@pytest.mark.parametrize(("name", "value"), INVALID_TRANSACTION_PARAMS)
def test_transaction_parameters_are_validated(
    lookup: LookupSession, customer: Customer, name: str, value: str
) -> None:
    expect_error(lookup, get(lookup, TRANSACTIONS, customer, **{name: value}), 400)


@pytest.mark.requirement("LKP-TXN-006")
def test_transaction_limit_defaults_to_20(lookup: LookupSession, customer: Customer) -> None:
    pagination = expect_success(get(lookup, TRANSACTIONS, customer)).get("pagination") or {}
    expect_equal("pagination.limit without limit", 20, pagination.get("limit"), "/pagination/limit")
    expect_success(get(lookup, TRANSACTIONS, customer, limit="1000"), why="limit=1000")


@pytest.mark.requirement("LKP-TXN-006")
@pytest.mark.parametrize("limit", ["0", "-1", "1001"])
def test_transaction_limit_bounds(lookup: LookupSession, customer: Customer, limit: str) -> None:
    expect_error(lookup, get(lookup, TRANSACTIONS, customer, limit=limit), 400)


@pytest.mark.requirement("LKP-RETRO-001")
def test_retro_requests_envelope(lookup: LookupSession, customer: Customer) -> None:
    expect_empty_page(get(lookup, RETRO, customer))


INVALID_RETRO_PARAMS = [
    {"startDate": "2025-2-1"},
    {"endDate": "2025/02/01"},
    {"startDate": "2025-03-01", "endDate": "2025-02-01"},
    {"sortOrder": "UP"},
]


@pytest.mark.requirement("LKP-RETRO-002")
@pytest.mark.parametrize("params", INVALID_RETRO_PARAMS, ids=str)
def test_retro_request_parameters_are_validated(
    lookup: LookupSession, customer: Customer, params: dict[str, str]
) -> None:
    expect_error(lookup, get(lookup, RETRO, customer, **params), 400)
