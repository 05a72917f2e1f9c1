"""The source and accountId matrix: allowed sources, accounts, and profiles per source."""

from __future__ import annotations

import pytest

from conformance.checks.bodies import json_object
from conformance.model import Exchange
from conformance.session import LookupSession, not_applicable
from conformance.suites.customers import Customer, lookup_params
from conformance.suites.expect import expect_equal, expect_error, expect_success
from conformance.suites.expect import received_outcome as outcome
from conformance.suites.requests import (
    is_write,
    operation,
    operation_params,
    org_primary_identifier,
    provokes,
)
from conformance.suites.resolution import (
    MULTI_ACCOUNT,
    READ_SOURCES,
    SINGLE_ACCOUNT,
    WRITE_SOURCES,
    expect_codes,
    expect_resolves,
    not_found_code,
    org_accounts,
    registered_in,
    sample,
    send,
    usable,
    wrong_source_code,
)

OPS = operation_params()
Query = list[tuple[str, str]]


def sources(lookup: LookupSession, operation_id: str) -> tuple[str, ...]:
    return WRITE_SOURCES if is_write(operation(lookup, operation_id)) else READ_SOURCES


def query(lookup: LookupSession, who: Customer | None, source: str, account: str = "") -> Query:
    """A lookup of `who` (None: of a value no one holds) by the org's primary identifier type."""
    name = org_primary_identifier(lookup)
    value = who.identifiers[name] if who else lookup.unique_identifiers()[name]
    return lookup_params(name, value, source, account or None)


def account_of(lookup: LookupSession, source: str, index: int = 0) -> str:
    """An account of the org for a multi-account source ("" when the fixtures list none)."""
    accounts = org_accounts(lookup, source) if source in MULTI_ACCOUNT else []
    return accounts[index] if len(accounts) > index else ""


def entity(ex: Exchange) -> object:
    return (json_object(ex) or {}).get("entity")


@pytest.fixture(scope="module")
def instore(lookup: LookupSession) -> Customer:
    """A customer with an INSTORE profile only."""
    return registered_in(lookup, "INSTORE")


