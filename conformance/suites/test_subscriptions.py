"""getSubscriptionsByLookup and updateSubscriptionsByLookup: values, echo, read-back, failures."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail, json_body
from conformance.suites.requests import customer_params, provokes

SUBSCRIPTIONS = LOOKUP + "/subscriptions"
SCOPE = {"scope": "USER", "subScope": "NONE"}
PRIORITIES = ("TRANS", "BULK")
TYPES = ("OPTIN", "OPTOUT")


def item(channel: str, priority: str = "BULK", kind: str = "OPTOUT") -> dict[str, Any]:
    return {"channel": channel, "priority": priority, "type": kind}


def update_body(*items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"scope": SCOPE, "subscriptions": list(items), **extra}


@pytest.fixture(scope="module")
def customer(lookup: LookupSession) -> Customer:
    return register(lookup)


def without_email(lookup: LookupSession) -> Customer:
    ids = lookup.unique_identifiers()
    return register(lookup, identifiers={k: v for k, v in ids.items() if k != "email"})


def post(lookup: LookupSession, customer: Customer, body: dict[str, Any]) -> Exchange:
    params = customer_params(lookup, customer)
    return lookup.client.request("POST", SUBSCRIPTIONS, params=params, json_body=body)


def states(lookup: LookupSession, customer: Customer) -> dict[tuple[str, str], str]:
    ex = lookup.client.request("GET", SUBSCRIPTIONS, params=customer_params(lookup, customer))
    subs = expect_success(ex).get("subscriptions")
    if not isinstance(subs, list):
        fail(
            "Missing subscriptions",
            "subscriptions: an array",
            repr(subs),
            "/subscriptions",
            exchange=ex,
        )
    assert isinstance(subs, list)
    return {(str(s.get("channel")), str(s.get("priority"))): str(s.get("type")) for s in subs}


@pytest.mark.requirement("LKP-SUB-001")
def test_subscriptions_envelope(lookup: LookupSession, customer: Customer) -> None:
    for (channel, priority), kind in states(lookup, customer).items():
        if (
            channel == "None"
            or priority not in ("TRANS", "BULK")
            or kind not in ("OPTIN", "OPTOUT")
        ):
            fail(
                "Malformed subscription",
                "channel, priority TRANS|BULK, type OPTIN|OPTOUT",
                f"channel {channel}, priority {priority}, type {kind}",
                "/subscriptions",
            )


@pytest.mark.requirement("LKP-SUB-002")
def test_update_echoes_the_body(lookup: LookupSession, customer: Customer) -> None:
    sent = update_body(item("EMAIL", "TRANS", "OPTIN"))
    body = expect_success(post(lookup, customer, sent))
    expect_equal("scope echoed", sent["scope"], body.get("scope"), "/scope")
    echoed = [
        {k: s.get(k) for k in ("channel", "priority", "type")}
        for s in body.get("subscriptions") or []
    ]
    expect_equal("subscriptions echoed", sent["subscriptions"], echoed, "/subscriptions")


@pytest.mark.requirement("LKP-SUB-003")
def test_subscription_change_is_visible(lookup: LookupSession) -> None:
    customer = register(lookup)
    sent = update_body(item("EMAIL", "BULK", "OPTOUT"), item("MOBILE", "TRANS", "OPTOUT"))
    expect_success(post(lookup, customer, sent))
    shown = states(lookup, customer)
    expect_equal("EMAIL BULK", "OPTOUT", shown.get(("EMAIL", "BULK")), "/subscriptions")
    expect_equal("MOBILE TRANS, reported as SMS", "OPTOUT", shown.get(("SMS", "TRANS")))


BAD_ITEMS = [
    (item("FAX"), 1101),
    (item("email"), 1101),
    (item("SMS", priority="URGENT"), 1102),
    (item("SMS", kind="MAYBE"), 1106),
]


@pytest.mark.requirement("LKP-SUB-004")
@pytest.mark.parametrize(("bad", "code"), BAD_ITEMS, ids=lambda v: str(v)[:40])
@provokes(1101, 1102, 1106)
def test_channel_priority_and_type_values(
    lookup: LookupSession, customer: Customer, bad: dict[str, Any], code: int
) -> None:
    expect_error(lookup, post(lookup, customer, update_body(bad)), code)


BAD_SCOPES: list[tuple[str, Any, int]] = [
    ("missing", None, 1103),
    ("scope ORG", {"scope": "ORG", "subScope": "NONE"}, 1103),
    ("subScope ALL", {"scope": "USER", "subScope": "ALL"}, 1103),
    ("two scopes", [SCOPE, {"scope": "USER", "subScope": "NONE"}], 1105),
]


@pytest.mark.requirement("LKP-SUB-005")
@pytest.mark.parametrize(("case", "scope", "code"), BAD_SCOPES, ids=[c for c, _, _ in BAD_SCOPES])
@provokes(1103, 1105)
def test_scope_values(
    lookup: LookupSession, customer: Customer, case: str, scope: Any, code: int
) -> None:
    body = update_body(item("SMS"))
    if scope is None:
        del body["scope"]
    else:
        body["scope"] = scope
    expect_error(lookup, post(lookup, customer, body), code, why=case)


BAD_IDS = [
    ("campaignId", -2, 1107),
    ("campaignId", "abc", 1107),
    ("communicationId", -5, 1108),
    ("communicationId", 1.5, 1108),
]


@pytest.mark.requirement("LKP-SUB-006")
@pytest.mark.parametrize(("key", "value", "code"), BAD_IDS)
@provokes(1107, 1108)
def test_campaign_and_communication_ids(
    lookup: LookupSession, customer: Customer, key: str, value: Any, code: int
) -> None:
    expect_error(lookup, post(lookup, customer, update_body(item("SMS"), **{key: value})), code)


@pytest.mark.requirement("LKP-SUB-007")
def test_no_reachable_subscription_is_1104(lookup: LookupSession) -> None:
    customer = without_email(lookup)
    expect_error(lookup, post(lookup, customer, update_body(item("EMAIL"))), 1104)


@pytest.mark.requirement("LKP-SUB-007")
@pytest.mark.parametrize("subscriptions", [[], None], ids=["empty", "missing"])
def test_subscriptions_are_required(
    lookup: LookupSession, customer: Customer, subscriptions: Any
) -> None:
    body = update_body()
    if subscriptions is None:
        del body["subscriptions"]
    expect_error(lookup, post(lookup, customer, body), 400)


@pytest.mark.requirement("LKP-SUB-008")
def test_some_subscriptions_failing_is_91022(lookup: LookupSession) -> None:
    customer = without_email(lookup)
    ex = post(lookup, customer, update_body(item("EMAIL", "BULK"), item("SMS", "BULK")))
    expect_error(lookup, ex, 91022)
    messages = [e.get("message", "") for e in json_body(ex).get("errors") or []]
    if not any("EMAIL" in str(m) and "BULK" in str(m) for m in messages):
        fail(
            "91022 does not name channel and priority",
            "EMAIL and BULK",
            repr(messages),
            exchange=ex,
        )
    shown = states(lookup, customer)
    expect_equal(
        "SMS BULK applied", "OPTOUT", shown.get(("SMS", "BULK")), "/subscriptions", exchange=ex
    )
    if shown.get(("EMAIL", "BULK")) == "OPTOUT":
        fail(
            "Failed subscription applied", "EMAIL BULK not OPTOUT", "EMAIL BULK OPTOUT", exchange=ex
        )
