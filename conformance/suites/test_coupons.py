"""getCouponsByLookup: the envelope, empty for a customer without coupons."""

from __future__ import annotations

import pytest

from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, register
from conformance.suites.expect import expect_equal, expect_success, fail
from conformance.suites.requests import customer_params, fixture_params

COUPONS = LOOKUP + "/coupons"


@pytest.mark.requirement("LKP-CPN-001")
def test_customer_without_coupons_gets_empty_data(lookup: LookupSession) -> None:
    params = customer_params(lookup, register(lookup))
    body = expect_success(lookup.client.request("GET", COUPONS, params=params))
    expect_equal("coupons of a new customer", [], body.get("data"), "/data")


@pytest.mark.requirement("LKP-CPN-001")
def test_coupons_envelope(lookup: LookupSession) -> None:
    ex = lookup.client.request("GET", COUPONS, params=fixture_params(lookup, "loyalty"))
    body = expect_success(ex, why="coupons of the fixtures' loyalty customer")
    if not isinstance(body.get("data"), list):
        fail(
            "Missing data",
            "data: an array of coupons",
            repr(body.get("data")),
            "/data",
            exchange=ex,
        )
