"""getRecommendationsByLookup: the envelope and the customer without history (1051)."""

from __future__ import annotations

import pytest

from conformance.checks.bodies import coded_items
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail
from conformance.suites.requests import customer_params, fixture_params

RECOMMENDATIONS = LOOKUP + "/recommendations"


@pytest.mark.requirement("LKP-REC-001")
def test_recommendations_envelope(lookup: LookupSession) -> None:
    params = fixture_params(lookup, "loyalty")
    ex = lookup.client.request("GET", RECOMMENDATIONS, params=params)
    if [item["code"] for _, _, item in coded_items(ex, "errors")][:1] == [1051]:
        pytest.skip("fixtures' loyalty customer has no transactions or recommendations")
    body = expect_success(ex, why="recommendations of a customer with transactions")
    customer = body.get("customer")
    customer_id = customer.get("id") if isinstance(customer, dict) else None
    expected_id = (lookup.fixture_customer("loyalty") or {}).get("customerId", customer_id)
    expect_equal("customer.id", expected_id, customer_id, "/customer/id", exchange=ex)
    if type(customer_id) is not int:
        fail(
            "customer.id is not an integer",
            "customer.id: the customer's id",
            repr(customer),
            exchange=ex,
        )
    count = body.get("count")
    if type(count) is not int or count < 0:
        fail(
            "count is not a non-negative integer", "count >= 0", repr(count), "/count", exchange=ex
        )


@pytest.mark.requirement("LKP-REC-002")
def test_no_history_is_1051(lookup: LookupSession) -> None:
    params = customer_params(lookup, register(lookup))
    ex = lookup.client.request("GET", RECOMMENDATIONS, params=params)
    expect_error(lookup, ex, 1051, why="a new customer has no transactions")
