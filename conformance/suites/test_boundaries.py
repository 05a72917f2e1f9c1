"""Boundaries the area suites leave open: the largest id and the longest mobile, an externalId of
exactly 100 characters, a list of exactly five identifiers, a multipart body that does not parse,
and accountId with a single-account source the customer has a profile in.

Each was found by mutation testing of the reference (benchmarks/mutation.py): a server that moves
one of these boundaries by one passes the other suites and fails here.
"""

from __future__ import annotations

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, lookup_params, register
from conformance.suites.expect import expect_error
from conformance.suites.requests import (
    customer_params,
    list_operation_params,
    operation_params,
    provokes,
)
from conformance.suites.resolution import (
    SOURCE_SPECIFIC,
    Query,
    dual_org,
    expect_codes,
    expect_not_found,
    expect_resolves,
    found_by,
    org_accounts,
    registered_in,
    registrable,
    sample,
    single_name_usable,
)

OPS = operation_params()
LIST_OPS = list_operation_params()  # all but LKP-DUAL-009's
MAX_ID = 2**63 - 1  # LKP-ID-022: the largest signed 64-bit integer


# --- identifierName=id: at most 2^63 - 1 (LKP-ID-022) ---------------------------------------


@provokes(8013)
@pytest.mark.requirement("LKP-ID-022")
@pytest.mark.parametrize("operation_id", OPS)
def test_id_above_the_signed_64_bit_range_is_8013(lookup: LookupSession, operation_id: str) -> None:
    single_name_usable(lookup, "id")
    # 2^64 + 5 wraps to id 5 and 2^63 to a negative one: neither may name a customer.
    values = [str(MAX_ID + 1), "000" + str(MAX_ID + 1), str(2**64 + 5), "9" * 20]
    expect_codes(lookup, operation_id, 8013, [lookup_params("id", v) for v in values])


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-022")
@pytest.mark.parametrize("operation_id", OPS)
def test_the_largest_signed_64_bit_id_is_well_formed(
    lookup: LookupSession, operation_id: str
) -> None:
    single_name_usable(lookup, "id")
    for value in sample(operation_id, [str(MAX_ID), "000" + str(MAX_ID)]):
        params = lookup_params("id", value)
        expect_not_found(lookup, operation_id, params, why=f"id={value}, the largest id")


# --- identifierName=mobile: at most 17 digits (LKP-ID-023) ----------------------------------


def berlin_17_digits(lookup: LookupSession) -> str:
    """A possible (and valid) German number of 17 digits, unique to the run: +49, the Berlin
    area code 30 and 13 more digits (libphonenumber allows 15 national digits in Germany)."""
    tail = f"{int(lookup.run_tag, 16) % 10**7:07d}{lookup.serial() % 10**6:06d}"
    return f"+4930{tail}"  # no separators: ignoring them is LKP-ID-010's business


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-023")
@pytest.mark.parametrize("operation_id", OPS)
def test_a_possible_mobile_of_17_digits_is_well_formed(
    lookup: LookupSession, operation_id: str
) -> None:
    single_name_usable(lookup, "mobile")
    number = berlin_17_digits(lookup)
    spellings = [number, "00" + number[1:]]
    for value in sample(operation_id, spellings):
        params = lookup_params("mobile", value)
        expect_not_found(lookup, operation_id, params, why=f"mobile={value!r}, 17 digits")


@provokes(8013)
@pytest.mark.requirement("LKP-ID-023")
@pytest.mark.parametrize("operation_id", OPS)
def test_a_mobile_of_18_digits_is_8013(lookup: LookupSession, operation_id: str) -> None:
    single_name_usable(lookup, "mobile")
    # A Japanese toll-free number libphonenumber deems possible (and valid), then the German
    # number of the test above with one digit more.
    values = ["+81 0037 123456789012", "0081 0037 123456789012", "+49 30 12345678901234"]
    expect_codes(lookup, operation_id, 8013, [lookup_params("mobile", v) for v in values])


# --- externalId: 100 characters are valid, 101 are not (LKP-REG-011) ----------------------


def register_raw(lookup: LookupSession, identifiers: dict[str, str]) -> Exchange:
    items = [{"type": k, "value": v} for k, v in identifiers.items()]
    profile = {"firstName": "Conformance", "source": "INSTORE", "identifiers": items}
    body = {"profiles": [profile], "loyaltyInfo": {"loyaltyType": "loyalty"}}
    return lookup.client.request("POST", "/v2/customers", json_body=body)


