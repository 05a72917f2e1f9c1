"""Identifier names, aliases, equivalence per type, malformed values and near misses."""

from __future__ import annotations

import pytest

from conformance.session import LookupSession
from conformance.suites.customers import Customer, lookup_params, register
from conformance.suites.expect import expect_equal, expect_success
from conformance.suites.requests import operation_params, provokes
from conformance.suites.resolution import (
    SOURCE_SPECIFIC,
    cited,
    declared_names,
    expect_codes,
    expect_not_found,
    expect_resolves,
    found_by,
    not_found_by,
    registrable,
    sample,
    send,
    single_name_usable,
)
from conformance.suites.variants import (
    affix_near_misses,
    cardnumber_variants,
    case_twin,
    differing,
    email_case_variants,
    external_id_near_misses,
    mobile_near_misses,
    pattern_near_misses,
    source_specific_identifiers,
    source_specific_near_misses,
)
from conformance.suites.variants import spelled as spelling

OPS = operation_params()
CUSTOMER_LEVEL = ["mobile", "email", "externalId", "cardnumber", "id"]
MALFORMED = {
    "LKP-ID-006": ("mobile", ["91997abc2991", "12345", "9199727529911234567", "+91-", "mobile"]),
    "LKP-ID-007": ("email", ["tom.example.com", "tom@", "@example.com", "tom sawyer@example.com"]),
    "LKP-ID-008": ("id", ["abc", "-5", "0", "1.5", "12e3", "0x1F"]),
}


@pytest.fixture(scope="module")
def holder(lookup: LookupSession) -> Customer:
    """A customer with every declared customer-level identifier, in canonical form."""
    return register(lookup, identifiers=registrable(lookup, lookup.unique_identifiers()))


_SPELLED: dict[tuple[int, str], Customer] = {}


def spelled(lookup: LookupSession, name: str) -> Customer:
    """A customer registered with its `name` spelled non-canonically (canonical value kept)."""
    if (id(lookup), name) not in _SPELLED:
        value = lookup.unique_identifiers()[name]
        who = register(lookup, identifiers=registrable(lookup, {name: spelling(name, value)}))
        _SPELLED[id(lookup), name] = Customer(who.customer_id, {name: value})
    return _SPELLED[id(lookup), name]


@pytest.fixture(scope="module")
def specific(lookup: LookupSession) -> Customer:
    """A customer holding the five source-specific identifiers, in mixed case."""
    ids = source_specific_identifiers(SOURCE_SPECIFIC, f"{lookup.run_tag}-{lookup.serial()}")
    return register(lookup, identifiers=registrable(lookup, ids))


