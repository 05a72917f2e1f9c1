"""Bad input of any kind gets a 4xx with the spec's code, never a 500 or a partial write;
the precedence chain decides which error wins."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from ref_helpers import Kit, L, code_of, fresh_mobile

JSON = {"content-type": "application/json"}
BAD_BODIES = [
    b"{not json",
    b"[]",
    b'"text"',
    b"null",
    b"\xff\xfe{}",
    b'{"notes": NaN}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"profiles": 5, "notes": 5, "reason": 5, "label": 5, "subscriptions": 5, "scope": 5}',
]


@pytest.mark.parametrize("body", BAD_BODIES, ids=range(len(BAD_BODIES)))
@pytest.mark.parametrize(
    "path", ["/v2/customers", f"{L}/notes", f"{L}/status", f"{L}/subscriptions", L]
)
def test_bad_bodies_are_4xx(shared_kit: Kit, body: bytes, path: str) -> None:
    method = "POST" if path in ("/v2/customers", f"{L}/subscriptions") else "PUT"
    response = shared_kit.call(
        method, path, params=shared_kit.special("loyalty"), content=body, headers=JSON
    )
    assert 400 <= response.status_code < 500
    assert code_of(response) is not None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"profiles": "x"}, 400),
        ({"profiles": [{"firstName": 5, "source": "INSTORE"}]}, 400),
        ({"profiles": [{"source": "ALL", "identifiers": []}]}, 400),
        ({"profiles": [{"source": "WECHAT", "identifiers": []}]}, 400),
        (
            {
                "profiles": [
                    {"source": "INSTORE", "identifiers": [{"type": "MOBILE", "value": "1"}]}
                ]
            },
            400,
        ),
        ({"profiles": [{"source": "INSTORE"}], "loyaltyInfo": {"loyaltyType": "gold"}}, 400),
    ],
)
def test_wrongly_typed_registration_members_are_400(
    shared_kit: Kit, body: dict[str, Any], code: int
) -> None:
    assert code_of(shared_kit.call("POST", "/v2/customers", json=body)) == code


def test_non_utf8_query_and_unknown_params(shared_kit: Kit) -> None:
    raw = shared_kit.call("GET", f"{L}?source=INSTORE&identifierName=mobile&identifierValue=%FF%FE")
    assert code_of(raw) == 8013
    params = shared_kit.special("loyalty", bogus="1", another="x")
    assert shared_kit.call("GET", L, params=params).status_code == 200


def test_get_ignores_content_type(shared_kit: Kit) -> None:
    headers = {"content-type": "text/plain"}
    response = shared_kit.call("GET", L, params=shared_kit.special("loyalty"), headers=headers)
    assert response.status_code == 200


def test_setimage_limits(shared_kit: Kit) -> None:
    params = shared_kit.special("loyalty")
    wrong = shared_kit.call("POST", f"{L}/setImage", params=params, content=b"x", headers=JSON)
    empty = shared_kit.call("POST", f"{L}/setImage", params=params, files={"FILE": ("a", b"")})
    text = shared_kit.call(
        "POST", f"{L}/setImage", params=params, files={"FILE": ("a.png", b"x" * 200)}
    )
    assert [code_of(r) for r in (wrong, empty, text)] == [415, 400, 400]


def test_failed_update_changes_nothing(kit: Kit) -> None:
    mobile = fresh_mobile()
    kit.register(mobile=mobile)
    before = kit.call("GET", f"{L}/customerDetails", params=kit.params(mobile)).json()
    body = {
        "profiles": [
            {"firstName": "Changed", "identifiers": [{"type": "mobile", "value": "919000000101"}]}
        ],
        "extendedFields": {"city": "Pune"},
    }
    assert code_of(kit.call("PUT", L, params=kit.params(mobile), json=body)) == 1047
    after = kit.call("GET", f"{L}/customerDetails", params=kit.params(mobile)).json()
    assert before == after


def _req(kit: Kit, method: str, path: str, **kw: Any) -> httpx.Response:
    return kit.call(method, f"{L}{path}", **kw)


PRECEDENCE = [
    # (description, expected code, request)
    (
        "401 before 415",
        401,
        lambda k: k.call(
            "PUT", f"{L}/notes", auth=False, content=b"x", headers={"content-type": "text/plain"}
        ),
    ),
    (
        "415 before 413",
        415,
        lambda k: k.call(
            "PUT",
            f"{L}/notes",
            content=b" " * (1024 * 1024 + 5),
            headers={"content-type": "text/plain"},
        ),
    ),
    (
        "413 before 8003",
        413,
        lambda k: k.call(
            "PUT",
            f"{L}/notes",
            params={"source": "BOGUS"},
            content=b" " * (1024 * 1024 + 5),
            headers=JSON,
        ),
    ),
    ("8003 before 8045", 8003, lambda k: k.call("GET", L, params={"source": "MOBILE_APP"})),
    (
        "empty accountId is 8045",
        8045,
        lambda k: k.call("GET", L, params=k.params("1", source="WECHAT", accountId="  ")),
    ),
    (
        "8045 before 8013",
        8045,
        lambda k: k.call("GET", L, params={"source": "WECHAT", "identifierName": "X"}),
    ),
    (
        "8011 before 8013",
        8011,
        lambda k: k.call(
            "GET", L, params={"source": "WECHAT", "accountId": "no", "identifierName": "X"}
        ),
    ),
    (
        "8013 before 1015",
        8013,
        lambda k: k.call("GET", L, params={"source": "INSTORE", "identifierName": "X"}),
    ),
    ("1015 before format", 1015, lambda k: k.call("GET", L, params=k.params("   "))),
    (
        "8013 before 1060",
        8013,
        lambda k: k.call(
            "GET",
            L,
            org="dual",
            params=k.params(
                "12,a@example.com,e,c,w,f", name="mobile,email,externalId,cardnumber,wechat,fbId"
            ),
        ),
    ),
    (
        "8015 before 8065",
        8015,
        lambda k: k.call(
            "GET", L, params=k.params("919999999999", source="FACEBOOK", accountId="fb-main")
        ),
    ),
    (
        "8065 before 618",
        8065,
        lambda k: k.call(
            "PUT", f"{L}/notes", params=k.special("fraud", source="WEB_ENGAGE"), json={}
        ),
    ),
    (
        "618 before body",
        618,
        lambda k: k.call("PUT", f"{L}/notes", params=k.special("fraud"), json={"notes": 5}),
    ),
    (
        "8089 before 1212",
        8089,
        lambda k: k.call(
            "GET", f"{L}/points/balance", params=k.special("non_loyalty", entityType="BOGUS")
        ),
    ),
    (
        "1013 before dates",
        1013,
        lambda k: k.call(
            "GET", f"{L}/transactions", params=k.special("non_loyalty", startDate="2024-13-01")
        ),
    ),
    (
        "1020 before 1202",
        1020,
        lambda k: k.call("GET", f"{L}/referrals", params=k.special("non_loyalty")),
    ),
    (
        "1202 before 1206",
        1202,
        lambda k: k.call(
            "POST",
            f"{L}/referrals/invite",
            params=k.special("loyalty", campaignToken="no"),
            json={"invitees": [{"type": "FAX", "identifier": "x"}]},
        ),
    ),
    (
        "1212 before 1213",
        1212,
        lambda k: k.call(
            "GET", f"{L}/tierDetails", params=k.special("loyalty", entityType="X", programId="9")
        ),
    ),
    (
        "885 before 1216",
        885,
        lambda k: k.call(
            "GET",
            f"{L}/pointsExpirySchedule",
            params=k.special(
                "loyalty", programId="1001", fetchDataForAllPrograms="true", startDate="x"
            ),
        ),
    ),
    (
        "1216 before 1214",
        1216,
        lambda k: k.call(
            "GET",
            f"{L}/promisedPointsSchedule",
            params=k.special("loyalty", startDate="2031-01-01", endDate="2030-1-1"),
        ),
    ),
    (
        "1214 before 1215",
        1214,
        lambda k: k.call(
            "GET",
            f"{L}/promisedPointsSchedule",
            params=k.special("loyalty", startDate="2002-01-01", endDate="2001-01-01"),
        ),
    ),
    (
        "use_async=yes is 400",
        400,
        lambda k: k.call("PUT", L, params=k.special("loyalty", use_async="yes"), json={}),
    ),
]


@pytest.mark.parametrize(("what", "code", "call"), PRECEDENCE, ids=[p[0] for p in PRECEDENCE])
def test_precedence(shared_kit: Kit, what: str, code: int, call: Any) -> None:
    assert code_of(call(shared_kit)) == code
