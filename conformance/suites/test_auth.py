"""Authentication on every operation, and isolation between orgs."""

from __future__ import annotations

import base64

import pytest

from conformance.client import RecordingClient
from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import Customer, lookup_params, register
from conformance.suites.expect import expect_equal, expect_error, expect_success
from conformance.suites.requests import (
    customer_params,
    fixture_params,
    operation_params,
    provokes,
)
from conformance.suites.resolution import (
    any_request,
    expect_not_found,
    not_found_code,
    registrable,
    sample,
    send,
    unheld,
    usable,
)
from conformance.target import Credentials, basic_authorization

OPS = operation_params()
EVERY = [pytest.param("registerCustomer", id="registerCustomer"), *OPS]
WRITE_IDS = {p.id for p in operation_params("write")}


def basic(lookup: LookupSession) -> tuple[str, str]:
    """The run's till user and password (the fixtures' when the run gave a token)."""
    creds = lookup.target.credentials
    if creds.user and creds.password:
        return creds.user, creds.password
    primary = ((lookup.target.org("primary") or {}).get("credentials")) or {}
    if not primary.get("user") or not primary.get("password"):
        pytest.skip("neither the run nor the fixtures file gives a till user and password")
    return str(primary["user"]), str(primary["password"])


def token(lookup: LookupSession, org: str = "primary") -> str:
    own = lookup.target.credentials.oauth_token if org == "primary" else None
    found = own or (((lookup.target.org(org) or {}).get("credentials")) or {}).get("oauth_token")
    if not found:
        pytest.skip(f"fixtures file gives no OAuth token of the {org} org")
    return str(found)


def call(
    lookup: LookupSession,
    op: str,
    headers: dict[str, str] | None = None,
    params: list[tuple[str, str]] | None = None,
    content: bytes | None = None,
) -> Exchange:
    """The operation's valid request (of an unheld identifier) with exactly these headers."""
    request = any_request(lookup, op, params or unheld(lookup))
    return request.send(lookup.client, credentials=Credentials(), headers=headers, content=content)


def expect_authenticated(lookup: LookupSession, op: str, ex: Exchange, how: str) -> None:
    if op == "registerCustomer":
        expect_success(ex, why=f"registration {how}")
    else:
        expect_error(lookup, ex, not_found_code(op), why=f"unheld identifier, {how}")


@pytest.mark.requirement("LKP-AUTH-001")
@pytest.mark.parametrize("operation_id", EVERY)
def test_basic_auth_with_md5_password_authenticates(
    lookup: LookupSession, operation_id: str
) -> None:
    ex = call(lookup, operation_id, {"Authorization": basic_authorization(*basic(lookup))})
    expect_authenticated(lookup, operation_id, ex, "Basic user:md5(password)")


@provokes(401)
@pytest.mark.requirement("LKP-AUTH-002")
@pytest.mark.parametrize("operation_id", EVERY)
def test_wrong_password_or_unknown_user_is_401(lookup: LookupSession, operation_id: str) -> None:
    user, password = basic(lookup)
    plain = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    cases = {
        "plain password": plain,
        "wrong password": basic_authorization(user, password + "-wrong"),
        "unknown user": basic_authorization(f"lkp-nobody-{lookup.run_tag}", password),
    }
    for label, header in cases.items():
        expect_error(lookup, call(lookup, operation_id, {"Authorization": header}), 401, why=label)


@provokes(401)
@pytest.mark.requirement("LKP-AUTH-003")
@pytest.mark.parametrize("operation_id", EVERY)
def test_missing_credentials_are_401(lookup: LookupSession, operation_id: str) -> None:
    expect_error(lookup, call(lookup, operation_id), 401, why="no credentials")


@provokes(401)
@pytest.mark.requirement("LKP-AUTH-004")
@pytest.mark.parametrize("operation_id", EVERY)
def test_malformed_authorization_header_is_401(lookup: LookupSession, operation_id: str) -> None:
    no_colon = base64.b64encode(b"no-colon-here").decode()
    headers = [f"Bearer {lookup.run_tag}", "Basic !!not-base64!!", f"Basic {no_colon}", "Basic"]
    headers += ["Digest username=demo", basic_authorization("a", "b").lower()]
    for header in sample(operation_id, headers, 2):
        ex = call(lookup, operation_id, {"Authorization": header})
        expect_error(lookup, ex, 401, why=f"Authorization: {header}")


@pytest.mark.requirement("LKP-AUTH-005")
@pytest.mark.parametrize("operation_id", EVERY)
def test_oauth_token_authenticates_as_its_org(lookup: LookupSession, operation_id: str) -> None:
    headers = {"X-CAP-API-OAUTH-TOKEN": token(lookup)}
    expect_authenticated(lookup, operation_id, call(lookup, operation_id, headers), "OAuth token")
    if operation_id == "getCustomerByLookup":
        who = register(lookup, identifiers=registrable(lookup, lookup.unique_identifiers()))
        ex = call(lookup, operation_id, headers, params=customer_params(lookup, who))
        got = expect_success(ex, why="own customer with the token").get("entity")
        expect_equal(
            "The token's org did not find its customer", who.customer_id, got, "entity", exchange=ex
        )


