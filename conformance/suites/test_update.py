"""updateCustomerByLookup: applied changes, identifier warnings, loyalty conversion, use_async."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, find, lookup_params, register
from conformance.suites.expect import (
    expect_equal,
    expect_error,
    expect_success,
    expect_warning,
    fail,
    json_body,
)
from conformance.suites.requests import customer_params, org_primary_identifier, provokes
from conformance.suites.variants import email_in_other_case
from conformance.target import Credentials

DETAILS = LOOKUP + "/customerDetails"
CONVERSION_CODE = {"email": 1048, "externalId": 1049}


def put(lookup: LookupSession, customer: Customer, body: dict[str, Any], **params: str) -> Exchange:
    query = customer_params(lookup, customer) + list(params.items())
    return lookup.client.request("PUT", LOOKUP, params=query, json_body=body)


def identifiers(**ids: str) -> dict[str, Any]:
    return {"profiles": [{"identifiers": [{"type": k, "value": v} for k, v in ids.items()]}]}


def renamed(first: str, **ids: str) -> dict[str, Any]:
    body = identifiers(**ids)
    body["profiles"][0]["firstName"] = first
    return body


def details(lookup: LookupSession, customer: Customer) -> dict[str, Any]:
    ex = lookup.client.request("GET", DETAILS, params=customer_params(lookup, customer))
    return expect_success(ex, why="customerDetails of the updated customer")


def first_name(lookup: LookupSession, customer: Customer) -> object:
    return next((p.get("firstName") for p in details(lookup, customer)["profiles"]), None)


def message_names(ex: Exchange, code: int, name: str) -> None:
    body = json_body(ex)
    messages = [w.get("message") for w in body.get("warnings", []) if w.get("code") == code]
    if not any(name in str(m) for m in messages):
        fail(
            f"{code} does not name {name}",
            f"a {code} message naming {name}",
            repr(messages),
            exchange=ex,
        )


@pytest.mark.requirement("LKP-UPD-001")
def test_update_envelope(lookup: LookupSession) -> None:
    customer = register(lookup)
    body = expect_success(put(lookup, customer, renamed("Updated")))
    expect_equal("createdId", customer.customer_id, body.get("createdId"), "/createdId")
    if not isinstance(body.get("sideEffects"), list):
        fail("Missing sideEffects", "sideEffects: an array", repr(body.get("sideEffects")))


@pytest.mark.requirement("LKP-UPD-002")
def test_profile_update_is_applied(lookup: LookupSession) -> None:
    ids = lookup.unique_identifiers()
    customer = register(
        lookup, identifiers={"mobile": ids["mobile"], "externalId": ids["externalId"]}
    )
    new_email = f"added.{ids['email']}"
    body = renamed("Renamed", email=new_email)
    body["profiles"][0] |= {"lastName": "Changed", "fields": {"gender": "Female"}}
    body["extendedFields"] = {"city": "Pune"}
    expect_success(put(lookup, customer, body))
    shown = details(lookup, customer)
    profile = shown["profiles"][0]
    expect_equal("firstName", "Renamed", profile.get("firstName"), "/profiles/0/firstName")
    expect_equal("lastName", "Changed", profile.get("lastName"), "/profiles/0/lastName")
    fields = {k: v for p in shown["profiles"] for k, v in (p.get("fields") or {}).items()}
    expect_equal("custom field gender", "Female", fields.get("gender"), "/profiles/0/fields")
    city = (shown.get("extendedFields") or {}).get("city")
    expect_equal("extended field city", "Pune", city, "/extendedFields/city")
    expect_equal(
        "lookup by the added email", customer.customer_id, find(lookup, "email", new_email)
    )


@pytest.mark.requirement("LKP-UPD-003")
def test_changing_the_primary_identifier_is_a_warning(lookup: LookupSession) -> None:
    primary = org_primary_identifier(lookup)
    customer = register(lookup)
    new = lookup.unique_identifiers()[primary]
    ex = put(lookup, customer, renamed("AfterPrimary", **{primary: new}))
    expect_success(ex, why="a primary identifier change is only a warning")
    expect_warning(ex, 91005)
    message_names(ex, 91005, primary)
    old = customer.identifiers[primary]
    expect_equal(
        f"lookup by the old {primary}",
        customer.customer_id,
        find(lookup, primary, old),
        exchange=ex,
    )
    not_found = lookup.client.request("GET", LOOKUP, params=lookup_params(primary, new))
    expect_error(lookup, not_found, 8015, why=f"the new {primary} is not applied")
    expect_equal("firstName applied", "AfterPrimary", first_name(lookup, customer), exchange=ex)


@pytest.mark.requirement("LKP-UPD-004")
def test_equivalent_spelling_is_not_a_change(lookup: LookupSession) -> None:
    customer = register(lookup)
    ids = customer.identifiers
    same = identifiers(mobile="+" + ids["mobile"], email=email_in_other_case(ids["email"]))
    ex = put(lookup, customer, same)
    codes = [w.get("code") for w in expect_success(ex).get("warnings") or []]
    if 91005 in codes or 91007 in codes:
        fail(
            "Equivalent identifiers taken for a change",
            "no 91005 and no 91007",
            str(codes),
            exchange=ex,
        )


@pytest.mark.requirement("LKP-UPD-005")
@pytest.mark.parametrize("kind", ["id", "cardExternalId"])
def test_id_and_card_external_id_are_not_updatable(lookup: LookupSession, kind: str) -> None:
    customer = register(lookup)
    ex = put(lookup, customer, renamed("AfterNotUpdatable", **{kind: "424242"}))
    expect_success(ex, why=f"an identifier of type {kind} is only a warning")
    expect_warning(ex, 91006)
    message_names(ex, 91006, kind)
    expect_equal(
        "firstName applied", "AfterNotUpdatable", first_name(lookup, customer), exchange=ex
    )


@pytest.mark.requirement("LKP-UPD-006")
def test_another_customers_identifier_is_a_warning(lookup: LookupSession) -> None:
    name = "email" if org_primary_identifier(lookup) != "email" else "externalId"
    other, customer = register(lookup), register(lookup)
    ex = put(lookup, customer, renamed("AfterTaken", **{name: other.identifiers[name]}))
    expect_success(ex, why=f"another customer's {name} is only a warning")
    expect_warning(ex, 91007)
    message_names(ex, 91007, name)
    owner = find(lookup, name, other.identifiers[name])
    expect_equal(f"{name} stays with its customer", other.customer_id, owner, exchange=ex)
    expect_equal("firstName applied", "AfterTaken", first_name(lookup, customer), exchange=ex)


@pytest.mark.requirement("LKP-UPD-007")
def test_another_customers_primary_identifier_is_1047(lookup: LookupSession) -> None:
    primary = org_primary_identifier(lookup)
    other, customer = register(lookup), register(lookup)
    ex = put(lookup, customer, renamed("NotApplied", **{primary: other.identifiers[primary]}))
    expect_error(lookup, ex, 1047)
    expect_equal("firstName unchanged", "Conformance", first_name(lookup, customer), exchange=ex)


@pytest.mark.requirement("LKP-UPD-008")
def test_loyalty_to_non_loyalty_is_refused(lookup: LookupSession) -> None:
    customer = register(lookup)
    body = renamed("NotApplied") | {"loyaltyInfo": {"loyaltyType": "non_loyalty"}}
    expect_error(lookup, put(lookup, customer, body), 1046)
    shown = details(lookup, customer)
    expect_equal("loyaltyType", "loyalty", (shown.get("loyaltyInfo") or {}).get("loyaltyType"))
    expect_equal("firstName unchanged", "Conformance", first_name(lookup, customer))


def _non_loyalty(lookup: LookupSession, *names: str) -> Customer:
    ids = lookup.unique_identifiers()
    return register(lookup, identifiers={n: ids[n] for n in names}, loyalty=False)


@pytest.mark.requirement("LKP-UPD-009")
@provokes(1048, 1049)
def test_conversion_needs_the_primary_identifier(lookup: LookupSession) -> None:
    """Converting a mobile-only non-loyalty customer to loyalty in an org whose primary
    identifier is email (1048) or externalId (1049): the primary org when it is one, else the
    fixtures' `alternate` org."""
    client, primary = lookup.client, org_primary_identifier(lookup)
    if primary not in CONVERSION_CODE:
        alternate = lookup.target.org("alternate")
        primary = str((alternate or {}).get("primary_identifier") or "")
        if alternate is None or primary not in CONVERSION_CODE:
            pytest.skip(
                "the primary org's primary identifier is mobile and the fixtures file has no "
                "`alternate` org whose primary_identifier is email or externalId"
            )
        assert alternate is not None
        client = lookup.client_for(Credentials.from_mapping(alternate["credentials"]))
    mobile = lookup.unique_identifiers()["mobile"]
    register(lookup, client=client, identifiers={"mobile": mobile}, loyalty=False)
    body = {"loyaltyInfo": {"loyaltyType": "loyalty"}}
    ex = client.request("PUT", LOOKUP, params=lookup_params("mobile", mobile), json_body=body)
    expect_error(lookup, ex, CONVERSION_CODE[primary])


