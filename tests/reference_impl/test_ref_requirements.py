"""Requirement texts the reference once disagreed with, each pinned by the requirement's id."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from ref_helpers import Kit, L, code_of, fresh_mobile

from reference_impl.demo import CAMPAIGN_TOKEN

UNKNOWN_PROGRAM = "987654321"


def register(kit: Kit, **identifiers: str) -> httpx.Response:
    ids = {"mobile": fresh_mobile()} | identifiers
    items = [{"type": t, "value": v} for t, v in ids.items()]
    profile = {"source": "INSTORE", "identifiers": items}
    return kit.call("POST", "/v2/customers", json={"profiles": [profile]})


def put(kit: Kit, path: str, body: dict[str, Any]) -> tuple[httpx.Response, dict[str, Any]]:
    """PUT `body` for a new customer; also the params that find that customer."""
    _, ids = kit.register()
    params = kit.params(ids["mobile"])
    return kit.call("PUT", f"{L}{path}", params=params, json=body), params


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/notes", {"notes": [{"key": 42, "value": "v"}]}),
        ("/notes", {"notes": [{"key": "k", "value": 42}]}),
        ("/notes", {"notes": [{"key": "ok", "value": "v"}, {"key": ["k"], "value": "v"}]}),
        ("/notes", {"notes": ["k=v"]}),
        ("/notes", {"notes": [{"value": "v"}]}),
        ("/preferences", {"preferences": [{"name": "language", "value": 42}]}),
        ("/preferences", {"preferences": [{"name": "language", "value": True}]}),
        ("/preferences", {"preferences": [{"name": 42, "value": "en"}]}),
        ("/preferences", {"preferences": [{"name": "ok", "value": "v"}, {"name": "x"}]}),
    ],
)
def test_gen_006_wrongly_typed_notes_and_preferences_are_400(
    kit: Kit, path: str, body: dict[str, Any]
) -> None:
    response, params = put(kit, path, body)
    assert (response.status_code, code_of(response)) == (400, 400), response.text
    saved = kit.call("GET", f"{L}{path}", params=params)
    assert code_of(saved) in (1028, 1031), "nothing is saved"


@pytest.mark.parametrize("value", ["   ", "", "a,b", "x" * 101, "tab\there", "nul\x00"])
def test_reg_011_invalid_external_id_is_1003(kit: Kit, value: str) -> None:
    response = register(kit, externalId=value)
    assert (response.status_code, code_of(response)) == (400, 1003), response.text


def test_reg_011_external_id_of_100_characters_is_accepted(kit: Kit) -> None:
    assert register(kit, externalId=f"x{fresh_mobile()}".ljust(100, "x")).status_code == 200


@pytest.mark.parametrize(("name", "code"), [("mobile", 1001), ("email", 1002)])
def test_reg_blank_mobile_or_email_is_its_format_code(kit: Kit, name: str, code: int) -> None:
    ids = {"externalId": f"x{fresh_mobile()}"} | {name: "  "}
    response = register(kit, **ids)
    assert code_of(response) == code, response.text


@pytest.mark.parametrize("value", ["12345", "  ", "abc"])
def test_reg_016_id_is_refused_at_registration(kit: Kit, value: str) -> None:
    response = register(kit, id=value)
    assert (response.status_code, code_of(response)) == (400, 400), response.text


@pytest.mark.parametrize("path", ["/promisedPointsSchedule", "/pointsExpirySchedule"])
@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"programId": UNKNOWN_PROGRAM, "startDate": "2030-2-1"}, 1213),
        ({"programId": UNKNOWN_PROGRAM, "fetchDataForAllPrograms": "true"}, 1213),
        ({"entityType": "BOGUS", "programId": UNKNOWN_PROGRAM}, 1212),
        ({"programId": "1001", "fetchDataForAllPrograms": "true", "startDate": "x"}, 885),
        ({"programId": "1001", "startDate": "2030-2-1"}, 1216),
    ],
)
def test_sch_008_unknown_program_comes_before_later_checks(
    shared_kit: Kit, path: str, extra: dict[str, str], code: int
) -> None:
    response = shared_kit.call("GET", f"{L}{path}", params=shared_kit.special("loyalty", **extra))
    assert code_of(response) == code, response.text


@pytest.mark.parametrize(
    "path", ["/loyaltyDetails", "/points/balance", "/tierDetails", "/promisedPointsSchedule"]
)
def test_loy_003_unknown_program_is_1213(shared_kit: Kit, path: str) -> None:
    params = shared_kit.special("loyalty", programId=UNKNOWN_PROGRAM)
    assert code_of(shared_kit.call("GET", f"{L}{path}", params=params)) == 1213


def test_pref_004_value_over_1000_characters_is_rejected(kit: Kit) -> None:
    body = {"preferences": [{"name": "kept", "value": "v"}, {"name": "long", "value": "v" * 1001}]}
    response, params = put(kit, "/preferences", body)
    assert (response.status_code, code_of(response)) == (201, 1035), response.text
    saved = kit.call("GET", f"{L}/preferences", params=params).json()["data"]
    assert [p["name"] for p in saved] == ["kept"]


def test_pref_004_value_of_1000_characters_is_accepted(kit: Kit) -> None:
    response, _ = put(kit, "/preferences", {"preferences": [{"name": "n", "value": "v" * 1000}]})
    assert response.status_code == 200, response.text


def test_pref_005_only_overlong_values_is_400(kit: Kit) -> None:
    body = {"preferences": [{"name": "n", "value": "v" * 1001}]}
    response, params = put(kit, "/preferences", body)
    assert (response.status_code, code_of(response)) == (400, 400), response.text
    assert code_of(kit.call("GET", f"{L}/preferences", params=params)) == 1031


def test_note_004_value_limit_stays_2000(kit: Kit) -> None:
    body = {"notes": [{"key": "a", "value": "v" * 2000}, {"key": "b", "value": "v" * 2001}]}
    response, _ = put(kit, "/notes", body)
    assert (response.status_code, code_of(response)) == (201, 1036), response.text


def change(kit: Kit, name: str, value: str) -> httpx.Response:
    _, ids = kit.register()
    body = {"identifierName": name, "newValue": value}
    return kit.call("POST", f"{L}/changeRequest", params=kit.params(ids["mobile"]), json=body)


@pytest.mark.parametrize("value", ["LKP,1", "   x,y  ", "x" * 101, "ctl\x07", "line\nbreak"])
def test_chg_003_invalid_external_id_is_1042(kit: Kit, value: str) -> None:
    response = change(kit, "externalId", value)
    assert (response.status_code, code_of(response)) == (400, 1042), response.text


def test_chg_003_valid_external_id_is_accepted(kit: Kit) -> None:
    response = change(kit, "externalId", f"  new-{fresh_mobile()}  ".ljust(60, "x"))
    assert response.status_code == 200, response.text


def referrals(kit: Kit, **extra: str) -> dict[str, Any]:
    params = kit.special("referral", campaignToken=CAMPAIGN_TOKEN, **extra)
    response = kit.call("GET", f"{L}/referrals", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def invite(kit: Kit, count: int) -> None:
    invitees = [{"type": "EMAIL", "identifier": f"pal{n}@example.com"} for n in range(count)]
    params = kit.special("referral", campaignToken=CAMPAIGN_TOKEN)
    response = kit.call("POST", f"{L}/referrals/invite", params=params, json={"invitees": invitees})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("limit", "offset"), [(2, 0), (2, 1), (3, 5), (10, 0), (4, 7), (1, 8)])
def test_ref_007_pagination_applies_to_the_invitees(kit: Kit, limit: int, offset: int) -> None:
    invite(kit, 5)
    body = referrals(kit, limit=str(limit), offset=str(offset))
    total = body["pagination"]["total"]
    assert total == 8  # the seed's 3 invitees and the 5 above
    assert body["pagination"] | {"total": 0} == {"limit": limit, "offset": offset, "total": 0}
    assert len(body["data"]) == 1, "one summary whatever the page"
    assert len(body["data"][0]["invitees"]) == max(0, min(limit, total - offset))


def test_ref_007_defaults_and_offset_beyond_the_end(kit: Kit) -> None:
    first = referrals(kit)
    assert first["pagination"] == {"limit": 10, "offset": 0, "total": 3}
    for offset in ("3", "8"):
        beyond = referrals(kit, offset=offset)
        assert beyond["pagination"]["total"] == 3
        assert [s["invitees"] for s in beyond["data"]] == [[]]
        assert beyond["data"][0]["referralCode"] == first["data"][0]["referralCode"]


def test_ref_007_pages_partition_the_invitees(kit: Kit) -> None:
    invite(kit, 4)
    whole = referrals(kit, limit="100")["data"][0]["invitees"]
    pages = [referrals(kit, limit="3", offset=str(o))["data"][0]["invitees"] for o in (0, 3, 6)]
    assert [i for page in pages for i in page] == whole
    assert len(whole) == 7
