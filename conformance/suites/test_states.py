"""Customer states: fraud-marked, non-loyalty and merged customers."""

from __future__ import annotations

import pytest

from conformance.checks.bodies import coded_items
from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import Customer, lookup_params, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail
from conformance.suites.expect import received_outcome as outcome
from conformance.suites.requests import fixture_params, operation_params, provokes
from conformance.suites.resolution import (
    LOOKUP_FAILURES,
    declared,
    first_code,
    send,
    snapshot,
    usable,
)

Query = list[tuple[str, str]]
LOYALTY_READS = [
    "getLoyaltyDetailsByLookup",
    "getPointsBalanceByLookup",
    "getTierDetailsByLookup",
    "getPromisedPointsScheduleByLookup",
    "getPointsExpiryScheduleByLookup",
]
MARKS = {p.id: p.marks for p in operation_params()}


def ops(*names: str) -> list[object]:
    return [pytest.param(n, marks=MARKS[n], id=n) for n in names]


def answered_for_the_customer(ex: Exchange, why: str) -> None:
    """No resolution error, no state refusal (618) and no 5xx: the operation served it."""
    code = first_code(ex)
    if code in LOOKUP_FAILURES or code == 618 or ex.response.status >= 500:
        fail(
            f"Not answered as for any customer ({why})",
            "the operation's answer",
            outcome(ex),
            exchange=ex,
        )


def single_lookups(lookup: LookupSession, who: Customer) -> list[Query]:
    """A lookup by each identifier of `who` that a single lookup of the org may use."""
    found = [lookup_params(n, v) for n, v in who.identifiers.items() if usable(lookup, n)]
    return found or pytest.skip("no identifier of the customer is usable in a single lookup")


def contact_only(lookup: LookupSession) -> dict[str, str]:
    """A non_loyalty registration's identifiers: mobile and email only (externalId is 1008)."""
    ids = lookup.unique_identifiers()
    return declared(lookup, {"mobile": ids["mobile"], "email": ids["email"]}) or ids


@pytest.mark.requirement("LKP-STATE-001")
@pytest.mark.parametrize("operation_id", operation_params("read"))
def test_fraud_marked_customer_can_be_read(lookup: LookupSession, operation_id: str) -> None:
    ex = send(lookup, operation_id, fixture_params(lookup, "fraud"))
    answered_for_the_customer(ex, "fraud-marked customer")


@provokes(618)
@pytest.mark.requirement("LKP-STATE-002")
@pytest.mark.parametrize("operation_id", operation_params("write"))
def test_fraud_marked_customer_cannot_be_written(lookup: LookupSession, operation_id: str) -> None:
    params = fixture_params(lookup, "fraud")
    before = snapshot(lookup, params, operation_id)
    expect_error(lookup, send(lookup, operation_id, params), 618, why="fraud-marked customer")
    after = snapshot(lookup, params, operation_id)
    expect_equal("A refused write changed the customer", before, after)


@pytest.mark.requirement("LKP-ERR-007")
@pytest.mark.parametrize("operation_id", operation_params("write"))
def test_618_travels_with_http_403(lookup: LookupSession, operation_id: str) -> None:
    """Whether a write is refused is LKP-STATE-002's; with which status, this one's."""
    ex = send(lookup, operation_id, fixture_params(lookup, "fraud"))
    expect_error(lookup, ex, 618, why="fraud-marked customer", owner="LKP-STATE-002")


@pytest.fixture(scope="module", params=["registered", "fixture"])
def non_loyal(lookup: LookupSession, request: pytest.FixtureRequest) -> Query:
    """A non_loyalty customer: one the suite registers, and the fixtures' one."""
    if request.param == "fixture":
        return fixture_params(lookup, "non_loyalty")
    who = register(lookup, identifiers=contact_only(lookup), loyalty=False)
    return single_lookups(lookup, who)[0]


@provokes(8089)
@pytest.mark.requirement("LKP-STATE-003")
@pytest.mark.parametrize("operation_id", ops(*LOYALTY_READS))
def test_non_loyalty_customer_has_no_loyalty_data(
    lookup: LookupSession, non_loyal: Query, operation_id: str
) -> None:
    expect_error(lookup, send(lookup, operation_id, non_loyal), 8089, why="non_loyalty customer")


