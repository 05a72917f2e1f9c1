"""Referrals by lookup: statistics, campaign tokens, referrer states and invitations."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_error, expect_success, fail
from conformance.suites.requests import customer_params, fixture_params

REFERRALS = LOOKUP + "/referrals"
INVITE = REFERRALS + "/invite"


def campaign(lookup: LookupSession) -> str:
    """The fixtures' referral campaign; a skip when the file has none."""
    token = (lookup.fixture_customer("referral") or {}).get("campaignToken")
    if not token:
        pytest.skip("fixtures file has no referral customer with a campaignToken")
    return str(token)


def referrals(lookup: LookupSession, params: list[tuple[str, str]], token: str | None) -> Exchange:
    query = params + ([("campaignToken", token)] if token is not None else [])
    return lookup.client.request("GET", REFERRALS, params=query)


def invite(
    lookup: LookupSession, customer: Customer, token: str | None, body: dict[str, Any]
) -> Exchange:
    query = customer_params(lookup, customer)
    query += [("campaignToken", token)] if token is not None else []
    return lookup.client.request("POST", INVITE, params=query, json_body=body)


def invitees(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"invitees": [{"type": t, "identifier": i} for t, i in pairs]}


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


@pytest.mark.requirement("LKP-REF-001")
def test_referrals_envelope(lookup: LookupSession) -> None:
    token = campaign(lookup)
    body = expect_success(referrals(lookup, fixture_params(lookup, "referral"), token))
    data = body.get("data")
    if not isinstance(data, list) or not data:
        fail("No referral statistics", "data: the referrer's items", repr(data), "/data")
    assert isinstance(data, list)
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("referralCode"):
            fail("Missing referralCode", "referralCode of the campaign", repr(item), f"/data/{i}")


@pytest.mark.requirement("LKP-REF-002")
@pytest.mark.parametrize(
    "token", [None, "", "lkp-no-such-campaign"], ids=["missing", "empty", "unknown"]
)
def test_campaign_token_must_exist(
    lookup: LookupSession, customer: Customer, token: str | None
) -> None:
    ex = referrals(lookup, customer_params(lookup, customer), token)
    expect_error(lookup, ex, 1202, why="getReferralsByLookup")
    ex = invite(lookup, customer, token, invitees(("EMAIL", "friend@example.com")))
    expect_error(lookup, ex, 1202, why="inviteReferralsByLookup")


@pytest.mark.requirement("LKP-REF-003")
def test_customer_who_is_not_a_referrer_is_1205(lookup: LookupSession, customer: Customer) -> None:
    ex = referrals(lookup, customer_params(lookup, customer), campaign(lookup))
    expect_error(lookup, ex, 1205, why="a new customer has referred no one in the campaign")


@pytest.mark.requirement("LKP-REF-004")
@pytest.mark.parametrize("kind", ["FAX", "email", "WECHAT"])
def test_invitee_type_must_be_email_or_mobile(
    lookup: LookupSession, customer: Customer, kind: str
) -> None:
    ex = invite(lookup, customer, campaign(lookup), invitees((kind, "friend@example.com")))
    expect_error(lookup, ex, 1206, why=f"invitee type {kind}")


INVALID_INVITES: list[tuple[str, dict[str, Any]]] = [
    ("invitees missing", {}),
    ("invitees empty", {"invitees": []}),
    ("email malformed", invitees(("EMAIL", "not-an-email"))),
    ("mobile impossible", invitees(("MOBILE", "12"))),
]


@pytest.mark.requirement("LKP-REF-005")
@pytest.mark.parametrize(("case", "body"), INVALID_INVITES, ids=[c for c, _ in INVALID_INVITES])
def test_invitees_are_validated(
    lookup: LookupSession, customer: Customer, case: str, body: dict[str, Any]
) -> None:
    expect_error(lookup, invite(lookup, customer, campaign(lookup), body), 400, why=case)


@pytest.mark.requirement("LKP-REF-006")
def test_invited_people_are_listed(lookup: LookupSession) -> None:
    token, customer = campaign(lookup), register(lookup)
    friend = lookup.unique_identifiers()
    sent = [("EMAIL", friend["email"]), ("MOBILE", friend["mobile"])]
    expect_success(invite(lookup, customer, token, invitees(*sent)), why="inviting two people")
    body = expect_success(referrals(lookup, customer_params(lookup, customer), token))
    listed = {
        (str(i.get("type")), str(i.get("identifier")))
        for item in body.get("data") or []
        for i in (item.get("invitees") or [] if isinstance(item, dict) else [])
        if isinstance(i, dict)
    }
    missing = [pair for pair in sent if pair not in listed]
    if missing:
        fail("Invitees not listed", f"invitees {sent}", f"listed {sorted(listed)}", "/data")
