"""requestCustomerIdChangeByLookup: the response, body validation and verification."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_error, expect_success, fail
from conformance.suites.requests import customer_params
from conformance.suites.variants import email_in_other_case

CHANGE = LOOKUP + "/changeRequest"


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def change(lookup: LookupSession, customer: Customer, body: dict[str, Any]) -> Exchange:
    params = customer_params(lookup, customer)
    return lookup.client.request("POST", CHANGE, params=params, json_body=body)


def new_email(lookup: LookupSession, **extra: Any) -> dict[str, Any]:
    return {"identifierName": "email", "newValue": lookup.unique_identifiers()["email"], **extra}


@pytest.mark.requirement("LKP-CHG-001")
def test_change_request_response(lookup: LookupSession, customer: Customer) -> None:
    body = expect_success(change(lookup, customer, new_email(lookup)))
    if not isinstance(body.get("warnings"), list):
        fail("Missing warnings", "warnings: an array", repr(body.get("warnings")), "/warnings")


INVALID: list[tuple[str, dict[str, Any]]] = [
    ("identifierName missing", {"newValue": "lkp.change@example.com"}),
    ("identifierName cardnumber", {"identifierName": "cardnumber", "newValue": "LKP123"}),
    ("identifierName id", {"identifierName": "id", "newValue": "123"}),
    ("newValue missing", {"identifierName": "email"}),
    ("newValue empty", {"identifierName": "email", "newValue": ""}),
]


@pytest.mark.requirement("LKP-CHG-002")
@pytest.mark.parametrize(("case", "body"), INVALID, ids=[c for c, _ in INVALID])
def test_change_request_body_is_validated(
    lookup: LookupSession, customer: Customer, case: str, body: dict[str, Any]
) -> None:
    expect_error(lookup, change(lookup, customer, body), 400, why=case)


MALFORMED = [("mobile", "12"), ("email", "not-an-email"), ("externalId", "LKP,1")]


@pytest.mark.requirement("LKP-CHG-003")
@pytest.mark.parametrize(("name", "value"), MALFORMED)
def test_malformed_new_value_is_1042(
    lookup: LookupSession, customer: Customer, name: str, value: str
) -> None:
    body = {"identifierName": name, "newValue": value}
    expect_error(lookup, change(lookup, customer, body), 1042, why=f"{name} {value!r}")


@pytest.mark.requirement("LKP-CHG-004")
@pytest.mark.parametrize("whose", ["another customer's", "the customer's own"])
def test_new_value_already_held_is_1041(
    lookup: LookupSession, customer: Customer, whose: str
) -> None:
    holder = register(lookup) if whose.startswith("another") else customer
    body = {"identifierName": "email", "newValue": email_in_other_case(holder.identifiers["email"])}
    expect_error(lookup, change(lookup, customer, body), 1041, why=f"{whose} email")


@pytest.mark.requirement("LKP-CHG-005")
@pytest.mark.parametrize("part", ["mandatory", "optional"])
def test_unknown_verification_field_is_1027(
    lookup: LookupSession, customer: Customer, part: str
) -> None:
    body = new_email(lookup, verification={part: {"lkpFavouriteColour": "blue"}})
    expect_error(lookup, change(lookup, customer, body), 1027)


@pytest.mark.requirement("LKP-CHG-006")
def test_mandatory_verification_must_match(lookup: LookupSession, customer: Customer) -> None:
    body = new_email(lookup, verification={"mandatory": {"firstName": "NotTheName"}})
    expect_error(lookup, change(lookup, customer, body), 1025)


@pytest.mark.requirement("LKP-CHG-006")
def test_mandatory_identifier_compared_by_equivalence(
    lookup: LookupSession, customer: Customer
) -> None:
    spelled = "+" + customer.identifiers["mobile"]
    body = new_email(
        lookup, verification={"mandatory": {"mobile": spelled, "firstName": "Conformance"}}
    )
    expect_success(change(lookup, customer, body), why=f"mandatory mobile {spelled} matches")


@pytest.mark.requirement("LKP-CHG-007")
def test_optional_verification_must_match_enough(lookup: LookupSession, customer: Customer) -> None:
    optional = {"firstName": "NotTheName", "lastName": "NotTheLastName"}
    body = new_email(lookup, verification={"optional": optional})
    expect_error(lookup, change(lookup, customer, body), 1026)


@pytest.mark.requirement("LKP-CHG-008")
def test_wrong_validation_code_is_1021(lookup: LookupSession, customer: Customer) -> None:
    body = new_email(lookup, validationCode="lkp-wrong-code-0000")
    expect_error(lookup, change(lookup, customer, body), 1021)
