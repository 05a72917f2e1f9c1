"""getCustomerByLookup and getCustomerDetailsByLookup: envelopes, ids, identifiers, embeds."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.session import LookupSession
from conformance.suites.customers import Customer, lookup_params, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail
from conformance.suites.requests import customer_params, fixture_params, org_primary_identifier

LOOKUP = "/v2/customers/lookup"
DETAILS = "/v2/customers/lookup/customerDetails"
IDENTIFIERS = ("mobile", "email", "externalId", "cardnumber")
EMBEDS = (
    "points",
    "subscriptions",
    "mlp",
    "promotionalPoints",
    "expirySchedules",
    "expiredPoints",
    "segments",
    "userGroup",
    "customerImage",
    "cardLoyaltyDetails",
    "fleetParentDetails",
    "ignoreCardDetails",
    "customerStatus",
    "alternateCurrencies",
)


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def details(lookup: LookupSession, params: list[tuple[str, str]], **extra: str) -> dict[str, Any]:
    ex = lookup.client.request("GET", DETAILS, params=params + list(extra.items()))
    return expect_success(ex, why="customerDetails of a customer that exists")


@pytest.mark.requirement("LKP-GET-001")
def test_lookup_envelope(lookup: LookupSession, customer: Customer) -> None:
    ex = lookup.client.request("GET", LOOKUP, params=customer_params(lookup, customer))
    entity = expect_success(ex).get("entity")
    if type(entity) is not int:
        fail(
            "entity is not an integer",
            "entity: the customer id as an integer",
            repr(entity),
            exchange=ex,
        )
    expect_equal("entity", customer.customer_id, entity, "/entity", exchange=ex)


@pytest.mark.requirement("LKP-DET-001")
def test_details_envelope(lookup: LookupSession, customer: Customer) -> None:
    body = details(lookup, customer_params(lookup, customer))
    expect_equal("id", customer.customer_id, body.get("id"), "/id")
    if not isinstance(body.get("profiles"), list) or not body["profiles"]:
        fail("Missing profiles", "profiles: a non-empty array", repr(body.get("profiles")))
    if not isinstance(body.get("loyaltyInfo"), dict):
        fail("Missing loyaltyInfo", "loyaltyInfo: an object", repr(body.get("loyaltyInfo")))


@pytest.mark.requirement("LKP-DET-002")
@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.profile(f"identifier-{n}"), id=n) for n in IDENTIFIERS],
)
def test_details_id_equals_lookup_entity(
    lookup: LookupSession, customer: Customer, name: str
) -> None:
    if name != org_primary_identifier(lookup) and dual_eligibility(lookup):
        pytest.skip(f"dual eligibility: a single {name} is not found (LKP-DUAL-004)")
    params = lookup_params(name, customer.identifiers[name])
    entity = expect_success(lookup.client.request("GET", LOOKUP, params=params)).get("entity")
    detail = details(lookup, params)
    expect_equal("customerDetails id", entity, detail.get("id"), "/id")


def dual_eligibility(lookup: LookupSession) -> bool:
    return bool(((lookup.target.org("primary") or {}).get("dual_eligibility") or {}).get("enabled"))


@pytest.mark.requirement("LKP-DET-003")
def test_registered_identifiers_are_shown(lookup: LookupSession, customer: Customer) -> None:
    body = details(lookup, customer_params(lookup, customer))
    shown = {
        (i.get("type"), i.get("value"))
        for p in body.get("profiles") or []
        for i in p.get("identifiers") or []
        if isinstance(i, dict)
    }
    for name, value in customer.identifiers.items():
        kind = "cardNumber" if name == "cardnumber" else name
        if (kind, value) not in shown:
            fail("Registered identifier not shown", f"{{type: {kind}, value: {value}}}", str(shown))


@pytest.mark.requirement("LKP-DET-004")
@pytest.mark.parametrize("embed", [",".join(EMBEDS), *EMBEDS])
def test_documented_embeds_are_accepted(
    lookup: LookupSession, customer: Customer, embed: str
) -> None:
    details(lookup, customer_params(lookup, customer), embed=embed)


@pytest.mark.requirement("LKP-DET-005")
@pytest.mark.parametrize("embed", ["bogus", "points,bogus", "POINTS"])
def test_unknown_embed_is_invalid(lookup: LookupSession, customer: Customer, embed: str) -> None:
    params = [*customer_params(lookup, customer), ("embed", embed)]
    expect_error(lookup, lookup.client.request("GET", DETAILS, params=params), 400)


def _fraud_status(body: dict[str, Any]) -> object:
    fraud = body.get("fraudDetails")
    if not isinstance(fraud, dict):
        fail("Missing fraudDetails", "fraudDetails: an object", repr(fraud), "/fraudDetails")
    assert isinstance(fraud, dict)
    return fraud.get("status")


@pytest.mark.requirement("LKP-DET-006")
def test_included_fraud_details(lookup: LookupSession, customer: Customer) -> None:
    clean = _fraud_status(
        details(lookup, customer_params(lookup, customer), includedFraudDetails="true")
    )
    params = fixture_params(lookup, "fraud")
    marked = _fraud_status(details(lookup, params, includedFraudDetails="true"))
    if not isinstance(marked, str) or not marked or marked == clean:
        fail(
            "fraudDetails does not say the customer is marked",
            f"fraudDetails.status naming the mark (unmarked customers have {clean!r})",
            repr(marked),
            "/fraudDetails/status",
        )