@provokes(1013)
@pytest.mark.requirement("LKP-STATE-004")
@pytest.mark.parametrize("operation_id", ops("getTransactionsByLookup"))
def test_non_loyalty_customer_has_no_transactions(
    lookup: LookupSession, non_loyal: Query, operation_id: str
) -> None:
    expect_error(lookup, send(lookup, operation_id, non_loyal), 1013, why="non_loyalty customer")


@provokes(1020)
@pytest.mark.requirement("LKP-STATE-005")
@pytest.mark.parametrize("operation_id", ops("getReferralsByLookup", "inviteReferralsByLookup"))
def test_non_loyalty_customer_has_no_referrals(
    lookup: LookupSession, non_loyal: Query, operation_id: str
) -> None:
    expect_error(lookup, send(lookup, operation_id, non_loyal), 1020, why="non_loyalty customer")


@pytest.mark.requirement("LKP-STATE-006")
def test_non_loyalty_customer_is_found_like_any_other(lookup: LookupSession) -> None:
    who = register(lookup, identifiers=contact_only(lookup), loyalty=False)
    for params in single_lookups(lookup, who):
        ex = send(lookup, "getCustomerByLookup", params)
        got = expect_success(ex, why=f"non_loyalty customer, {params}").get("entity")
        expect_equal(
            "Lookup of a non_loyalty customer", who.customer_id, got, "entity", exchange=ex
        )
    ex = send(lookup, "getCustomerDetailsByLookup", single_lookups(lookup, who)[0])
    info = expect_success(ex, why="customerDetails of a non_loyalty customer").get("loyaltyInfo")
    kind = info.get("loyaltyType") if isinstance(info, dict) else None
    expect_equal(
        "loyaltyInfo.loyaltyType", "non_loyalty", kind, "/loyaltyInfo/loyaltyType", exchange=ex
    )


def survivor(lookup: LookupSession) -> int:
    victim = lookup.fixture_customer("merged_victim") or {}
    if "survivorId" not in victim:
        pytest.skip("fixtures file has no merged_victim customer with a survivorId")
    return int(victim["survivorId"])


def expect_no_91009(ex: Exchange) -> None:
    codes = [item["code"] for key in ("errors", "warnings") for _, _, item in coded_items(ex, key)]
    if 91009 in codes:
        fail(
            "A merge victim's lookup answered 91009", "no code 91009", f"codes {codes}", exchange=ex
        )


@pytest.mark.requirement("LKP-STATE-007")
@pytest.mark.parametrize("operation_id", operation_params("read"))
def test_merge_victim_resolves_to_the_survivor(lookup: LookupSession, operation_id: str) -> None:
    survivor_id = survivor(lookup)
    params = fixture_params(lookup, "merged_victim")
    ex = send(lookup, operation_id, params)
    expect_no_91009(ex)
    if operation_id in ("getCustomerByLookup", "getCustomerDetailsByLookup"):
        key = "entity" if operation_id == "getCustomerByLookup" else "id"
        got = expect_success(ex, why="merge victim's identifier").get(key)
        expect_equal(
            "The merge victim did not resolve to the survivor", survivor_id, got, key, exchange=ex
        )
        return
    answered_for_the_customer(ex, "merge victim's identifier")
    direct = send(lookup, operation_id, lookup_params("id", str(survivor_id)))
    expect_equal(
        "The victim's identifier and the survivor's id answer differently",
        outcome(direct),
        outcome(ex),
        exchange=ex,
    )


@pytest.mark.requirement("LKP-STATE-007")
@pytest.mark.profile("identifier-id")
def test_merge_victims_id_resolves_to_the_survivor(lookup: LookupSession) -> None:
    survivor_id = survivor(lookup)
    victim = lookup.fixture_customer("merged_victim") or {}
    if "customerId" not in victim:
        pytest.skip("fixtures file gives no customerId of the merged_victim customer")
    ex = send(lookup, "getCustomerByLookup", lookup_params("id", str(victim["customerId"])))
    expect_no_91009(ex)
    got = expect_success(ex, why="the merge victim's id").get("entity")
    expect_equal(
        "The merge victim's id did not resolve to the survivor",
        survivor_id,
        got,
        "entity",
        exchange=ex,
    )