@pytest.mark.requirement("LKP-UPD-010")
@pytest.mark.profile("loyalty-reads")
def test_conversion_to_loyalty_is_applied(lookup: LookupSession) -> None:
    customer = _non_loyalty(lookup, "mobile", "email")
    params = customer_params(lookup, customer)
    reads = [LOOKUP + "/loyaltyDetails", LOOKUP + "/points/balance"]
    for path in reads:
        expect_error(lookup, lookup.client.request("GET", path, params=params), 8089)
    primary = org_primary_identifier(lookup)
    extra = {primary: lookup.unique_identifiers()[primary]} if primary == "externalId" else {}
    body = identifiers(**extra) | {"loyaltyInfo": {"loyaltyType": "loyalty"}}
    expect_success(put(lookup, customer, body), why="converting to loyalty")
    for path in reads:
        expect_success(lookup.client.request("GET", path, params=params), why=f"{path} now")


@pytest.mark.requirement("LKP-UPD-011")
def test_use_async_drops_side_effects(lookup: LookupSession) -> None:
    customer = register(lookup)
    body = expect_success(put(lookup, customer, renamed("Async"), use_async="true"))
    expect_equal("createdId", customer.customer_id, body.get("createdId"), "/createdId")
    if "sideEffects" in body:
        fail("sideEffects with use_async=true", "no sideEffects member", repr(body["sideEffects"]))
    expect_equal("firstName after use_async", "Async", first_name(lookup, customer))


