"""Dual eligibility: comma-separated identifier lists resolved by the org's primary type."""

from __future__ import annotations

import pytest

from conformance.session import LookupSession, not_applicable
from conformance.suites.customers import lookup_params
from conformance.suites.expect import expect_error
from conformance.suites.requests import (
    NO_LISTS,
    list_operation_params,
    operation_params,
    provokes,
)
from conformance.suites.resolution import (
    DualOrg,
    Query,
    dual_org,
    expect_codes,
    expect_resolves,
    not_found_code,
    sample,
    send,
)

OPS = operation_params()
LIST_OPS = list_operation_params()  # all but LKP-DUAL-009's


@pytest.fixture(scope="module")
def dual(lookup: LookupSession) -> DualOrg:
    return dual_org(lookup)


@pytest.mark.requirement("LKP-DUAL-001")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_list_resolves_by_the_primary_value_wherever_it_stands(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    p, o = dual.primary, dual.others[0]
    a = dual.first.identifiers
    unheld = lookup.unique_identifiers()[o]
    cases = [
        (f"{o},{p} = {a[o]},{a[p]}", dual.query([o, p], [a[o], a[p]])),
        (f"{o},{p} = unheld {o},{a[p]}", dual.query([o, p], [unheld, a[p]])),
        (f"' {o} , {p} ' spaced", dual.query([f" {o} ", f" {p} "], [f" {a[o]} ", f" {a[p]}"])),
        (f"{p} = {a[p]} (alone)", lookup_params(p, a[p])),
    ]
    if len(dual.others) > 1:
        q = dual.others[1]
        cases.append((f"{o},{q},{p}", dual.query([o, q, p], [a[o], a[q], a[p]])))
    reference = lookup_params(p, a[p])
    chosen = sample(operation_id, cases, 2)
    expect_resolves(
        lookup, operation_id, chosen, dual.first.customer_id, reference, client=dual.client
    )


@pytest.mark.requirement("LKP-DUAL-002")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_non_primary_values_do_not_change_the_result(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    """The primary pair first, so that only what the other values do is judged here."""
    p, o = dual.primary, dual.others[0]
    a, b = dual.first.identifiers, dual.second.identifiers
    unheld = lookup.unique_identifiers()[o]
    cases = [
        (f"{p},{o} = {a[p]},{b[o]} (other's {o})", dual.query([p, o], [a[p], b[o]])),
        (f"{p},{o} = {a[p]},unheld {o}", dual.query([p, o], [a[p], unheld])),
    ]
    reference = lookup_params(p, a[p])
    expect_resolves(
        lookup, operation_id, cases, dual.first.customer_id, reference, client=dual.client
    )


def expect_not_found(lookup: LookupSession, dual: DualOrg, op: str, cases: list[Query]) -> None:
    for params in sample(op, cases, 2):
        ex = send(lookup, op, params, client=dual.client)
        expect_error(lookup, ex, not_found_code(op), why=f"no primary identifier in {params}")


@provokes(8015, 816)
@pytest.mark.requirement("LKP-DUAL-003")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_a_list_without_the_primary_identifier_is_not_found(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    if len(dual.others) < 2:
        not_applicable("fewer than two identifier types besides the primary")
    a, b = dual.first.identifiers, dual.second.identifiers
    o, q = dual.others[:2]
    cases = [dual.query([o, q], [a[o], a[q]]), dual.query([q, o], [a[q], b[o]])]
    expect_not_found(lookup, dual, operation_id, cases)


@provokes(8015, 816)
@pytest.mark.requirement("LKP-DUAL-004")
@pytest.mark.parametrize("operation_id", OPS)
def test_a_single_identifier_that_is_not_the_primary_is_not_found(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    a = dual.first.identifiers
    expect_not_found(lookup, dual, operation_id, [lookup_params(o, a[o]) for o in dual.others])


@provokes(8013)
@pytest.mark.requirement("LKP-DUAL-005")
@pytest.mark.parametrize("operation_id", OPS)
def test_lists_of_different_lengths_are_8013(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    p, o = dual.primary, dual.others[0]
    a = dual.first.identifiers
    cases = [dual.query([o, p], [a[p]]), dual.query([p], [a[p], a[o]])]
    cases.append(dual.query([o, p], [a[o], a[p], a[o]]))
    expect_codes(lookup, operation_id, 8013, cases, dual.client)


@provokes(8013)
@pytest.mark.requirement("LKP-DUAL-006")
@pytest.mark.parametrize("operation_id", OPS)
def test_a_name_twice_in_the_list_is_8013(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    p = dual.primary
    a = dual.first.identifiers
    ids = lookup.unique_identifiers()
    cases = [
        dual.query([p, p], [a[p], a[p]]),
        dual.query(["cardnumber", "cardNumber", p], [ids["cardnumber"]] * 2 + [a[p]]),
        dual.query(["externalId", p, "externalID"], [ids["externalId"], a[p], ids["externalId"]]),
    ]
    expect_codes(lookup, operation_id, 8013, cases, dual.client)


SIX_NAMES = ["mobile", "email", "externalId", "cardnumber", "wechat", "fbId"]


def six(lookup: LookupSession, dual: DualOrg) -> list[str]:
    """Well-formed values for SIX_NAMES: the first customer's, then source-specific ones."""
    ids = {**lookup.unique_identifiers(), **dual.first.identifiers}
    return [ids.get(n, f"{n}-{lookup.run_tag}") for n in SIX_NAMES]


@provokes(1060)
@pytest.mark.requirement("LKP-DUAL-007")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_more_than_five_identifiers_is_1060(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    values = six(lookup, dual)
    ex = send(lookup, operation_id, dual.query(SIX_NAMES, values), client=dual.client)
    expect_error(lookup, ex, 1060, why="six identifiers")


@provokes(8013, 1015)
@pytest.mark.requirement("LKP-DUAL-008")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_empty_list_items_are_8013_for_names_and_1015_for_values(
    lookup: LookupSession, dual: DualOrg, operation_id: str
) -> None:
    p, o = dual.primary, dual.others[0]
    a = dual.first.identifiers
    names = [dual.query([o, ""], [a[o], a[p]]), dual.query(["", p], [a[o], a[p]])]
    expect_codes(lookup, operation_id, 8013, names, dual.client)
    values = [dual.query([o, p], [a[o], ""]), dual.query([o, p], ["  ", a[p]])]
    expect_codes(lookup, operation_id, 1015, values, dual.client)


@provokes(8013)
@pytest.mark.requirement("LKP-DUAL-009")
@pytest.mark.parametrize("org", ["primary", "dual"])
def test_pointsExpirySchedule_never_accepts_lists(lookup: LookupSession, org: str) -> None:
    client = dual_org(lookup).client if org == "dual" else lookup.client
    ids = lookup.unique_identifiers()
    p = dual_org(lookup).primary if org == "dual" else "mobile"
    params = lookup_params(f"email,{p}", f"{ids['email']},{ids[p]}")
    ex = send(lookup, NO_LISTS, params, client=client)
    expect_error(lookup, ex, 8013, why=f"identifier list in the {org} org")


@provokes(8013)
@pytest.mark.requirement("LKP-DUAL-010")
@pytest.mark.parametrize("operation_id", OPS)
def test_lists_are_8013_when_dual_eligibility_is_off(
    lookup: LookupSession, operation_id: str
) -> None:
    dual = (lookup.target.org("primary") or {}).get("dual_eligibility") or {}
    if dual.get("enabled"):
        pytest.skip("the primary org has dual eligibility on (fixtures file)")
    ids = lookup.unique_identifiers()
    cases = [lookup_params(f"email,{n}", f"{ids['email']},{ids[n]}") for n in ("mobile",)]
    cases.append(lookup_params("mobile,email", ids["mobile"]))
    cases.append(lookup_params("externalId,cardnumber", f"{ids['externalId']},{ids['cardnumber']}"))
    expect_codes(lookup, operation_id, 8013, cases)
