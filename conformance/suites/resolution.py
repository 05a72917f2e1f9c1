"""Which customer a lookup acts on: sources, resolution codes and same-customer assertions."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

from conformance.checks.bodies import coded_items, json_object
from conformance.client import RecordingClient
from conformance.model import Exchange
from conformance.session import LookupSession, not_applicable
from conformance.suites.customers import LOOKUP, Customer, lookup_params, register
from conformance.suites.expect import (
    expect_equal,
    expect_error,
    expect_success,
    fail,
    received_outcome,
)
from conformance.suites.requests import (
    OperationRequest,
    minimal_request,
    org_primary_identifier,
)
from conformance.target import Credentials

T = TypeVar("T")
Query = list[tuple[str, str]]

# Sources of the contract (DECISIONS: reads allow ALL, writes MOBILE_APP instead).
MULTI_ACCOUNT = ("WECHAT", "FACEBOOK", "LINE", "MOBILE_APP", "MARTJACK", "TMALL", "TAOBAO", "JD")
SINGLE_ACCOUNT = ("INSTORE", "ALL", "WEB_ENGAGE", "ECOMMERCE", "WEBSITE", "OTHERS", "MAPP_SDK")
READ_SOURCES = tuple(s for s in SINGLE_ACCOUNT + MULTI_ACCOUNT if s != "MOBILE_APP")
WRITE_SOURCES = tuple(s for s in SINGLE_ACCOUNT + MULTI_ACCOUNT if s != "ALL")
# Codes that mean "the lookup itself failed": a reference request answered so is not a baseline.
LOOKUP_FAILURES = frozenset({401, 8003, 8045, 8011, 8013, 1015, 1060, 8015, 816, 8065, 1011})


def not_found_code(operation_id: str) -> int:
    """No customer of the org holds the identifier: 816 on transactions, else 8015."""
    return 816 if operation_id == "getTransactionsByLookup" else 8015


def wrong_source_code(operation_id: str) -> int:
    """The customer has no profile in the source/account: 1011 on transactions, else 8065."""
    return 1011 if operation_id == "getTransactionsByLookup" else 8065


def org_accounts(lookup: LookupSession, source: str, org: str = "primary") -> list[str]:
    """The org's accounts of a multi-account source, as the fixtures list them."""
    accounts = ((lookup.target.org(org) or {}).get("accounts") or {}).get(source) or []
    return [str(a) for a in accounts]


def first_code(ex: Exchange) -> int | None:
    return next((int(item["code"]) for _, _, item in coded_items(ex, "errors")), None)


def send(
    lookup: LookupSession,
    operation_id: str,
    params: Query,
    *,
    client: RecordingClient | None = None,
) -> Exchange:
    """The operation's minimal valid request with these lookup parameters."""
    return minimal_request(lookup, operation_id, params).send(client or lookup.client)


def expect_not_found(
    lookup: LookupSession, operation_id: str, params: Query, why: str = ""
) -> None:
    ex = send(lookup, operation_id, params)
    # Refused with the code of a known customer without a profile (8065/1011): no one was found,
    # as the test wants, but the code is wrong, which LKP-ERR-024 governs.
    owner = "LKP-ERR-024" if first_code(ex) in (8065, 1011) else ""
    expect_error(lookup, ex, not_found_code(operation_id), why=why, owner=owner)


# Where the two customer-shaped answers name the customer they found.
ID_MEMBER = {"getCustomerByLookup": "entity", "getCustomerDetailsByLookup": "id"}


def expect_resolves(
    lookup: LookupSession,
    operation_id: str,
    variants: list[tuple[str, Query]],
    customer_id: int,
    reference: Query,
    *,
    client: RecordingClient | None = None,
) -> None:
    """Each (label, params) variant acts on customer `customer_id`, as `reference` does.

    getCustomerByLookup must return that id and customerDetails show it; another operation must
    answer as one that found its customer: no resolution error (8015, 8013, …) and no 5xx. What
    it then makes of the customer's data is for its own requirements to judge.
    """
    for label, params in variants:
        ex = send(lookup, operation_id, params, client=client)
        key = ID_MEMBER.get(operation_id)
        if key is not None:
            got = expect_success(ex, why=f"lookup by {label}").get(key)
            expect_equal(
                f"Lookup by {label} returned another customer", customer_id, got, key, exchange=ex
            )
        elif first_code(ex) in LOOKUP_FAILURES or ex.response.status >= 500:
            ref = received_outcome(send(lookup, operation_id, reference, client=client))
            fail(
                f"Lookup by {label} did not find the customer",
                f"an answer for the customer ({ref} for {dict(reference)})",
                received_outcome(ex),
                exchange=ex,
            )


