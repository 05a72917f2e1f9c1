"""registerCustomer: the created customer, required identifiers, formats, duplicates, extras."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, find, lookup_params, register
from conformance.suites.expect import (
    expect_equal,
    expect_error,
    expect_success,
    expect_warning,
    fail,
    json_body,
)
from conformance.suites.requests import org_primary_identifier, provokes

MAIN = ("mobile", "email", "externalId")
PRIMARY_CODE = {"mobile": 1006, "email": 1039, "externalId": 1043}


def body(ids: dict[str, str], loyalty: str | None = "loyalty", **extra: Any) -> dict[str, Any]:
    items = [{"type": k, "value": v} for k, v in ids.items()]
    profile = {"firstName": "Conformance", "source": "INSTORE", "identifiers": items}
    doc: dict[str, Any] = {"profiles": [profile], **extra}
    if loyalty is not None:
        doc["loyaltyInfo"] = {**doc.get("loyaltyInfo", {}), "loyaltyType": loyalty}
    return doc


def created(when: str) -> dict[str, Any]:
    """Registration date-time, in the member the OpenAPI document gives it (attributionV2)."""
    return {"loyaltyInfo": {"attributionV2": {"createDate": when}}}


def post(lookup: LookupSession, doc: dict[str, Any]) -> Exchange:
    return lookup.client.request("POST", "/v2/customers", json_body=doc)


def fresh(lookup: LookupSession, *names: str) -> dict[str, str]:
    ids = lookup.unique_identifiers()
    return {n: ids[n] for n in names} if names else ids


@pytest.mark.requirement("LKP-REG-001")
def test_registration_envelope(lookup: LookupSession) -> None:
    got = expect_success(post(lookup, body(fresh(lookup))))
    new_id = got.get("createdId")
    if type(new_id) is not int or new_id <= 0:
        fail("createdId is not a positive integer", "createdId: a positive integer", repr(new_id))
    if not isinstance(side := got.get("sideEffects"), list):
        fail("Missing sideEffects", "sideEffects: an array", repr(side))


@pytest.mark.requirement("LKP-REG-002")
def test_registered_customer_found_by_every_identifier(lookup: LookupSession) -> None:
    customer = register(lookup)
    dual = ((lookup.target.org("primary") or {}).get("dual_eligibility") or {}).get("enabled")
    names = [org_primary_identifier(lookup)] if dual else [*customer.identifiers, "id"]
    for name in names:
        if not lookup.target.declares("identifier-" + name):
            continue
        value = str(customer.customer_id) if name == "id" else customer.identifiers[name]
        expect_equal(f"entity found by {name}", customer.customer_id, find(lookup, name, value))


@pytest.mark.requirement("LKP-REG-003")
def test_loyalty_type_defaults_to_loyalty(lookup: LookupSession) -> None:
    ids = fresh(lookup)
    expect_success(post(lookup, body(ids, loyalty=None)))
    params = lookup_params("mobile", ids["mobile"])
    details = expect_success(
        lookup.client.request("GET", LOOKUP + "/customerDetails", params=params)
    )
    got = (details.get("loyaltyInfo") or {}).get("loyaltyType")
    expect_equal("loyaltyType without loyaltyInfo", "loyalty", got, "/loyaltyInfo/loyaltyType")


@pytest.mark.requirement("LKP-REG-003")
def test_unknown_loyalty_type_is_invalid(lookup: LookupSession) -> None:
    expect_error(lookup, post(lookup, body(fresh(lookup), loyalty="gold")), 400)


@pytest.mark.requirement("LKP-REG-004")
def test_loyalty_needs_mobile_email_or_external_id(lookup: LookupSession) -> None:
    expect_error(lookup, post(lookup, body(fresh(lookup, "cardnumber"))), 1007)


@pytest.mark.requirement("LKP-REG-005")
def test_email_alone_is_not_enough(lookup: LookupSession) -> None:
    if org_primary_identifier(lookup) == "email":
        pytest.skip("the org's primary identifier is email: email alone is enough")
    expect_error(lookup, post(lookup, body(fresh(lookup, "email"))), 1019)


@pytest.mark.requirement("LKP-REG-006")
@provokes(1006, 1039, 1043)
def test_primary_identifier_is_required(lookup: LookupSession) -> None:
    primary = org_primary_identifier(lookup)
    if primary not in PRIMARY_CODE:
        pytest.skip(f"the org's primary identifier {primary} has no registration code")
    others = [n for n in MAIN if n != primary]
    expect_error(lookup, post(lookup, body(fresh(lookup, *others))), PRIMARY_CODE[primary])


@pytest.mark.requirement("LKP-REG-007")
@pytest.mark.parametrize(
    ("ids", "code"),
    [({"cardnumber": "LKP-CARD-ONLY"}, 1059), ({"mobile": "12", "email": "not-an-email"}, 1045)],
    ids=["no mobile or email", "all malformed"],
)
@provokes(1059, 1045)
def test_non_loyalty_needs_a_valid_mobile_or_email(
    lookup: LookupSession, ids: dict[str, str], code: int
) -> None:
    expect_error(lookup, post(lookup, body(ids, "non_loyalty")), code)


@pytest.mark.requirement("LKP-REG-008")
def test_non_loyalty_has_no_external_id(lookup: LookupSession) -> None:
    doc = body(fresh(lookup, "mobile", "externalId"), "non_loyalty")
    expect_error(lookup, post(lookup, doc), 1008)


INVALID = [
    ("mobile", "12", 1001, "LKP-REG-009"),
    ("mobile", "91-abc-defg", 1001, "LKP-REG-009"),
    ("email", "not-an-email", 1002, "LKP-REG-010"),
    ("email", "tom@@example.com", 1002, "LKP-REG-010"),
    ("externalId", "   ", 1003, "LKP-REG-011"),
    ("externalId", "X" * 101, 1003, "LKP-REG-011"),
    ("externalId", "LKP,1", 1003, "LKP-REG-011"),
    ("externalId", "LKP\x011", 1003, "LKP-REG-011"),
]


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [pytest.param(n, v, c, marks=pytest.mark.requirement(r)) for n, v, c, r in INVALID],
    ids=lambda v: repr(v)[:20],
)
@provokes(1001, 1002, 1003)
def test_malformed_identifier_is_refused(
    lookup: LookupSession, name: str, value: str, code: int
) -> None:
    expect_error(lookup, post(lookup, body(fresh(lookup) | {name: value})), code)


@pytest.mark.requirement("LKP-REG-012")
def test_registering_again_is_1014(lookup: LookupSession) -> None:
    ids = register(lookup).identifiers
    expect_error(lookup, post(lookup, body({n: ids[n] for n in MAIN})), 1014)


TAKEN = [
    ("mobile", lambda v: "+" + v, 1032, "LKP-REG-013"),
    ("email", str.upper, 1016, "LKP-REG-014"),
    ("externalId", str, 1033, "LKP-REG-015"),
    ("cardnumber", str.lower, 400, "LKP-REG-017"),
]


def _marks(name: str, requirement: str) -> list[Any]:
    return [pytest.mark.requirement(requirement), pytest.mark.profile(f"identifier-{name}")]


@pytest.mark.parametrize(
    ("name", "spell", "code"),
    [pytest.param(n, f, c, marks=_marks(n, r), id=n) for n, f, c, r in TAKEN],
)
@provokes(1032, 1016, 1033)
def test_another_customers_identifier_is_refused(
    lookup: LookupSession, name: str, spell: Any, code: int
) -> None:
    held = register(lookup).identifiers[name]
    expect_error(lookup, post(lookup, body(fresh(lookup) | {name: spell(held)})), code)


@pytest.mark.requirement("LKP-REG-017")
@pytest.mark.profile("identifier-source-specific")
def test_another_customers_source_specific_identifier_is_refused(lookup: LookupSession) -> None:
    wechat = f"wx-{lookup.run_tag}-{lookup.serial()}"
    expect_success(post(lookup, body(fresh(lookup) | {"wechat": wechat})))
    expect_error(lookup, post(lookup, body(fresh(lookup) | {"wechat": wechat})), 400)


@pytest.mark.requirement("LKP-REG-016")
@pytest.mark.parametrize("kind", ["passport", "MOBILE", "id"])
def test_unknown_identifier_type_is_invalid(lookup: LookupSession, kind: str) -> None:
    unique = lookup.unique_identifiers()["mobile"][3:]  # a value held by no one
    expect_error(lookup, post(lookup, body(fresh(lookup) | {kind: unique})), 400)


@pytest.mark.requirement("LKP-REG-016")
def test_identifier_type_aliases_are_accepted(lookup: LookupSession) -> None:
    ids = fresh(lookup)
    aliased = {k: v for k, v in ids.items() if k not in ("externalId", "cardnumber")}
    doc = body(aliased | {"externalID": ids["externalId"], "cardNumber": ids["cardnumber"]})
    expect_success(post(lookup, doc), why="identifier types externalID and cardNumber")


def _when(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


BY_UNKNOWN: dict[str, Any] = {"loyaltyInfo": {"attributionV2": {"createdBy": {"code": "x"}}}}
# Attribution members as the OpenAPI document names them (LKP-REG-019's rationale defers to it).
ATTRIBUTION: list[tuple[str, dict[str, Any], int, str]] = [
    ("createDate 2 days ahead", created(_when(timedelta(days=2))), 1034, "LKP-REG-018"),
    ("createDate 101 years ago", created(_when(-timedelta(days=36900))), 1034, "LKP-REG-018"),
    ("associatedWith", {"associatedWith": "lkp.unknown.till"}, 91020, "LKP-REG-019"),
    ("createdBy.code", BY_UNKNOWN, 91021, "LKP-REG-019"),
    ("storeId", {"storeId": 987654321}, 1150, "LKP-REG-019"),
]


@pytest.mark.parametrize(
    ("extra", "code"),
    [pytest.param(e, c, marks=pytest.mark.requirement(r), id=i) for i, e, c, r in ATTRIBUTION],
)
@provokes(1034, 91020, 91021, 1150)
def test_attribution_out_of_limits_is_refused(
    lookup: LookupSession, extra: dict[str, Any], code: int
) -> None:
    expect_error(lookup, post(lookup, body(fresh(lookup), **extra)), code)


@pytest.mark.requirement("LKP-REG-020")
def test_unknown_custom_field_is_1017(lookup: LookupSession) -> None:
    expect_error(lookup, post(lookup, _with_unknown_field(body(ids := fresh(lookup)))), 1017)
    ex = lookup.client.request("GET", LOOKUP, params=lookup_params("mobile", ids["mobile"]))
    expect_error(lookup, ex, 8015, why="a refused registration creates no customer")


@pytest.mark.requirement("LKP-REG-021")
@pytest.mark.parametrize(
    ("field", "value"),
    [("lkpUnknownExtendedField", "x"), ("city", "C" * 256)],
    ids=["unknown", "long"],
)
def test_extended_field_problem_is_warning_91015(
    lookup: LookupSession, field: str, value: str
) -> None:
    ex = post(lookup, body(ids := fresh(lookup), extendedFields={field: value}))
    expect_success(ex, why="an extended field problem is only a warning")
    expect_warning(ex, 91015)
    messages = [w.get("message", "") for w in (json_body(ex).get("warnings") or [])]
    if not any(field in str(m) for m in messages):
        fail(
            "91015 does not name the field",
            f"a message naming {field}",
            repr(messages),
            exchange=ex,
        )
    find(lookup, "mobile", ids["mobile"])


@pytest.mark.requirement("LKP-REG-022")
def test_unknown_preferred_store_is_warning_1053(lookup: LookupSession) -> None:
    ex = post(lookup, body(ids := fresh(lookup), preferredStore="lkp.unknown.store"))
    expect_success(ex, why="an unknown preferred store is only a warning")
    expect_warning(ex, 1053)
    find(lookup, "mobile", ids["mobile"])


def _with_unknown_field(doc: dict[str, Any]) -> dict[str, Any]:
    doc["profiles"][0]["fields"] = {"lkpUnknownCustomField": "x"}
    return doc


@pytest.fixture(scope="module")
def taken(lookup: LookupSession) -> dict[str, str]:
    """Identifiers of a customer registered before the order cases."""
    return register(lookup).identifiers


Case = Callable[[LookupSession, dict[str, str]], dict[str, Any]]
FUTURE = _when(timedelta(days=30))
U = _with_unknown_field
# (the codes a body provokes, first the one that must win; build(lookup, taken); code)
ORDER: list[tuple[str, Case, int]] = [
    ("1007, 1017", lambda k, t: U(body(fresh(k, "cardnumber"))), 1007),
    ("1001, 1016", lambda k, t: body(fresh(k) | {"mobile": "12", "email": t["email"]}), 1001),
    ("1008, 1032", lambda k, t: body(fresh(k) | {"mobile": t["mobile"]}, "non_loyalty"), 1008),
    ("1033, 1017", lambda k, t: U(body(fresh(k) | {"externalId": t["externalId"]})), 1033),
    ("1017, 1034", lambda k, t: U(body(fresh(k), **created(FUTURE))), 1017),
    ("1034, 91020", lambda k, t: body(fresh(k), **created(FUTURE), associatedWith="x"), 1034),
    ("91020, 91021", lambda k, t: body(fresh(k), **BY_UNKNOWN, associatedWith="x"), 91020),
    ("91021, 1150", lambda k, t: body(fresh(k), **BY_UNKNOWN, storeId=987654321), 91021),
]


@pytest.mark.requirement("LKP-REG-023")
@pytest.mark.parametrize(("why", "case", "code"), ORDER, ids=[w for w, _, _ in ORDER])
@provokes(1007, 1001, 1008, 1033, 1017, 1034, 91020, 91021)
def test_registration_checks_in_order(
    lookup: LookupSession, taken: dict[str, str], why: str, case: Case, code: int
) -> None:
    expect_error(lookup, post(lookup, case(lookup, taken)), code, why=f"{why}: {code} first")