def _comparable(body: dict[str, Any]) -> object:
    profiles = [
        (p.get("firstName"), p.get("lastName"), sorted(map(str, p.get("identifiers") or [])))
        for p in body.get("profiles") or []
    ]
    return profiles, body.get("loyaltyInfo"), body.get("extendedFields")


@pytest.mark.requirement("LKP-UPD-012")
def test_repeating_an_update_is_harmless(lookup: LookupSession) -> None:
    customer = register(lookup)
    ids = customer.identifiers
    body = renamed("Twice", email=ids["email"], externalId=ids["externalId"])
    results, shown = [], []
    for _ in range(2):
        ex = put(lookup, customer, body)
        results.append(expect_success(ex).get("createdId"))
        codes = [w.get("code") for w in json_body(ex).get("warnings") or []]
        if 91007 in codes:
            fail("91007 for the customer's own identifier", "no 91007", str(codes), exchange=ex)
        shown.append(_comparable(details(lookup, customer)))
    expect_equal("createdId of the repeated update", results[0], results[1], exchange=ex)
    expect_equal("customer details after the repeated update", shown[0], shown[1], exchange=ex)


@pytest.mark.requirement("LKP-REG-020")
@pytest.mark.profile("profile-writes")
def test_unknown_custom_field_on_update_is_1017(lookup: LookupSession) -> None:
    customer = register(lookup)
    body = renamed("NotApplied")
    body["profiles"][0]["fields"] = {"lkpUnknownCustomField": "x"}
    expect_error(lookup, put(lookup, customer, body), 1017)
    expect_equal("firstName unchanged", "Conformance", first_name(lookup, customer))


@pytest.mark.requirement("LKP-REG-021")
@pytest.mark.profile("profile-writes")
def test_unknown_extended_field_on_update_is_a_warning(lookup: LookupSession) -> None:
    customer = register(lookup)
    body = renamed("AfterWarning") | {"extendedFields": {"lkpUnknownExtendedField": "x"}}
    ex = put(lookup, customer, body)
    expect_success(ex, why="an unknown extended field is a warning")
    expect_warning(ex, 91015)
    message_names(ex, 91015, "lkpUnknownExtendedField")
    expect_equal("firstName applied", "AfterWarning", first_name(lookup, customer), exchange=ex)


@pytest.mark.requirement("LKP-REG-022")
@pytest.mark.profile("profile-writes")
def test_unknown_preferred_store_on_update_is_a_warning(lookup: LookupSession) -> None:
    customer = register(lookup)
    ex = put(lookup, customer, renamed("AfterStore") | {"preferredStore": "lkp.unknown.store"})
    expect_success(ex, why="an unknown preferred store is a warning")
    expect_warning(ex, 1053)
    expect_equal("firstName applied", "AfterStore", first_name(lookup, customer), exchange=ex)
