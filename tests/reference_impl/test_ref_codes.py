"""Every triggerable code of spec/codes.yaml is reachable by some request, with its HTTP status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from ref_helpers import Kit, L, code_of, fresh_mobile, warning_codes

from reference_impl.demo import MISCONFIGURED_CAMPAIGN

CODES = yaml.safe_load((Path(__file__).parents[2] / "spec" / "codes.yaml").read_text())["codes"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
Call = Callable[[Kit], httpx.Response]


def reg(kit: Kit, org: str = "demo", **extra: Any) -> httpx.Response:
    """Register with a profile built from `identifiers` plus top-level extras."""
    identifiers = extra.pop("identifiers", {"mobile": fresh_mobile()})
    profile = {"identifiers": [{"type": t, "value": v} for t, v in identifiers.items()]}
    profile |= {"source": "INSTORE"} | extra.pop("profile", {})
    return kit.call("POST", "/v2/customers", org=org, json={"profiles": [profile], **extra})


def on_new(kit: Kit, method: str, path: str, body: Any = None, **params: Any) -> httpx.Response:
    """Call `path` for a freshly registered customer (with mobile and email)."""
    mobile = fresh_mobile()
    kit.register(mobile=mobile, email=f"c{mobile}@example.com")
    kw: dict[str, Any] = {"params": kit.params(mobile, **params)}
    if body is not None:
        kw["json"] = body
    return kit.call(method, f"{L}{path}", **kw)


def on_special(
    kit: Kit, key: str, method: str, path: str, body: Any = None, **params: Any
) -> httpx.Response:
    kw: dict[str, Any] = {"params": kit.special(key, **params)}
    if body is not None:
        kw["json"] = body
    return kit.call(method, f"{L}{path}", **kw)


def taken(kit: Kit, kind: str) -> httpx.Response:
    mobile = fresh_mobile()
    kit.register(mobile=mobile, email=f"t{mobile}@example.com", externalId=f"x{mobile}")
    ids = {"mobile": fresh_mobile()}
    ids |= {"email": f"t{mobile}@example.com"} if kind == "email" else {}
    ids |= {"externalId": f"x{mobile}"} if kind == "externalId" else {}
    ids = {"mobile": mobile} if kind == "mobile" else ids
    if kind == "mobile":
        ids["email"] = f"other{mobile}@example.com"
    return reg(kit, identifiers=ids)


def update(
    kit: Kit, org: str, ids: dict[str, str], body: dict[str, Any], **reg_kw: Any
) -> httpx.Response:
    name, value = next(iter(ids.items()))
    kit.register(org=org, **ids)
    return kit.call("PUT", L, org=org, params=kit.params(value, name=name), json=body)


def to_loyalty(kit: Kit, org: str, ids: dict[str, str]) -> httpx.Response:
    name, value = next(iter(ids.items()))
    body = {
        "profiles": [
            {"identifiers": [{"type": k, "value": v} for k, v in ids.items()], "source": "INSTORE"}
        ],
        "loyaltyInfo": {"loyaltyType": "non_loyalty"},
    }
    assert kit.call("POST", "/v2/customers", org=org, json=body).status_code == 200
    return kit.call(
        "PUT",
        L,
        org=org,
        params=kit.params(value, name=name),
        json={"loyaltyInfo": {"loyaltyType": "loyalty"}},
    )


def change(kit: Kit, **body: Any) -> httpx.Response:
    base = {"identifierName": "email", "newValue": f"new{fresh_mobile()}@example.com"}
    return on_new(kit, "POST", "/changeRequest", base | body)


def invite(
    kit: Kit, invitees: list[dict[str, str]], token: str = "demo-campaign"
) -> httpx.Response:
    return on_new(kit, "POST", "/referrals/invite", {"invitees": invitees}, campaignToken=token)


def dual(kit: Kit, names: str, values: str) -> httpx.Response:
    return kit.call("GET", L, org="dual", params=kit.params(values, name=names))


SUB = {"scope": {"scope": "USER", "subScope": "NONE"}}


def subs(*items: tuple[str, str, str], **extra: Any) -> dict[str, Any]:
    return (
        SUB
        | {"subscriptions": [{"channel": c, "priority": p, "type": t} for c, p, t in items]}
        | extra
    )


def mobile_only_subs(kit: Kit, *items: tuple[str, str, str]) -> httpx.Response:
    mobile = fresh_mobile()
    kit.register(mobile=mobile)
    return kit.call("POST", f"{L}/subscriptions", params=kit.params(mobile), json=subs(*items))


OK_SUB = ("EMAIL", "BULK", "OPTIN")
TABLE: list[tuple[int, int, Call]] = [
    (400, 400, lambda k: on_new(k, "GET", "/transactions", limit="0")),
    (401, 401, lambda k: k.call("GET", L, auth=False, params=k.params("919999999999"))),
    (405, 405, lambda k: k.call("PATCH", L, params=k.special("loyalty"), json={})),
    (
        413,
        413,
        lambda k: k.call(
            "POST",
            "/v2/customers",
            content=b" " * (1024 * 1024 + 1),
            headers={"content-type": "application/json"},
        ),
    ),
    (
        415,
        415,
        lambda k: k.call(
            "POST", "/v2/customers", content=b"{}", headers={"content-type": "text/plain"}
        ),
    ),
    (
        618,
        403,
        lambda k: on_special(k, "fraud", "PUT", "/notes", {"notes": [{"key": "a", "value": "b"}]}),
    ),
    (816, 404, lambda k: k.call("GET", f"{L}/transactions", params=k.params("919999999999"))),
    (
        885,
        400,
        lambda k: on_special(
            k,
            "loyalty",
            "GET",
            "/promisedPointsSchedule",
            programId="1001",
            fetchDataForAllPrograms="true",
        ),
    ),
    (1001, 400, lambda k: reg(k, identifiers={"mobile": "12"})),
    (1002, 400, lambda k: reg(k, identifiers={"mobile": fresh_mobile(), "email": "not-an-email"})),
    (1003, 400, lambda k: reg(k, identifiers={"mobile": fresh_mobile(), "externalId": "a,b"})),
    (1006, 400, lambda k: reg(k, identifiers={"externalId": f"x{fresh_mobile()}"})),
    (1007, 400, lambda k: reg(k, identifiers={"cardnumber": f"C{fresh_mobile()}"})),
    (
        1008,
        400,
        lambda k: reg(
            k,
            identifiers={"mobile": fresh_mobile(), "externalId": "e1"},
            loyaltyInfo={"loyaltyType": "non_loyalty"},
        ),
    ),
    (
        1011,
        404,
        lambda k: on_new(k, "GET", "/transactions", source="FACEBOOK", accountId="fb-main"),
    ),
    (1013, 404, lambda k: on_special(k, "non_loyalty", "GET", "/transactions")),
    (1014, 400, lambda k: reg(k, identifiers={"mobile": "919000000101"})),
    (1015, 400, lambda k: k.call("GET", L, params=k.params("  "))),
    (1016, 400, lambda k: taken(k, "email")),
    (1017, 400, lambda k: reg(k, profile={"fields": {"shoeSize": "42"}})),
    (1019, 400, lambda k: reg(k, identifiers={"email": f"e{fresh_mobile()}@example.com"})),
    (
        1020,
        404,
        lambda k: on_special(k, "non_loyalty", "GET", "/referrals", campaignToken="demo-campaign"),
    ),
    (1021, 400, lambda k: change(k, validationCode="0000")),
    (1025, 400, lambda k: change(k, verification={"mandatory": {"firstName": "Huck"}})),
    (1026, 400, lambda k: change(k, verification={"optional": {"lastName": "Finn"}})),
    (1027, 400, lambda k: change(k, verification={"mandatory": {"shoeSize": "42"}})),
    (1028, 404, lambda k: on_new(k, "GET", "/notes")),
    (1031, 404, lambda k: on_new(k, "GET", "/preferences")),
    (1032, 400, lambda k: taken(k, "mobile")),
    (1033, 400, lambda k: taken(k, "externalId")),
    (
        1034,
        400,
        lambda k: reg(k, loyaltyInfo={"attributionV2": {"createDate": "2999-01-01T00:00:00Z"}}),
    ),
    (
        1035,
        201,
        lambda k: on_new(
            k,
            "PUT",
            "/preferences",
            {"preferences": [{"name": "a", "value": "b"}, {"name": "", "value": "c"}]},
        ),
    ),
    (
        1036,
        201,
        lambda k: on_new(
            k, "PUT", "/notes", {"notes": [{"key": "a", "value": "b"}, {"key": "", "value": "c"}]}
        ),
    ),
    (1037, 400, lambda k: on_new(k, "PUT", "/notes", {"notes": [{"key": "", "value": "c"}]})),
    (1039, 400, lambda k: reg(k, "email", identifiers={"mobile": fresh_mobile()})),
    (1041, 400, lambda k: change(k, identifierName="mobile", newValue="919000000101")),
    (1042, 400, lambda k: change(k, newValue="not-an-email")),
    (1043, 400, lambda k: reg(k, "extid", identifiers={"mobile": fresh_mobile()})),
    (
        1045,
        400,
        lambda k: reg(k, identifiers={"mobile": "12"}, loyaltyInfo={"loyaltyType": "non_loyalty"}),
    ),
    (1046, 400, lambda k: on_new(k, "PUT", "", {"loyaltyInfo": {"loyaltyType": "non_loyalty"}})),
    (
        1047,
        400,
        lambda k: on_new(
            k,
            "PUT",
            "",
            {"profiles": [{"identifiers": [{"type": "mobile", "value": "919000000101"}]}]},
        ),
    ),
    (1048, 400, lambda k: to_loyalty(k, "email", {"mobile": fresh_mobile()})),
    (1049, 400, lambda k: to_loyalty(k, "extid", {"mobile": fresh_mobile()})),
    (1051, 404, lambda k: on_new(k, "GET", "/recommendations")),
    (
        1059,
        400,
        lambda k: reg(
            k, identifiers={"externalId": "x"}, loyaltyInfo={"loyaltyType": "non_loyalty"}
        ),
    ),
    (
        1060,
        400,
        lambda k: dual(
            k,
            "mobile,email,externalId,cardnumber,wechat,fbId",
            "919900000001,a@example.com,e,c,w,f",
        ),
    ),
    (1101, 400, lambda k: on_new(k, "POST", "/subscriptions", subs(("FAX", "BULK", "OPTIN")))),
    (
        1102,
        400,
        lambda k: on_new(k, "POST", "/subscriptions", subs(("EMAIL", "SOMETIMES", "OPTIN"))),
    ),
    (
        1103,
        400,
        lambda k: on_new(
            k, "POST", "/subscriptions", subs(OK_SUB) | {"scope": {"scope": "PLANET"}}
        ),
    ),
    (1104, 400, lambda k: mobile_only_subs(k, OK_SUB)),
    (
        1105,
        400,
        lambda k: on_new(
            k,
            "POST",
            "/subscriptions",
            subs(OK_SUB) | {"scope": [{"scope": "USER"}, {"scope": "USER"}]},
        ),
    ),
    (1106, 400, lambda k: on_new(k, "POST", "/subscriptions", subs(("EMAIL", "BULK", "MAYBE")))),
    (1107, 400, lambda k: on_new(k, "POST", "/subscriptions", subs(OK_SUB, campaignId=-5))),
    (1108, 400, lambda k: on_new(k, "POST", "/subscriptions", subs(OK_SUB, communicationId="x"))),
    (1150, 400, lambda k: reg(k, storeId=999999)),
    (1202, 400, lambda k: on_new(k, "GET", "/referrals", campaignToken="nope")),
    (1203, 400, lambda k: on_new(k, "GET", "/referrals", campaignToken=MISCONFIGURED_CAMPAIGN)),
    (1204, 403, lambda k: _no_contact_referral(k)),
    (1205, 404, lambda k: on_new(k, "GET", "/referrals", campaignToken="demo-campaign")),
    (1206, 400, lambda k: invite(k, [{"type": "FAX", "identifier": "123"}])),
    (1212, 400, lambda k: on_new(k, "GET", "/points/balance", entityType="PLANET")),
    (1213, 400, lambda k: on_new(k, "GET", "/loyaltyDetails", programId="77")),
    (
        1214,
        400,
        lambda k: on_new(
            k, "GET", "/pointsExpirySchedule", startDate="2030-01-02", endDate="2030-01-01"
        ),
    ),
    (1215, 400, lambda k: on_new(k, "GET", "/promisedPointsSchedule", endDate="2001-01-01")),
    (1216, 400, lambda k: on_new(k, "GET", "/promisedPointsSchedule", startDate="2024/01/01")),
    (1217, 400, lambda k: on_new(k, "GET", "/pointsExpirySchedule", endDate="2300-01-01")),
    (1301, 400, lambda k: _ticket_twice(k)),
    (1303, 400, lambda k: on_new(k, "POST", "/tickets", {"subject": "  "})),
    (8003, 400, lambda k: k.call("GET", L, params=k.params("919900000001", source="instore"))),
    (
        8011,
        400,
        lambda k: k.call(
            "GET", L, params=k.params("919900000001", source="WECHAT", accountId="nope")
        ),
    ),
    (8013, 400, lambda k: k.call("GET", L, params=k.params("919900000001", name="MOBILE"))),
    (8015, 404, lambda k: k.call("GET", L, params=k.params("919999999999"))),
    (8045, 400, lambda k: k.call("GET", L, params=k.params("919900000001", source="WECHAT"))),
    (8065, 404, lambda k: on_new(k, "GET", "", source="FACEBOOK", accountId="fb-main")),
    (
        8083,
        400,
        lambda k: k.call(
            "POST",
            f"{L}/setImage",
            params=k.special("loyalty"),
            files={"FILE": ("a.png", PNG[:50], "image/png")},
        ),
    ),
    (8089, 404, lambda k: on_special(k, "non_loyalty", "GET", "/loyaltyDetails")),
    (
        8130,
        400,
        lambda k: on_new(k, "GET", "/transactions", startDate="2030-01-02", endDate="2030-01-01"),
    ),
    (91020, 400, lambda k: reg(k, associatedWith="no.such.till")),
    (
        91021,
        400,
        lambda k: reg(k, loyaltyInfo={"attributionV2": {"createdBy": {"code": "nobody"}}}),
    ),
    (91022, 201, lambda k: mobile_only_subs(k, OK_SUB, ("SMS", "BULK", "OPTOUT"))),
]
WARNINGS: list[tuple[int, Call]] = [
    (1053, lambda k: reg(k, preferredStore="no.such.store")),
    (
        91005,
        lambda k: on_new(
            k,
            "PUT",
            "",
            {"profiles": [{"identifiers": [{"type": "mobile", "value": fresh_mobile()}]}]},
        ),
    ),
    (
        91006,
        lambda k: on_new(
            k, "PUT", "", {"profiles": [{"identifiers": [{"type": "id", "value": "5"}]}]}
        ),
    ),
    (
        91007,
        lambda k: on_new(
            k,
            "PUT",
            "",
            {
                "profiles": [
                    {"identifiers": [{"type": "email", "value": "loyal.customer@seed.example.com"}]}
                ]
            },
        ),
    ),
    (91011, lambda k: on_new(k, "GET", "/tierDetails")),
    (91012, lambda k: on_special(k, "loyalty", "GET", "/tierDetails")),
    (91015, lambda k: reg(k, extendedFields={"shoe": "42"})),
]


def _no_contact_referral(kit: Kit) -> httpx.Response:
    external = f"x{fresh_mobile()}"
    body = {
        "profiles": [
            {"identifiers": [{"type": "externalId", "value": external}], "source": "INSTORE"}
        ]
    }
    assert kit.call("POST", "/v2/customers", org="extid", json=body).status_code == 200
    params = kit.params(external, name="externalId", campaignToken="demo-campaign")
    with kit.state.store.write() as conn:
        conn.execute("INSERT INTO campaigns VALUES (5, 'demo-campaign', 'active')")
    return kit.call("GET", f"{L}/referrals", org="extid", params=params)


def _ticket_twice(kit: Kit) -> httpx.Response:
    mobile = fresh_mobile()
    kit.register(mobile=mobile)
    params = kit.params(mobile)
    assert (
        kit.call("POST", f"{L}/tickets", params=params, json={"subject": "Lost"}).status_code == 200
    )
    return kit.call("POST", f"{L}/tickets", params=params, json={"subject": "Lost"})


@pytest.mark.parametrize(("code", "status", "call"), TABLE, ids=[str(row[0]) for row in TABLE])
def test_error_code_is_reachable(shared_kit: Kit, code: int, status: int, call: Call) -> None:
    response = call(shared_kit)
    assert (code_of(response), response.status_code) == (code, status), response.text


@pytest.mark.parametrize(("code", "call"), WARNINGS, ids=[str(row[0]) for row in WARNINGS])
def test_warning_code_is_reachable(shared_kit: Kit, code: int, call: Call) -> None:
    response = call(shared_kit)
    assert response.status_code == 200, response.text
    assert code in warning_codes(response)


def test_every_triggerable_code_is_in_the_tables() -> None:
    triggerable = {c["code"] for c in CODES if c.get("triggerable")}
    covered = {row[0] for row in TABLE} | {row[0] for row in WARNINGS}
    assert triggerable == covered


def test_statuses_match_the_catalog() -> None:
    catalog = {c["code"]: c["http_status"] for c in CODES}
    assert all(catalog[code] == status for code, status, _ in TABLE)
