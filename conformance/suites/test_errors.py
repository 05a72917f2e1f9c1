"""Errors: HTTP status per code, the error envelope and messages, partial and failed writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from conformance.checks import all_checks, run_checks
from conformance.checks.bodies import coded_items, json_object
from conformance.checks.requirement_ids import status_requirement
from conformance.model import Exchange, Outcome
from conformance.session import ConformanceFailure, LookupSession
from conformance.suites.customers import Customer, lookup_params, register
from conformance.suites.expect import expect_equal, expect_error, fail, json_body, unreadable_error
from conformance.suites.expect import received_outcome as outcome
from conformance.suites.requests import customer_params, operation_params, provokes
from conformance.suites.resolution import (
    Query,
    any_request,
    not_found_code,
    registrable,
    send,
    snapshot,
    unheld,
    wrong_source_code,
)

OPS = operation_params()
TRANSACTIONS = "getTransactionsByLookup"


# Which requirement decides each code's choice in lookup_errors (not its HTTP status): when the
# server answers another code, the status of this one cannot be verified, and that one fails.
CODE_OWNERS = {
    **dict.fromkeys((8015, 816), "LKP-ERR-024"),
    **dict.fromkeys((8065, 1011), "LKP-SRC-009"),
    8003: "LKP-SRC-001",
    8045: "LKP-SRC-005",
    8011: "LKP-SRC-006",
    8013: "LKP-ID-001",
    1015: "LKP-ID-004",
}


def status_params() -> list[Any]:
    """(operation, code) for each code of `lookup_errors`, each marked with the requirement that
    gives the code its HTTP status."""
    out = []
    for p in OPS:
        codes = (not_found_code(p.id), wrong_source_code(p.id), 8003, 8045, 8011, 8013, 1015)
        for code in codes:
            marks = (*p.marks, pytest.mark.requirement(status_requirement(code)))
            out.append(pytest.param(p.id, code, marks=marks, id=f"{p.id}-{code}"))
    return out


@pytest.fixture(scope="module")
def mine(lookup: LookupSession) -> Customer:
    """A loyalty customer of the suite with an INSTORE profile."""
    return register(lookup, identifiers=registrable(lookup, lookup.unique_identifiers()))


def of(lookup: LookupSession, who: Customer, source: str = "INSTORE") -> Query:
    return customer_params(lookup, who, source)


def lookup_errors(lookup: LookupSession, who: Customer, op: str) -> dict[int, Query]:
    """A request for each lookup error code: its first error must be that code."""
    base = unheld(lookup)
    return {
        not_found_code(op): base,
        wrong_source_code(op): of(lookup, who, "WEBSITE"),
        8003: [("source", "BOGUS"), *base[1:]],
        8045: [("source", "WECHAT"), *base[1:]],
        8011: [("source", "WECHAT"), *base[1:], ("accountId", f"lkp-none-{lookup.run_tag}")],
        8013: [base[0], ("identifierName", "BOGUS"), base[2]],
        1015: base[:2],
    }


@provokes(8015, 816, 8065, 1011, 8003, 8045, 8011, 8013, 1015)
@pytest.mark.parametrize(("operation_id", "code"), status_params())
def test_lookup_codes_travel_with_their_http_status(
    lookup: LookupSession, mine: Customer, operation_id: str, code: int
) -> None:
    params = lookup_errors(lookup, mine, operation_id)[code]
    ex = send(lookup, operation_id, params)
    expect_error(lookup, ex, code, why=f"query {params}", owner=CODE_OWNERS[code])


def expect_check(lookup: LookupSession, ex: Exchange, name: str) -> None:
    """The catalog check `name` passes on this exchange (the suite reuses, never re-implements)."""
    for result in run_checks(lookup.ctx, ex, [all_checks()[name]]):
        if result.outcome is Outcome.FAIL:
            raise ConformanceFailure(list(result.failures))


PLACEHOLDER = re.compile(r"\{[xy]\}")


def expect_filled_messages(ex: Exchange) -> None:
    for key in ("errors", "warnings"):
        for _, where, item in coded_items(ex, key):
            message = item.get("message")
            if isinstance(message, str) and PLACEHOLDER.search(message):
                fail(
                    "Message placeholder left unfilled",
                    "{x}/{y} replaced",
                    repr(message),
                    where,
                    exchange=ex,
                )


@pytest.fixture(scope="module")
def three_errors(lookup: LookupSession, mine: Customer) -> Callable[[str], list[Exchange]]:
    """An operation's answers to three error requests, sent once for the envelope and the
    message tests."""
    sent: dict[str, list[Exchange]] = {}

    def answers(operation_id: str) -> list[Exchange]:
        if operation_id not in sent:
            errors = lookup_errors(lookup, mine, operation_id)
            codes = (not_found_code(operation_id), 8003, 8013)
            sent[operation_id] = [send(lookup, operation_id, errors[c]) for c in codes]
        return sent[operation_id]

    return answers


@pytest.mark.requirement("LKP-ERR-002")
@pytest.mark.parametrize("operation_id", OPS)
def test_error_bodies_are_error_envelopes(
    lookup: LookupSession, three_errors: Callable[[str], list[Exchange]], operation_id: str
) -> None:
    for ex in three_errors(operation_id):
        expect_check(lookup, ex, "error_body_is_error_envelope")


@pytest.mark.requirement("LKP-ERR-009")
@pytest.mark.parametrize("operation_id", OPS)
def test_error_messages_are_catalog_messages(
    lookup: LookupSession, three_errors: Callable[[str], list[Exchange]], operation_id: str
) -> None:
    for ex in three_errors(operation_id):
        expect_check(lookup, ex, "messages_match_catalog")


@pytest.mark.requirement("LKP-ERR-003")
@pytest.mark.parametrize("operation_id", ["getCustomerByLookup", "registerCustomer"])
def test_error_bodies_carry_a_warnings_array(lookup: LookupSession, operation_id: str) -> None:
    cases = [[("source", "BOGUS"), *unheld(lookup)[1:]], unheld(lookup)]
    for params in cases[: 1 if operation_id == "registerCustomer" else 2]:
        request = any_request(lookup, operation_id, params)
        ex = request.send(lookup.client, headers={"Content-Type": "text/plain"}, content=b"x")
        body = json_body(ex) if ex.response.body else {}
        if not isinstance(body, dict) or not isinstance(body.get("warnings"), list):
            fail(
                "Error body without a warnings array",
                "warnings: [] beside errors",
                outcome(ex),
                exchange=ex,
            )


ID_IDENTIFIER = {"profiles": [{"identifiers": [{"type": "id", "value": "1"}]}]}
PLACEHOLDER_CASES = {  # code: operation, query changes, body (None: the minimal one)
    1216: ("getPromisedPointsScheduleByLookup", {"startDate": "2024/01/01"}, None),
    1217: ("getPointsExpiryScheduleByLookup", {"endDate": "2999-01-01"}, None),
    91015: ("updateCustomerByLookup", {}, {"extendedFields": {"lkp_unknown": "x"}}),
    91006: ("updateCustomerByLookup", {}, ID_IDENTIFIER),
}
OPERATION_MARKS = {p.id: p.marks for p in OPS}


@pytest.mark.requirement("LKP-ERR-010")
@pytest.mark.parametrize(
    "code",
    [pytest.param(c, marks=OPERATION_MARKS[v[0]], id=str(c)) for c, v in PLACEHOLDER_CASES.items()],
)
def test_messages_have_no_unfilled_placeholders(
    lookup: LookupSession, mine: Customer, code: int
) -> None:
    operation_id, changes, body = PLACEHOLDER_CASES[code]
    request = any_request(lookup, operation_id, of(lookup, mine)).with_params(**changes)
    params, json_body = list(request.params), body or request.json_body
    ex = lookup.client.request(request.method, request.path, params=params, json_body=json_body)
    codes = [item["code"] for key in ("errors", "warnings") for _, _, item in coded_items(ex, key)]
    if code not in codes:
        pytest.skip(f"code {code} was not provoked ({outcome(ex)}): its message is not checked")
    expect_filled_messages(ex)


SMS_OPTOUT = {"channel": "SMS", "priority": "TRANS", "type": "OPTOUT"}
EMAIL_OPTOUT = {"channel": "EMAIL", "priority": "TRANS", "type": "OPTOUT"}
SCOPE = {"scope": "USER", "subScope": "NONE"}
GOOD = {"key": "lkp-good", "value": "kept"}
PARTIAL: dict[str, tuple[dict[str, Any], int, str, str, object, object]] = {
    # operation: (body with a good and a refused item, code, read, list member, good, refused)
    "updateNotesByLookup": (
        {"notes": [GOOD, {"key": "  ", "value": "refused"}]},
        *(1036, "getNotesByLookup", "data", GOOD, None),
    ),
    "updatePreferencesByLookup": (
        {"preferences": [{"name": "lkp-good", "value": "kept"}, {"name": " ", "value": "x"}]},
        *(1035, "getPreferencesByLookup", "data", {"name": "lkp-good", "value": "kept"}, None),
    ),
    "updateSubscriptionsByLookup": (
        {"scope": SCOPE, "subscriptions": [SMS_OPTOUT, EMAIL_OPTOUT]},
        *(91022, "getSubscriptionsByLookup", "subscriptions", SMS_OPTOUT, EMAIL_OPTOUT),
    ),
}


def listed(ex: Exchange, member: str) -> list[Any]:
    found = (json_object(ex) or {}).get(member)
    return found if isinstance(found, list) else []


def holds(items: list[Any], wanted: object) -> bool:
    """Some item has every member of `wanted` (a dict) with the same value."""
    if not isinstance(wanted, dict):
        return False
    return any(isinstance(i, dict) and wanted.items() <= i.items() for i in items)


@provokes(1035, 1036, 91022)
@pytest.mark.requirement("LKP-ERR-008")
@pytest.mark.parametrize("operation_id", [p for p in OPS if p.id in PARTIAL])
def test_partial_failure_is_201_with_only_the_good_part_applied(
    lookup: LookupSession, operation_id: str
) -> None:
    body, code, read, member, good, refused = PARTIAL[operation_id]
    ids = lookup.unique_identifiers()  # a mobile and no email: EMAIL subscriptions fail
    params = of(
        lookup, register(lookup, identifiers=registrable(lookup, {"mobile": ids["mobile"]}))
    )
    op = lookup.bundle.operations[operation_id]
    ex = lookup.client.request(op.method, op.path, params=params, json_body=body)
    expect_error(lookup, ex, code, why="one good and one refused item")
    shown = listed(send(lookup, read, params), member)
    if not holds(shown, good):
        fail(
            "The good part of a partial failure is not applied",
            repr(good),
            repr(shown),
            exchange=ex,
        )
    if holds(shown, refused):
        fail(
            "The refused part of a partial failure is applied",
            f"no {refused!r}",
            repr(shown),
            exchange=ex,
        )


REFUSED_BODIES: dict[str, dict[str, Any]] = {  # a valid change next to an invalid member
    "updateCustomerByLookup": {
        "profiles": [{"firstName": "Changed"}],
        "loyaltyInfo": {"loyaltyType": "gold"},
    },
    "updateCustomerStatusByLookup": {
        "reason": "changed",
        "label": "Changed",
        "createdOn": "yesterday",
    },
    "updateSubscriptionsByLookup": {
        "scope": SCOPE,
        "subscriptions": [SMS_OPTOUT, {**SMS_OPTOUT, "channel": "FAX"}],
    },
    "addTicketByLookup": {"subject": "lkp refused ticket", "priority": "URGENT"},
    "requestCustomerIdChangeByLookup": {"identifierName": "email", "newValue": 5},
    "inviteReferralsByLookup": {
        "invitees": [
            {"type": "EMAIL", "identifier": "lkp@example.com"},
            {"type": "FAX", "identifier": "1"},
        ]
    },
}


@pytest.mark.requirement("LKP-ERR-011")
@pytest.mark.parametrize("operation_id", operation_params("write"))
def test_a_refused_write_changes_nothing(
    lookup: LookupSession, mine: Customer, operation_id: str
) -> None:
    params = of(lookup, mine)
    before = snapshot(lookup, params, operation_id)
    request = any_request(lookup, operation_id, params)
    if operation_id in REFUSED_BODIES:  # refused by body validation, the last step before acting
        op = lookup.bundle.operations[operation_id]
        body = REFUSED_BODIES[operation_id]
        ex = lookup.client.request(op.method, op.path, params=list(request.params), json_body=body)
    else:  # the same valid change, sent with a wrong media type
        ex = request.send(
            lookup.client, headers={"Content-Type": "text/plain"}, content=b'{"x": 1}'
        )
    if not 400 <= ex.response.status < 500:
        unreadable_error(ex)
        fail("The invalid request was not refused", "an HTTP 4xx answer", outcome(ex), exchange=ex)
    expect_equal(
        "A refused write changed the customer",
        before,
        snapshot(lookup, params, operation_id),
        exchange=ex,
    )


@pytest.mark.requirement("LKP-ERR-011")
def test_a_refused_registration_creates_no_customer(lookup: LookupSession) -> None:
    body = any_request(lookup, "registerCustomer", []).json_body or {}
    profile = {**body["profiles"][0], "source": "ALL"}
    ex = lookup.client.request("POST", "/v2/customers", json_body={"profiles": [profile]})
    expect_error(lookup, ex, 400, why="profiles[0].source ALL")
    for item in profile["identifiers"]:
        ex = send(lookup, "getCustomerByLookup", lookup_params(item["type"], item["value"]))
        expect_error(
            lookup,
            ex,
            8015,
            why=f"{item['type']} of a refused registration",
            owner=CODE_OWNERS[8015],
        )