@provokes(1003)
@pytest.mark.requirement("LKP-REG-011")
def test_externalId_of_100_characters_is_valid_and_101_is_1003(lookup: LookupSession) -> None:
    longest = f"LKP-{lookup.run_tag}-{lookup.serial()}-".ljust(100, "x")
    too_long = f"LKP-{lookup.run_tag}-{lookup.serial()}-".ljust(101, "x")
    ex = register_raw(lookup, registrable(lookup, {"externalId": too_long}))
    expect_error(lookup, ex, 1003, why="an externalId of 101 characters")
    who = register(lookup, identifiers=registrable(lookup, {"externalId": longest}))
    found_by(lookup, "getCustomerByLookup", who, "externalId", [longest])


# --- dual eligibility: a list of exactly five identifiers (LKP-DUAL-007) ---------------------


@pytest.mark.requirement("LKP-DUAL-007")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_a_list_of_five_identifiers_is_accepted(lookup: LookupSession, operation_id: str) -> None:
    dual = dual_org(lookup)
    p, a = dual.primary, dual.first.identifiers
    four = [*dual.others, *SOURCE_SPECIFIC][:4]  # well-formed values: the customer's, or exact
    values = {n: a.get(n, f"{n}-{lookup.run_tag}") for n in [*four, p]}
    # The primary pair first: where the primary stands is LKP-DUAL-001's business, not this one's.
    names = [p, *four]
    cases = [(f"{','.join(names)} (five)", dual.query(names, [values[x] for x in names]))]
    expect_resolves(
        lookup,
        operation_id,
        sample(operation_id, cases),
        dual.first.customer_id,
        lookup_params(p, a[p]),
        client=dual.client,
    )


# --- setImage: a multipart body that does not parse (LKP-IMG-002) --------------------------

SET_IMAGE = LOOKUP + "/setImage"
UNPARSABLE = {
    "no boundary parameter": ("multipart/form-data", b"not a multipart body"),
    "no delimiter in the body": ("multipart/form-data; boundary=lkp-b", b"not a multipart body"),
    "part without a name": (
        "multipart/form-data; boundary=lkp-b",
        b"--lkp-b\r\nContent-Disposition: form-data\r\nContent-Type: image/png\r\n\r\n"
        + b"\x89PNG\r\n\x1a\n"
        + b"\0" * 120
        + b"\r\n--lkp-b--\r\n",
    ),
}


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


@pytest.mark.requirement("LKP-IMG-002")
@pytest.mark.parametrize(("content_type", "body"), UNPARSABLE.values(), ids=list(UNPARSABLE))
def test_a_multipart_body_without_a_parsable_FILE_part_is_400(
    lookup: LookupSession, customer: Customer, content_type: str, body: bytes
) -> None:
    ex = lookup.client.request(
        "POST",
        SET_IMAGE,
        params=customer_params(lookup, customer),
        content=body,
        headers={"Content-Type": content_type},
    )
    expect_error(lookup, ex, 400, why=f"a multipart/form-data body with {content_type!r}")


# --- accountId with a single-account source the customer has a profile in (LKP-SRC-007) ------


@pytest.fixture(scope="module")
def on_website(lookup: LookupSession) -> Customer:
    """A customer registered with a WEBSITE profile (a single-account source)."""
    return registered_in(lookup, "WEBSITE")


@pytest.mark.requirement("LKP-SRC-007")
@pytest.mark.parametrize("operation_id", OPS)
def test_accountId_is_ignored_where_the_customer_has_a_single_account_profile(
    lookup: LookupSession, on_website: Customer, operation_id: str
) -> None:
    plain = customer_params(lookup, on_website, "WEBSITE")
    accounts = ["lkp-any-account", *org_accounts(lookup, "WECHAT")[:1]]
    cases: list[tuple[str, Query]] = [("source=WEBSITE", plain)]
    cases += [(f"source=WEBSITE&accountId={a}", [*plain, ("accountId", a)]) for a in accounts]
    chosen = sample(operation_id, cases, 2)
    expect_resolves(lookup, operation_id, chosen, on_website.customer_id, plain)
