"""Promised points and points expiry schedules: envelopes, dates and the order of their checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail, json_body
from conformance.suites.requests import customer_params, fixture_params, provokes
from conformance.suites.resolution import first_code

PROMISED = LOOKUP + "/promisedPointsSchedule"
EXPIRY = LOOKUP + "/pointsExpirySchedule"
BOTH = [pytest.param(PROMISED, id="promised"), pytest.param(EXPIRY, id="expiry")]
TODAY = date.today()
SOON, LATER = str(TODAY + timedelta(days=30)), str(TODAY + timedelta(days=60))
YESTERDAY = str(TODAY - timedelta(days=1))
FAR = str(TODAY.replace(day=min(TODAY.day, 28)).replace(year=TODAY.year + 101))
FARTHER = str(TODAY.replace(day=min(TODAY.day, 28)).replace(year=TODAY.year + 102))


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def get(lookup: LookupSession, path: str, customer: Customer, **extra: str) -> Exchange:
    params = customer_params(lookup, customer) + list(extra.items())
    return lookup.client.request("GET", path, params=params)


def message_names(ex: Exchange, name: str) -> None:
    messages = [e.get("message", "") for e in json_body(ex).get("errors") or []]
    if not any(name in str(m) for m in messages[:1]):
        fail(
            "Message does not name the parameter",
            f"a message naming {name}",
            repr(messages),
            exchange=ex,
        )


def program_id(lookup: LookupSession, customer: Customer) -> str:
    ex = lookup.client.request(
        "GET", LOOKUP + "/loyaltyDetails", params=customer_params(lookup, customer)
    )
    data = expect_success(ex).get("data") or [{}]
    return str(data[0].get("programId"))


@pytest.mark.requirement("LKP-SCH-001")
def test_promised_schedule_envelope(lookup: LookupSession, customer: Customer) -> None:
    body = expect_success(get(lookup, PROMISED, customer))
    expect_equal("entityId", customer.customer_id, body.get("entityId"), "/entityId")
    if "entityType" not in body:
        fail("Missing entityType", "entityType", "absent", "/entityType")
    expect_equal("promised points of a new customer", [], body.get("promisedPointsScheduleList"))


@pytest.mark.requirement("LKP-SCH-002")
def test_expiry_schedule_envelope(lookup: LookupSession, customer: Customer) -> None:
    body = expect_success(get(lookup, EXPIRY, customer))
    expect_equal("id", customer.customer_id, body.get("id"), "/id")
    for key in ("profiles", "loyaltyInfo"):
        if key not in body:
            fail(f"Missing {key}", "the customer object: id, profiles, loyaltyInfo", f"no {key}")
    expect_equal("expiry schedules of a new customer", [], body.get("expirySchedules"))


@pytest.mark.requirement("LKP-SCH-003")
@pytest.mark.parametrize("path", BOTH)
@pytest.mark.parametrize("name", ["startDate", "endDate"])
@pytest.mark.parametrize("value", ["2030-2-1", "2030-02-30", "01-02-2030", "2030/02/01"])
def test_dates_are_yyyy_mm_dd(
    lookup: LookupSession, customer: Customer, path: str, name: str, value: str
) -> None:
    ex = get(lookup, path, customer, **{name: value})
    expect_error(lookup, ex, 1216, why=f"{name}={value}")
    message_names(ex, name)


@pytest.mark.requirement("LKP-SCH-004")
@pytest.mark.parametrize("path", BOTH)
def test_start_after_end_is_1214(lookup: LookupSession, customer: Customer, path: str) -> None:
    expect_error(lookup, get(lookup, path, customer, startDate=LATER, endDate=SOON), 1214)


@pytest.mark.requirement("LKP-SCH-005")
def test_past_end_of_promised_schedule_is_1215(lookup: LookupSession, customer: Customer) -> None:
    ex = get(lookup, PROMISED, customer, endDate=YESTERDAY)
    expect_error(lookup, ex, 1215)
    message_names(ex, "endDate")


@pytest.mark.requirement("LKP-SCH-006")
@pytest.mark.parametrize("path", BOTH)
@pytest.mark.parametrize("name", ["startDate", "endDate"])
def test_dates_beyond_100_years_are_1217(
    lookup: LookupSession, customer: Customer, path: str, name: str
) -> None:
    ex = get(lookup, path, customer, **{name: FAR})
    expect_error(lookup, ex, 1217, why=f"{name}={FAR}")
    message_names(ex, name)


@pytest.mark.requirement("LKP-SCH-007")
@pytest.mark.parametrize("path", BOTH)
def test_program_id_with_all_programs_is_885(
    lookup: LookupSession, customer: Customer, path: str
) -> None:
    ex = get(
        lookup,
        path,
        customer,
        programId=program_id(lookup, customer),
        fetchDataForAllPrograms="true",
    )
    expect_error(lookup, ex, 885)


PROGRAM = "(a program of the org)"
ORDER = [
    ("1212 before 1213", {"entityType": "BOGUS", "programId": "987654321"}, 1212),
    ("1213 before 1216", {"programId": "987654321", "startDate": "2030-2-1"}, 1213),
    (
        "885 before 1216",
        {"programId": PROGRAM, "fetchDataForAllPrograms": "true", "startDate": "x"},
        885,
    ),
    ("1216 before 1217", {"startDate": FAR, "endDate": "2030-2-1"}, 1216),
    ("1214 before 1217", {"startDate": FARTHER, "endDate": FAR}, 1214),
]


@pytest.mark.requirement("LKP-SCH-008")
@pytest.mark.parametrize("path", BOTH)
@pytest.mark.parametrize(("why", "params", "code"), ORDER, ids=[w for w, _, _ in ORDER])
@provokes(1212, 1213, 885, 1216, 1214)
def test_schedule_checks_in_order(
    lookup: LookupSession,
    customer: Customer,
    path: str,
    why: str,
    params: dict[str, str],
    code: int,
) -> None:
    if PROGRAM in params.values():
        params = params | {"programId": program_id(lookup, customer)}
    ex = get(lookup, path, customer, **params)
    if first_code(ex) != code:
        expect_alone(lookup, customer, path, code)
    expect_error(lookup, ex, code, why=why)


# Each code of ORDER provoked alone, and the requirement that asks for it.
ALONE = {
    1212: ({"entityType": "BOGUS"}, "LKP-LOY-004"),
    1213: ({"programId": "987654321"}, "LKP-LOY-003"),
    885: ({"programId": PROGRAM, "fetchDataForAllPrograms": "true"}, "LKP-SCH-007"),
    1216: ({"startDate": "2030-2-1"}, "LKP-SCH-003"),
    1214: ({"startDate": LATER, "endDate": SOON}, "LKP-SCH-004"),
}


def expect_alone(lookup: LookupSession, customer: Customer, path: str, code: int) -> None:
    """An order is only judged between checks the server makes: a code it does not give even
    alone fails the requirement that asks for that code, not the order."""
    params, owner = ALONE[code]
    if PROGRAM in params.values():
        params = params | {"programId": program_id(lookup, customer)}
    ex = get(lookup, path, customer, **params)
    expect_error(lookup, ex, code, why=f"{code} alone, {params}", owner=owner)


@pytest.mark.requirement("LKP-SCH-008")
def test_promised_past_end_checked_after_order(lookup: LookupSession, customer: Customer) -> None:
    for code, start in ((1214, SOON), (1216, "2030-2-1")):
        ex = get(lookup, PROMISED, customer, startDate=start, endDate=YESTERDAY)
        if first_code(ex) != code:
            expect_alone(lookup, customer, PROMISED, code)
        expect_error(lookup, ex, code, why=f"{code} before 1215")


@pytest.mark.requirement("LKP-SCH-009")
def test_earliest_expiry_only(lookup: LookupSession) -> None:
    params = [*fixture_params(lookup, "loyalty"), ("fetchEarliestExpiryOnly", "true")]
    all_params = params[:-1]
    every = expect_success(lookup.client.request("GET", EXPIRY, params=all_params))
    earliest: dict[object, str] = {}
    for item in every.get("expirySchedules") or []:
        day = str(item.get("expiryDate"))
        key = item.get("programId")
        earliest[key] = min(day, earliest.get(key, day))
    if not earliest:
        pytest.skip("fixtures' loyalty customer has no points expiry schedule")
    shown = expect_success(lookup.client.request("GET", EXPIRY, params=params))
    for item in shown.get("expirySchedules") or []:
        if str(item.get("expiryDate")) != earliest.get(item.get("programId")):
            fail(
                "Not the earliest expiry",
                f"only the earliest expiryDate per program: {earliest}",
                repr(item),
                "/expirySchedules",
            )