@provokes(401)
@pytest.mark.requirement("LKP-AUTH-006")
@pytest.mark.parametrize("operation_id", EVERY)
def test_unknown_oauth_token_is_401(lookup: LookupSession, operation_id: str) -> None:
    ex = call(lookup, operation_id, {"X-CAP-API-OAUTH-TOKEN": f"lkp-never-issued-{lookup.run_tag}"})
    expect_error(lookup, ex, 401, why="a token never issued")


@provokes(401)
@pytest.mark.requirement("LKP-AUTH-007")
@pytest.mark.parametrize("operation_id", EVERY)
def test_both_credentials_must_be_valid_and_of_one_org(
    lookup: LookupSession, operation_id: str
) -> None:
    (user, password), good = basic(lookup), token(lookup)
    right = basic_authorization(user, password)
    wrong = basic_authorization(user, password + "-wrong")
    cases = [
        ("valid Basic, unknown token", right, f"lkp-never-issued-{lookup.run_tag}"),
        ("wrong Basic, valid token", wrong, good),
    ]
    if lookup.target.org("other"):
        cases.append(("valid Basic, another org's token", right, token(lookup, "other")))
    for label, auth, tok in sample(operation_id, cases, 2):
        headers = {"Authorization": auth, "X-CAP-API-OAUTH-TOKEN": tok}
        expect_error(lookup, call(lookup, operation_id, headers), 401, why=label)
    both = {"Authorization": right, "X-CAP-API-OAUTH-TOKEN": good}
    expect_authenticated(lookup, operation_id, call(lookup, operation_id, both), "both valid")


@provokes(401)
@pytest.mark.requirement("LKP-AUTH-008")
@pytest.mark.parametrize("operation_id", EVERY)
def test_authentication_is_checked_before_anything_else(
    lookup: LookupSession, operation_id: str
) -> None:
    bad = [("source", "BOGUS"), ("identifierName", "BOGUS"), ("accountId", "")]
    headers, content = {"Content-Type": "text/plain"}, b"{not json"  # ignored on GET
    ex = call(lookup, operation_id, headers, bad, content)
    expect_error(lookup, ex, 401, why="no credentials, bad media type, body, source, identifier")
    if operation_id in WRITE_IDS and lookup.fixture_customer("fraud"):
        ex = call(lookup, operation_id, params=fixture_params(lookup, "fraud"))
        expect_error(lookup, ex, 401, why="no credentials, a write to a fraud-marked customer")


@pytest.mark.requirement("LKP-AUTH-008")
def test_a_request_refused_for_its_credentials_applies_nothing(lookup: LookupSession) -> None:
    request = any_request(lookup, "registerCustomer", [])
    assert request.json_body is not None
    ids = request.json_body["profiles"][0]["identifiers"]
    wrong = Credentials(basic(lookup)[0], "lkp-wrong-password")
    expect_error(lookup, request.send(lookup.client, credentials=wrong), 401)
    for item in ids:
        params = lookup_params(item["type"], item["value"])
        expect_not_found(lookup, "getCustomerByLookup", params, why="registration refused")


@pytest.fixture(scope="module")
def other(lookup: LookupSession) -> RecordingClient:
    """A client of the fixtures' other org."""
    org = lookup.target.org("other")
    if org is None:
        pytest.skip("fixtures file has no other org")
    return lookup.client_for(Credentials.from_mapping(org["credentials"]))


@pytest.fixture(scope="module")
def mine(lookup: LookupSession) -> Customer:
    return register(lookup, identifiers=registrable(lookup, lookup.unique_identifiers()))


@provokes(8015, 816)
@pytest.mark.requirement("LKP-AUTH-009")
@pytest.mark.parametrize("operation_id", OPS)
def test_another_orgs_customer_is_not_found(
    lookup: LookupSession, other: RecordingClient, mine: Customer, operation_id: str
) -> None:
    values = [*mine.identifiers.items(), ("id", str(mine.customer_id))]  # any type: 8015
    for name, value in sample(operation_id, values, 2):
        params = lookup_params(name, value)
        ex = send(lookup, operation_id, params, client=other)
        expect_error(lookup, ex, not_found_code(operation_id), why=f"another org's {name}")


@pytest.mark.requirement("LKP-AUTH-010")
def test_identifiers_are_unique_per_org_not_across_orgs(
    lookup: LookupSession, other: RecordingClient, mine: Customer
) -> None:
    theirs = register(lookup, client=other, identifiers=dict(mine.identifiers))
    for name, value in mine.identifiers.items():
        if not usable(lookup, name):
            continue
        for who, via in ((mine, lookup.client), (theirs, other)):
            ex = send(lookup, "getCustomerByLookup", lookup_params(name, value), client=via)
            got = expect_success(ex, why=f"{name} in its own org").get("entity")
            expect_equal(f"{name} lookup crossed orgs", who.customer_id, got, "entity", exchange=ex)