@provokes(8013)
@pytest.mark.requirement("LKP-ID-001")
@pytest.mark.parametrize("operation_id", OPS)
def test_identifier_name_missing_or_unknown_is_8013(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    value = [("source", "INSTORE"), ("identifierValue", next(iter(holder.identifiers.values())))]
    names = ["MOBILE", "", "Email", "EXTERNALID", "phone", "card_number"]
    cases = [[*value, ("identifierName", n)] for n in names]
    expect_codes(lookup, operation_id, 8013, [cases[0], value, *cases[1:]])


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-001")
@pytest.mark.parametrize("operation_id", OPS)
def test_every_documented_identifier_name_is_accepted(
    lookup: LookupSession, operation_id: str
) -> None:
    unused = lookup.unique_identifiers()
    values = {"id": "987654321098765432", "externalID": unused["externalId"], **unused}
    values["cardNumber"] = unused["cardnumber"]
    names = ["cardNumber", "externalID", *CUSTOMER_LEVEL, *SOURCE_SPECIFIC]
    for name in sample(operation_id, names, 3):
        value = values.get(name, f"LKP-none-{lookup.run_tag}")
        expect_not_found(lookup, operation_id, lookup_params(name, value), why=f"{name}, unheld")


@provokes(1015)
@pytest.mark.requirement("LKP-ID-004")
@pytest.mark.parametrize("operation_id", OPS)
def test_identifier_value_missing_or_blank_is_1015(
    lookup: LookupSession, operation_id: str
) -> None:
    names = ("mobile", "email", "externalId")
    cases = [lookup_params(n, v) for n in names for v in ("   ", "")]
    cases += [lookup_params(n, "")[:2] for n in names]  # without identifierValue
    expect_codes(lookup, operation_id, 1015, cases)


@pytest.mark.requirement("LKP-ID-005")
@pytest.mark.parametrize("operation_id", OPS)
def test_surrounding_whitespace_is_ignored(
    lookup: LookupSession, holder: Customer, specific: Customer, operation_id: str
) -> None:
    names = declared_names(lookup, [*CUSTOMER_LEVEL, *SOURCE_SPECIFIC])
    for name in sample(operation_id, names, 2):
        who = specific if name in SOURCE_SPECIFIC else holder
        value = str(who.customer_id) if name == "id" else who.identifiers[name]
        found_by(lookup, operation_id, who, name, [f" {value} ", f"  {value}\t"], value)


@provokes(8013)
@pytest.mark.parametrize("rid", cited({r: r for r in MALFORMED}))
@pytest.mark.parametrize("operation_id", OPS)
def test_malformed_value_is_8013(lookup: LookupSession, operation_id: str, rid: str) -> None:
    name, values = MALFORMED[rid]
    single_name_usable(lookup, name)
    expect_codes(lookup, operation_id, 8013, [lookup_params(name, v) for v in values])


@pytest.mark.requirement("LKP-ID-009")
@pytest.mark.parametrize("operation_id", OPS)
def test_mobile_international_prefixes_are_ignored(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    m = holder.identifiers["mobile"]
    found_by(lookup, operation_id, holder, "mobile", [f"+{m}", f"00{m}"])
    plus = spelled(lookup, "mobile")  # registered as "+91 …-…", so found by its digits
    m = plus.identifiers["mobile"]
    found_by(lookup, operation_id, plus, "mobile", [m, f"00{m}"], f"+{m}")


@pytest.mark.requirement("LKP-ID-010")
@pytest.mark.parametrize("operation_id", OPS)
def test_mobile_separators_are_ignored(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    m = holder.identifiers["mobile"]
    spellings = [f"+{m[:2]} ({m[2:5]}) {m[5:8]} {m[8:]}", f"{m[:2]} {m[2:7]} {m[7:]}"]
    spellings += [f"{m[:2]}-{m[2:6]}-{m[6:]}", f"{m[:2]}.{m[2:6]}.{m[6:]}"]
    found_by(lookup, operation_id, holder, "mobile", spellings)


@pytest.fixture(scope="module")
def national(lookup: LookupSession) -> Customer:
    """A customer with mobile 9193…: without 91 it is no possible international number (93…
    would be Afghan and too short), only an Indian national one. At worst it is `fresh`."""
    if (lookup.target.org("primary") or {}).get("base_country_code") != "91":
        pytest.skip("fixtures file gives the primary org no base_country_code 91")
    fresh = lookup.unique_identifiers()["mobile"]  # 919…, held by no one
    return register(lookup, identifiers=registrable(lookup, {"mobile": "9193" + fresh[4:]}))


@pytest.mark.requirement("LKP-ID-011")
@pytest.mark.parametrize("operation_id", OPS)
def test_mobile_without_country_code_gets_the_base_country_code(
    lookup: LookupSession, national: Customer, operation_id: str
) -> None:
    m = national.identifiers["mobile"]
    found_by(lookup, operation_id, national, "mobile", [m[2:]])


def expect_canonical_mobile(lookup: LookupSession, who: Customer) -> None:
    """getCustomerByLookup finds the customer by the canonical mobile; customerDetails shows it."""
    m = who.identifiers["mobile"]
    found_by(lookup, "getCustomerByLookup", who, "mobile", [m])
    ex = send(lookup, "getCustomerDetailsByLookup", lookup_params("mobile", m))
    profiles = expect_success(ex, why="customerDetails of the customer").get("profiles") or []
    ids = [i for p in profiles for i in (p.get("identifiers") or []) if isinstance(i, dict)]
    shown = {i.get("value") for i in ids if i.get("type") == "mobile"}
    expect_equal(
        "customerDetails does not show the canonical mobile", {m}, shown, "/profiles", exchange=ex
    )


@pytest.mark.requirement("LKP-ID-012")
def test_registered_mobile_is_stored_in_canonical_form(lookup: LookupSession) -> None:
    expect_canonical_mobile(lookup, spelled(lookup, "mobile"))


@pytest.mark.requirement("LKP-ID-012")
@pytest.mark.profile("profile-writes")
def test_mobile_added_by_update_is_stored_in_canonical_form(lookup: LookupSession) -> None:
    ids = lookup.unique_identifiers()
    # A non_loyalty registration needs only an email, so the mobile is new, not a change.
    who = register(lookup, identifiers={"email": ids["email"]}, loyalty=False)
    m = ids["mobile"]
    body = {"profiles": [{"identifiers": [{"type": "mobile", "value": f"+{m[:2]} {m[2:]}"}]}]}
    params = lookup_params("email", ids["email"])
    ex = lookup.client.request("PUT", "/v2/customers/lookup", params=params, json_body=body)
    expect_success(ex, why="adding a mobile by updateCustomerByLookup")
    expect_canonical_mobile(lookup, Customer(who.customer_id, {"mobile": m}))


@pytest.mark.parametrize("name", cited({"email": "LKP-ID-013", "cardnumber": "LKP-ID-014"}))
@pytest.mark.parametrize("operation_id", OPS)
def test_email_case_and_cardnumber_case_and_separators_are_ignored(
    lookup: LookupSession, holder: Customer, operation_id: str, name: str
) -> None:
    v = holder.identifiers[name]
    variants = email_case_variants(v) if name == "email" else cardnumber_variants(v)
    found_by(lookup, operation_id, holder, name, variants)
    other = spelled(lookup, name)
    found_by(lookup, operation_id, other, name, [other.identifiers[name]])


@pytest.mark.parametrize("name", cited({"cardNumber": "LKP-ID-002", "externalID": "LKP-ID-003"}))
@pytest.mark.parametrize("operation_id", OPS)
def test_aliases_find_the_same_customer(
    lookup: LookupSession, holder: Customer, operation_id: str, name: str
) -> None:
    canonical = "cardnumber" if name == "cardNumber" else "externalId"
    single_name_usable(lookup, canonical)
    value = holder.identifiers[canonical]
    cases = [(f"{name}={value!r}", lookup_params(name, value))]
    ref = lookup_params(canonical, value)
    expect_resolves(lookup, operation_id, cases, holder.customer_id, ref)


@pytest.mark.requirement("LKP-ID-002")
def test_cardNumber_is_accepted_as_a_registration_type(lookup: LookupSession) -> None:
    single_name_usable(lookup, "cardnumber")
    card = lookup.unique_identifiers()["cardnumber"]
    who = register(lookup, identifiers=registrable(lookup, {"cardNumber": card}))
    for name in ("cardnumber", "cardNumber"):
        ex = send(lookup, "getCustomerByLookup", lookup_params(name, card))
        expect_equal(
            f"{name} lookup",
            who.customer_id,
            expect_success(ex).get("entity"),
            "entity",
            exchange=ex,
        )


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-015")
@pytest.mark.parametrize("operation_id", OPS)
def test_externalId_is_compared_exactly(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    ext = holder.identifiers["externalId"]
    not_found_by(lookup, operation_id, holder, "externalId", external_id_near_misses(ext))


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-019")
@pytest.mark.parametrize("operation_id", OPS)
def test_other_types_values_and_patterns_find_no_one(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    ext = holder.identifiers["externalId"]
    # Values the customer holds under other types (its mobile sent as externalId, …).
    others = [v for k, v in holder.identifiers.items() if k != "externalId"]
    near = differing(ext, [*pattern_near_misses(ext), *others])
    not_found_by(lookup, operation_id, holder, "externalId", near)


@pytest.mark.requirement("LKP-ID-016")
def test_externalIds_differing_in_case_are_different_customers(lookup: LookupSession) -> None:
    single_name_usable(lookup, "externalId")
    base = f"LKP-Case-{lookup.run_tag}-{lookup.serial()}"
    first = register(lookup, identifiers=registrable(lookup, {"externalId": base}))
    second = register(lookup, identifiers=registrable(lookup, {"externalId": case_twin(base)}))
    for who in (first, second):
        params = lookup_params("externalId", who.identifiers["externalId"])
        entity = expect_success(send(lookup, "getCustomerByLookup", params)).get("entity")
        expect_equal("externalId found another customer", who.customer_id, entity, "entity")


@pytest.mark.requirement("LKP-ID-017")
@pytest.mark.parametrize("operation_id", OPS)
def test_id_is_compared_as_a_number(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    cid = str(holder.customer_id)
    found_by(lookup, operation_id, holder, "id", ["000" + cid, cid], cid)


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-018")
@pytest.mark.parametrize("operation_id", OPS)
def test_source_specific_identifiers_are_exact(
    lookup: LookupSession, specific: Customer, operation_id: str
) -> None:
    for name in sample(operation_id, list(SOURCE_SPECIFIC), 2):
        v = specific.identifiers[name]
        found_by(lookup, operation_id, specific, name, [v])
        not_found_by(lookup, operation_id, specific, name, source_specific_near_misses(v))


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-020")
@pytest.mark.profile("identifier-mobile")
@pytest.mark.parametrize("operation_id", OPS)
def test_mobile_one_digit_off_is_not_found(
    lookup: LookupSession, holder: Customer, operation_id: str
) -> None:
    m = holder.identifiers["mobile"]
    not_found_by(lookup, operation_id, holder, "mobile", mobile_near_misses(m))


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ID-021")
@pytest.mark.parametrize("operation_id", OPS)
def test_prefix_or_suffix_of_a_value_is_not_found(
    lookup: LookupSession, holder: Customer, specific: Customer, operation_id: str
) -> None:
    names = declared_names(lookup, ["email", "externalId", "cardnumber", *SOURCE_SPECIFIC])
    for name in sample(operation_id, names, 2):
        who = specific if name in SOURCE_SPECIFIC else holder
        near = affix_near_misses(name, who.identifiers[name])
        not_found_by(lookup, operation_id, who, name, near)
