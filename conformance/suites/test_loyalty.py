"""Loyalty reads: loyalty details, programs, points balance and tiers."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import (
    expect_equal,
    expect_error,
    expect_success,
    expect_warning,
    fail,
)
from conformance.suites.requests import customer_params, fixture_params, provokes

LOYALTY = LOOKUP + "/loyaltyDetails"
BALANCE = LOOKUP + "/points/balance"
TIERS = LOOKUP + "/tierDetails"
PATHS = {
    "getLoyaltyDetailsByLookup": LOYALTY,
    "getPointsBalanceByLookup": BALANCE,
    "getTierDetailsByLookup": TIERS,
    "getPromisedPointsScheduleByLookup": LOOKUP + "/promisedPointsSchedule",
    "getPointsExpiryScheduleByLookup": LOOKUP + "/pointsExpirySchedule",
}


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def get(lookup: LookupSession, path: str, params: list[tuple[str, str]], **extra: str) -> Exchange:
    return lookup.client.request("GET", path, params=params + list(extra.items()))


def programs(lookup: LookupSession, customer: Customer) -> list[dict[str, Any]]:
    body = expect_success(get(lookup, LOYALTY, customer_params(lookup, customer)))
    data = body.get("data")
    if not isinstance(data, list) or not data:
        fail("No program in loyaltyDetails", "data: one item per program, at least one", repr(data))
    assert isinstance(data, list)
    return [d for d in data if isinstance(d, dict)]


@pytest.mark.requirement("LKP-LOY-001")
def test_loyalty_details_envelope(lookup: LookupSession, customer: Customer) -> None:
    for i, program in enumerate(programs(lookup, customer)):
        if type(program.get("programId")) is not int:
            fail("Program without programId", "programId: an integer", repr(program), f"/data/{i}")


@pytest.mark.requirement("LKP-LOY-002")
def test_program_id_filters_the_programs(lookup: LookupSession, customer: Customer) -> None:
    program_id = programs(lookup, customer)[-1]["programId"]
    ex = get(lookup, LOYALTY, customer_params(lookup, customer), programId=str(program_id))
    shown = [d.get("programId") for d in expect_success(ex).get("data") or []]
    expect_equal(f"programs with programId={program_id}", [program_id], shown, "/data", exchange=ex)


@pytest.mark.requirement("LKP-LOY-003")
@pytest.mark.parametrize("operation_id", list(PATHS))
@pytest.mark.parametrize("value", ["987654321", "abc"])
def test_invalid_program_id_is_1213(
    lookup: LookupSession, customer: Customer, operation_id: str, value: str
) -> None:
    ex = get(lookup, PATHS[operation_id], customer_params(lookup, customer), programId=value)
    expect_error(lookup, ex, 1213, why=f"programId={value}")


@pytest.mark.requirement("LKP-LOY-004")
@pytest.mark.parametrize("operation_id", [op for op in PATHS if op != "getLoyaltyDetailsByLookup"])
def test_invalid_entity_type_is_1212(
    lookup: LookupSession, customer: Customer, operation_id: str
) -> None:
    ex = get(lookup, PATHS[operation_id], customer_params(lookup, customer), entityType="BOGUS")
    expect_error(lookup, ex, 1212)


BALANCE_KEYS = (
    "entityId",
    "entityType",
    "programId",
    "totalPoints",
    "mainPoints",
    "promisedPoints",
)


@pytest.mark.requirement("LKP-LOY-005")
def test_points_balance_envelope(lookup: LookupSession, customer: Customer) -> None:
    body = expect_success(get(lookup, BALANCE, customer_params(lookup, customer)))
    missing = [k for k in BALANCE_KEYS if k not in body]
    if missing:
        fail("Points balance members missing", ", ".join(BALANCE_KEYS), f"missing {missing}")
    expect_equal("entityType by default", "CUSTOMER", body.get("entityType"), "/entityType")
    expect_equal("entityId", customer.customer_id, body.get("entityId"), "/entityId")


def _points_add_up(body: dict[str, Any]) -> None:
    values = [body.get(k) for k in ("totalPoints", "mainPoints", "promisedPoints")]
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) != 3 or abs(numbers[0] - numbers[1] - numbers[2]) > 0.001:
        got = "totalPoints {}, mainPoints {}, promisedPoints {}".format(*values)
        fail("totalPoints does not add up", "totalPoints = mainPoints + promisedPoints", got)


@pytest.mark.requirement("LKP-LOY-006")
@pytest.mark.parametrize("whose", ["registered", "fixture"])
def test_total_points_add_up(lookup: LookupSession, customer: Customer, whose: str) -> None:
    params = customer_params(lookup, customer) if whose == "registered" else None
    params = params or fixture_params(lookup, "loyalty")
    _points_add_up(expect_success(get(lookup, BALANCE, params)))


@pytest.mark.requirement("LKP-LOY-007")
def test_tier_details_envelope(lookup: LookupSession, customer: Customer) -> None:
    body = expect_success(get(lookup, TIERS, customer_params(lookup, customer)))
    expect_equal("entityType by default", "CUSTOMER", body.get("entityType"), "/entityType")
    expect_equal("entityId", customer.customer_id, body.get("entityId"), "/entityId")
    if not isinstance(body.get("programTiers"), list):
        fail("Missing programTiers", "programTiers: an array", repr(body.get("programTiers")))


def warned(ex: Exchange, code: int, why: str) -> None:
    expect_success(ex, why=why)
    expect_warning(ex, code, why=why)


@pytest.mark.requirement("LKP-LOY-008")
@provokes(91011)
def test_lowest_tier_is_warning_91011(lookup: LookupSession, customer: Customer) -> None:
    params = customer_params(lookup, customer)
    warned(get(lookup, TIERS, params), 91011, "tierDetails of a new customer")
    ex = get(lookup, LOOKUP + "/customerDetails", params, gapToRenew="true")
    warned(ex, 91011, "customerDetails with gapToRenew=true of a new customer")


def _highest(tier: object) -> bool:
    return isinstance(tier, dict) and bool(tier.get("currentTier")) and not tier.get("nextTier")


@pytest.mark.requirement("LKP-LOY-009")
@provokes(91012)
def test_highest_tier_is_warning_91012(lookup: LookupSession) -> None:
    params = fixture_params(lookup, "loyalty")
    ex = get(lookup, TIERS, params)
    if not any(_highest(t) for t in expect_success(ex).get("programTiers") or []):
        pytest.skip("fixtures' loyalty customer is in no program's highest tier (no nextTier)")
    warned(ex, 91012, "tierDetails of a customer in the highest tier")
    ex = get(lookup, LOOKUP + "/customerDetails", params, gapToUpgrade="true")
    warned(ex, 91012, "customerDetails with gapToUpgrade=true, highest tier")