@provokes(8003)
@pytest.mark.requirement("LKP-SRC-001")
@pytest.mark.parametrize("operation_id", OPS)
def test_source_missing_empty_unknown_or_miscased_is_8003(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    found = query(lookup, instore, "INSTORE")
    cases = [[p for p in found if p[0] != "source"]]
    cases += [[("source", s), *found[1:]] for s in ("instore", "", "Wechat", "BOGUS", "In Store")]
    expect_codes(lookup, operation_id, 8003, cases)


def expect_sources(lookup: LookupSession, operation_id: str, who: Customer, refused: str) -> None:
    """Allowed sources get past the source check (an unheld identifier is then not found, or
    8045 for a multi-account source the fixtures give no account of); `refused` gets 8003."""
    for source in sample(operation_id, list(sources(lookup, operation_id)), 2):
        account = account_of(lookup, source)
        ex = send(lookup, operation_id, query(lookup, None, source, account))
        no_account = source in MULTI_ACCOUNT and not account
        code = 8045 if no_account else not_found_code(operation_id)
        expect_error(lookup, ex, code, why=f"source={source} is allowed here")
    ex = send(lookup, operation_id, query(lookup, who, refused, account_of(lookup, refused)))
    expect_error(lookup, ex, 8003, why=f"source={refused} on this operation")


@provokes(8003)
@pytest.mark.requirement("LKP-SRC-002")
@pytest.mark.parametrize("operation_id", operation_params("read"))
def test_reads_accept_the_read_sources_and_refuse_MOBILE_APP(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    expect_sources(lookup, operation_id, instore, "MOBILE_APP")


@provokes(8003)
@pytest.mark.requirement("LKP-SRC-003")
@pytest.mark.parametrize("operation_id", operation_params("write"))
def test_writes_accept_the_write_sources_and_refuse_ALL(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    expect_sources(lookup, operation_id, instore, "ALL")


@provokes(8045)
@pytest.mark.requirement("LKP-SRC-005")
@pytest.mark.parametrize("operation_id", OPS)
def test_multi_account_source_without_accountId_is_8045(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    multi = [s for s in MULTI_ACCOUNT if s in sources(lookup, operation_id)]
    cases = [query(lookup, instore, s) for s in multi]
    cases += [[*query(lookup, instore, s), ("accountId", a)] for s in multi for a in ("", "  ")]
    expect_codes(lookup, operation_id, 8045, cases)


@provokes(8011)
@pytest.mark.requirement("LKP-SRC-006")
@pytest.mark.parametrize("operation_id", OPS)
def test_account_the_org_does_not_have_is_8011(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    multi = [s for s in MULTI_ACCOUNT if s in sources(lookup, operation_id)]
    unknown = f"lkp-no-account-{lookup.run_tag}"
    expect_codes(lookup, operation_id, 8011, [query(lookup, instore, s, unknown) for s in multi])


@pytest.mark.requirement("LKP-SRC-007")
@pytest.mark.parametrize("operation_id", OPS)
def test_single_account_sources_ignore_accountId(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    single = [s for s in SINGLE_ACCOUNT if s in sources(lookup, operation_id)]
    for source in sample(operation_id, single, 2):
        plain = send(lookup, operation_id, query(lookup, instore, source))
        for account in ("lkp-any-account", account_of(lookup, "WECHAT") or "WeChat1"):
            ex = send(lookup, operation_id, query(lookup, instore, source, account))
            expect_equal(
                f"source={source}: accountId={account!r} changed the answer",
                f"{outcome(plain)}, entity {entity(plain)}",
                f"{outcome(ex)}, entity {entity(ex)}",
                exchange=ex,
            )


@pytest.fixture(scope="module")
def elsewhere(lookup: LookupSession) -> list[tuple[Customer, str, str]]:
    """Customers with one profile outside INSTORE: (customer, source, account)."""
    found = [(registered_in(lookup, "WEBSITE"), "WEBSITE", "")]
    for source in ("WECHAT", "FACEBOOK"):
        if account := account_of(lookup, source):
            found.append((registered_in(lookup, source, account), source, account))
    return found


@pytest.mark.requirement("LKP-SRC-008")
@pytest.mark.parametrize("operation_id", OPS)
def test_ALL_and_INSTORE_find_a_customer_whatever_its_profiles(
    lookup: LookupSession, elsewhere: list[tuple[Customer, str, str]], operation_id: str
) -> None:
    wide = [s for s in ("INSTORE", "ALL") if s in sources(lookup, operation_id)]
    for who, source, account in sample(operation_id, elsewhere, 1):
        names = sample(operation_id, [n for n in [*who.identifiers, "id"] if usable(lookup, n)], 1)
        for name in names:
            value = str(who.customer_id) if name == "id" else who.identifiers[name]
            cases = [(f"source={s}, {name}", lookup_params(name, value, s)) for s in wide]
            own = lookup_params(name, value, source, account or None)
            expect_resolves(lookup, operation_id, cases, who.customer_id, own)


@provokes(8065, 1011)
@pytest.mark.requirement("LKP-SRC-009")
@pytest.mark.parametrize("operation_id", OPS)
def test_source_without_a_profile_of_the_customer_is_8065(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    others = [s for s in sources(lookup, operation_id) if s not in ("INSTORE", "ALL")]
    others = [s for s in others if s not in MULTI_ACCOUNT or account_of(lookup, s)]
    for source in sample(operation_id, others, 2):
        ex = send(lookup, operation_id, query(lookup, instore, source, account_of(lookup, source)))
        expect_error(lookup, ex, wrong_source_code(operation_id), why=f"no {source} profile")


@pytest.fixture(scope="module")
def two_accounts(lookup: LookupSession) -> tuple[Customer, str, str, str]:
    """A customer with a profile under account A of a source the org has two accounts of."""
    for source in MULTI_ACCOUNT:
        first, second = account_of(lookup, source), account_of(lookup, source, 1)
        if second:
            return registered_in(lookup, source, first), source, first, second
    pytest.skip("fixtures file lists no multi-account source with two accounts")


@provokes(8065, 1011)
@pytest.mark.requirement("LKP-SRC-010")
@pytest.mark.parametrize("operation_id", OPS)
def test_multi_account_profile_is_found_only_with_its_account(
    lookup: LookupSession, two_accounts: tuple[Customer, str, str, str], operation_id: str
) -> None:
    who, source, mine, other = two_accounts
    if source not in sources(lookup, operation_id):
        pytest.skip(f"source {source} is not allowed on {operation_id}")
    own = query(lookup, who, source, mine)
    expect_resolves(lookup, operation_id, [(f"{source}/{mine}", own)], who.customer_id, own)
    ex = send(lookup, operation_id, query(lookup, who, source, other))
    expect_error(lookup, ex, wrong_source_code(operation_id), why=f"profile is under {mine}")


@pytest.mark.requirement("LKP-SRC-011")
@pytest.mark.parametrize("source", WRITE_SOURCES)
def test_customer_registered_in_a_source_is_found_there_and_by_INSTORE_and_ALL(
    lookup: LookupSession, source: str
) -> None:
    who = registered_in(lookup, source, account_of(lookup, source))
    # MOBILE_APP is no read source: getCustomerByLookup refuses it (LKP-SRC-002).
    own = [] if source == "MOBILE_APP" else [source]
    for s in [*own, "INSTORE", "ALL"]:
        ex = send(lookup, "getCustomerByLookup", query(lookup, who, s, account_of(lookup, s)))
        got = expect_success(ex, why=f"lookup with source={s}").get("entity")
        expect_equal(
            f"source={s} found another customer", who.customer_id, got, "entity", exchange=ex
        )


BAD_PROFILES = {
    "ALL": {"source": "ALL"},
    "unknown": {"source": "BOGUS"},
    "miscased": {"source": "instore"},
    "no accountId": {"source": "WECHAT"},
    "empty accountId": {"source": "WECHAT", "accountId": ""},
}


@provokes(400)
@pytest.mark.requirement("LKP-SRC-004")
@pytest.mark.parametrize("operation_id", ["registerCustomer", "updateCustomerByLookup"])
def test_body_profile_with_a_source_that_is_not_a_write_source_is_400(
    lookup: LookupSession, instore: Customer, operation_id: str
) -> None:
    if operation_id == "updateCustomerByLookup" and not lookup.target.declares("profile-writes"):
        not_applicable("profile profile-writes not declared")
    for label, profile in BAD_PROFILES.items():
        ids = [{"type": k, "value": v} for k, v in lookup.unique_identifiers().items()]
        body = {"profiles": [{**profile, "firstName": "Conformance", "identifiers": ids}]}
        if operation_id == "registerCustomer":
            ex = lookup.client.request("POST", "/v2/customers", json_body=body)
        else:
            params = query(lookup, instore, "INSTORE")
            ex = lookup.client.request("PUT", "/v2/customers/lookup", params=params, json_body=body)
        expect_error(lookup, ex, 400, why=f"profiles[0] with {label}")