def sample(operation_id: str, values: list[T], n: int = 1) -> list[T]:
    """Every value on getCustomerByLookup, `n` of them on another operation: the resolution rules
    are shared, so each operation only has to show that it applies them. Which `n` rotates with
    the operation, so that across operations every value is sent."""
    if operation_id == "getCustomerByLookup" or len(values) <= n:
        return values
    start = zlib.crc32(operation_id.encode()) % len(values)
    return [values[(start + i) % len(values)] for i in range(n)]


SOURCE_SPECIFIC = ("wechat", "martjackId", "fbId", "cuid", "cardExternalId")
CANONICAL_NAME = {"cardNumber": "cardnumber", "externalID": "externalId"}


def identifier_profile(name: str) -> str:
    """The profile a vendor declares to be tested on identifier type `name`."""
    name = CANONICAL_NAME.get(name, name)
    return "identifier-source-specific" if name in SOURCE_SPECIFIC else f"identifier-{name}"


def cited(values: dict[str, str]) -> list[Any]:
    """pytest params, each citing its own requirement id (value -> id)."""
    return [pytest.param(v, marks=pytest.mark.requirement(r), id=v) for v, r in values.items()]


def declared(lookup: LookupSession, identifiers: dict[str, str]) -> dict[str, str]:
    """The identifiers whose type the vendor declares (registering others may be refused)."""
    return {k: v for k, v in identifiers.items() if lookup.target.declares(identifier_profile(k))}


def declared_names(lookup: LookupSession, names: list[str]) -> list[str]:
    """The names whose profile is declared; not applicable when there is none."""
    kept = [n for n in names if lookup.target.declares(identifier_profile(n))]
    if not kept:
        not_applicable(f"no identifier profile of {', '.join(names)} declared")
    return kept


def registrable(lookup: LookupSession, identifiers: dict[str, str]) -> dict[str, str]:
    """The declared identifiers, plus one of the org's primary type: registration needs it."""
    ids = declared(lookup, identifiers)
    primary = org_primary_identifier(lookup)
    if primary not in ids:
        ids[primary] = lookup.unique_identifiers()[primary]
    return ids


def registered_in(lookup: LookupSession, source: str, account: str = "") -> Customer:
    """A new customer of the suite with a profile in `source` (under `account`, which a
    multi-account source needs: the test is skipped when the fixtures give none)."""
    if source in MULTI_ACCOUNT and not account:
        pytest.skip(f"fixtures file lists no {source} account of the primary org")
    ids = registrable(lookup, lookup.unique_identifiers())
    return register(lookup, identifiers=ids, source=source, account_id=account or None)


def usable(lookup: LookupSession, name: str) -> bool:
    """False when the primary org has dual eligibility and `name` is not its primary type: such
    a single name is 8015 there (LKP-DUAL-004), so single lookups use the primary only."""
    dual = (lookup.target.org("primary") or {}).get("dual_eligibility") or {}
    return not dual.get("enabled") or CANONICAL_NAME.get(name, name) == dual.get("primary")


def single_name_usable(lookup: LookupSession, name: str) -> None:
    if not usable(lookup, name):
        pytest.skip(f"the primary org has dual eligibility, and {name} is not its primary type")


# Caches of what a module's tests set up once. Keyed by the module as well: under xdist a module
# runs on one worker (--dist loadscope), so `--workers 1` and `--workers 2` send the same requests.
_HELD: dict[tuple[int, str, str, str], object] = {}


def held_by_another(lookup: LookupSession, name: str, value: str, customer_id: int) -> bool:
    """Whether some other customer of the org holds (name, value): a near miss that another
    customer really holds may resolve to that customer. Asked once through getCustomerByLookup."""
    key = (id(lookup), lookup.module, name, value)
    if key not in _HELD:
        ex = lookup.client.request("GET", LOOKUP, params=lookup_params(name, value))
        _HELD[key] = (json_object(ex) or {}).get("entity") if ex.response.status == 200 else None
    entity = _HELD[key]
    return entity is not None and entity != customer_id


def found_by(
    lookup: LookupSession, op: str, who: Customer, name: str, values: list[str], ref: str = ""
) -> None:
    """Each value of `name` finds `who`, as its registered value `ref` does."""
    single_name_usable(lookup, name)
    ref = ref or who.identifiers[name]
    cases = [(f"{name}={v!r}", lookup_params(name, v)) for v in sample(op, values)]
    expect_resolves(lookup, op, cases, who.customer_id, lookup_params(name, ref))


def not_found_by(
    lookup: LookupSession, op: str, who: Customer, name: str, values: list[str]
) -> None:
    """No value finds anyone (a value another customer really holds is left out)."""
    single_name_usable(lookup, name)
    for value in sample(op, values, 2):
        if not held_by_another(lookup, name, value, who.customer_id):
            expect_not_found(lookup, op, lookup_params(name, value), why=f"{name}={value!r}")


def expect_codes(
    lookup: LookupSession,
    op: str,
    code: int,
    cases: list[Query],
    client: RecordingClient | None = None,
) -> None:
    """The first error is `code` for each query (a sample of them on most operations)."""
    for params in sample(op, cases, 2):
        ex = send(lookup, op, params, client=client)
        expect_error(lookup, ex, code, why=f"query {params}")


# Where a write's effect shows, besides customerDetails.
EFFECT = {
    "updateSubscriptionsByLookup": "getSubscriptionsByLookup",
    "updateNotesByLookup": "getNotesByLookup",
    "updatePreferencesByLookup": "getPreferencesByLookup",
    "addTicketByLookup": "getTicketsByLookup",
    "inviteReferralsByLookup": "getReferralsByLookup",
}


def snapshot(lookup: LookupSession, params: Query, write: str) -> list[str]:
    """What the reads that show `write`'s effect answer for the customer (declared ones)."""
    shown = []
    for read in ("getCustomerDetailsByLookup", EFFECT.get(write, "getCustomerDetailsByLookup")):
        if lookup.target.declares(lookup.bundle.operations[read].profile or "core"):
            ex = send(lookup, read, params)
            body = ex.response.body.decode(errors="replace")
            shown.append(f"{read}: {received_outcome(ex)} {body}")
    return sorted(set(shown))


# --- The dual-eligibility org --------------------------------------------------------------


@dataclass(frozen=True)
class DualOrg:
    """The fixtures' `dual` org: its client, primary type and two customers of the suite."""

    client: RecordingClient
    primary: str
    others: list[str]  # its other declared customer-level types
    first: Customer
    second: Customer

    def query(self, names: list[str], values: list[str], source: str = "INSTORE") -> Query:
        return lookup_params(",".join(names), ",".join(values), source)


_DUAL: dict[tuple[int, str], DualOrg] = {}


def dual_org(lookup: LookupSession) -> DualOrg:
    """The dual org, registered once per session; a skip says what the fixtures lack."""
    key = (id(lookup), lookup.module)
    if key not in _DUAL:
        org = lookup.target.org("dual")
        dual = (org or {}).get("dual_eligibility") or {}
        if org is None or not dual.get("enabled") or not dual.get("primary"):
            pytest.skip("fixtures file has no dual org with dual eligibility enabled and a primary")
        client = lookup.client_for(Credentials.from_mapping(org["credentials"]))
        primary = str(dual["primary"])
        names = declared_names(lookup, ["mobile", "email", "externalId", "cardnumber"])
        others = [n for n in names if n != primary]
        if not others:
            not_applicable("no identifier type besides the dual org's primary")
        keep = {primary, *others}
        first, second = (
            register(lookup, client=client, identifiers=_subset(lookup, keep)) for _ in range(2)
        )
        _DUAL[key] = DualOrg(client, primary, others, first, second)
    return _DUAL[key]


def _subset(lookup: LookupSession, keep: set[str]) -> dict[str, str]:
    return {k: v for k, v in lookup.unique_identifiers().items() if k in keep}


def any_request(lookup: LookupSession, operation_id: str, params: Query) -> OperationRequest:
    """A valid request of any operation: registerCustomer registers a new customer of declared
    identifiers; a lookup operation is called with `params`."""
    if operation_id != "registerCustomer":
        return minimal_request(lookup, operation_id, params)
    ids = registrable(lookup, lookup.unique_identifiers()).items()
    identifiers = [{"type": k, "value": v} for k, v in ids]
    profile = {"source": "INSTORE", "firstName": "Conformance", "identifiers": identifiers}
    return OperationRequest(operation_id, "POST", "/v2/customers", (), {"profiles": [profile]})


def unheld(lookup: LookupSession) -> Query:
    """Lookup parameters of a value of the org's primary type that no customer holds."""
    name = org_primary_identifier(lookup)
    return lookup_params(name, lookup.unique_identifiers()[name])
