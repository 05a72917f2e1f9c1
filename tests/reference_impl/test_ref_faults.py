"""Every named fault changes the behaviour it documents, and names a real requirement."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from ref_helpers import Kit, L, make_kit

from reference_impl.app import create_app
from reference_impl.faults import FAULTS, UnknownFaultError

Probe = Callable[[Kit], httpx.Response]
REQUIREMENTS = yaml.safe_load(
    (Path(__file__).parents[2] / "spec" / "requirements.yaml").read_text()
)["requirements"]


def summary(response: httpx.Response) -> tuple[Any, ...]:
    body = response.json()
    pagination = body.get("pagination") or {}
    return (
        response.status_code,
        body.get("errors"),
        body.get("warnings"),
        body.get("entity"),
        pagination.get("total"),
        pagination.get("offset"),
        "sideEffects" in body,
    )


def find(
    kit: Kit, value: str, name: str = "mobile", org: str = "demo", **extra: Any
) -> httpx.Response:
    return kit.call("GET", L, org=org, params=kit.params(value, name=name, **extra))


def registered(kit: Kit, value: str, name: str = "mobile", **ids: str) -> httpx.Response:
    kit.register(mobile="919855555555", **ids)
    return find(kit, value, name)


def put_lookup(kit: Kit, body: dict[str, Any], **extra: Any) -> httpx.Response:
    kit.register(mobile="919855555555")
    return kit.call("PUT", L, params=kit.params("919855555555", **extra), json=body)


def registration(identifiers: dict[str, str]) -> dict[str, Any]:
    ids = [{"type": t, "value": v} for t, v in identifiers.items()]
    return {"profiles": [{"firstName": "Tom", "identifiers": ids, "source": "INSTORE"}]}


def plain_basic(user: str, password: str) -> dict[str, str]:
    """Basic credentials with the plain password where its MD5 digest belongs."""
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


SIX = ("mobile,email,externalId,cardnumber,wechat,fbId", "{m},a@example.com,e,c,w,f")
ID_BODY = {"profiles": [{"identifiers": [{"type": "id", "value": "5"}]}]}
PROBES: dict[str, Probe] = {
    "email_case_sensitive": lambda k: registered(
        k, "case@example.com", "email", email="Case@Example.com"
    ),
    "mobile_plus_kept": lambda k: registered(k, "+919855555555"),
    "mobile_separators_kept": lambda k: registered(k, "91 98555-55555"),
    "mobile_no_base_country": lambda k: k.register(mobile="919972752991") and find(k, "9972752991"),
    "cardnumber_separators_kept": lambda k: registered(
        k, "ab1234", "cardnumber", cardnumber="AB12 34"
    ),
    "externalId_case_folded": lambda k: registered(k, "exta", "externalId", externalId="ExtA"),
    "whitespace_not_trimmed": lambda k: registered(
        k, " c@example.com ", "email", email="c@example.com"
    ),
    "cardNumber_alias_rejected": lambda k: k.call(
        "POST", "/v2/customers", json=registration({"mobile": "919855555555", "cardNumber": "AB1"})
    ),
    "near_miss_prefix_match": lambda k: registered(k, "91985555555"),
    "precedence_auth_after_source": lambda k: k.call(
        "GET", L, auth=False, params=k.params("1", source="BOGUS")
    ),
    "precedence_identifier_before_account": lambda k: find(k, "1", "MOBILE", source="WECHAT"),
    "precedence_format_before_presence": lambda k: find(k, "   "),
    "precedence_batch_before_format": lambda k: find(
        k, "12,a@example.com,e,c,w,f", SIX[0], org="dual"
    ),
    "code_8065_for_not_found": lambda k: find(k, "919999999999"),
    "code_8015_for_wrong_source": lambda k: (
        registered(k, "919855555555") and find(k, "919855555555", source="WEB_ENGAGE")
    ),
    "code_8013_for_missing_value": lambda k: find(k, ""),
    "code_8003_for_missing_account": lambda k: find(k, "1", source="WECHAT"),
    "status_200_for_not_found": lambda k: find(k, "919999999999"),
    "status_404_for_invalid_source": lambda k: find(k, "1", source="BOGUS"),
    "status_400_for_fraud": lambda k: k.call(
        "PUT", f"{L}/notes", params=k.special("fraud"), json={"notes": [{"key": "a", "value": "b"}]}
    ),
    "message_wrong_text": lambda k: find(k, "1", "MOBILE"),
    "message_placeholder_unfilled": lambda k: put_lookup(k, ID_BODY),
    "envelope_errors_object": lambda k: find(k, "919999999999"),
    "envelope_code_as_string": lambda k: find(k, "919999999999"),
    "envelope_warning_status_true": lambda k: k.call(
        "GET", f"{L}/tierDetails", params=k.special("multi_account")
    ),
    "envelope_no_warnings_on_success": lambda k: find(k, "919000000101"),
    "warning_91006_dropped": lambda k: put_lookup(k, ID_BODY),
    "org_isolation_leak": lambda k: (
        k.register(org="other", mobile="919866666666") and find(k, "919866666666")
    ),
    "source_ignored": lambda k: find(k, "919000000101", source="WEB_ENGAGE"),
    "account_not_required": lambda k: k.call(
        "GET", L, params=k.special("multi_account", source="WECHAT")
    ),
    "account_not_checked": lambda k: k.call(
        "GET", L, params=k.special("multi_account", source="WECHAT", accountId="nope")
    ),
    "account_profile_ignored": lambda k: k.call(
        "GET", L, params=k.special("multi_account", source="WECHAT", accountId="WeChat5678")
    ),
    "dual_first_value_wins": lambda k: (
        k.register(org="dual", mobile="919877777777")
        and find(k, "x@example.com,919877777777", "email,mobile", org="dual")
    ),
    "dual_list_accepted_when_disabled": lambda k: find(
        k, "x@example.com,919000000101", "email,mobile"
    ),
    "dual_batch_limit_ignored": lambda k: find(
        k, SIX[1].format(m="919877777777"), SIX[0], org="dual"
    ),
    "pagination_limit_unbounded": lambda k: k.call(
        "GET", f"{L}/retroRequest", params=k.special("loyalty", limit="101")
    ),
    "pagination_negative_offset_accepted": lambda k: k.call(
        "GET", f"{L}/retroRequest", params=k.special("loyalty", offset="-1")
    ),
    "pagination_offset_not_echoed": lambda k: k.call(
        "GET", f"{L}/transactions", params=k.special("loyalty", limit="5", offset="1")
    ),
    "date_format_lenient": lambda k: k.call(
        "GET", f"{L}/promisedPointsSchedule", params=k.special("loyalty", startDate="2030/01/01")
    ),
    "start_after_end_allowed": lambda k: k.call(
        "GET",
        f"{L}/pointsExpirySchedule",
        params=k.special("loyalty", startDate="2030-01-02", endDate="2030-01-01"),
    ),
    "auth_plain_password_accepted": lambda k: k.client.get(
        L, params=k.special("loyalty"), headers=plain_basic("demo.till", "demo-password")
    ),
    "fraud_writes_allowed": lambda k: k.call(
        "PUT", f"{L}/notes", params=k.special("fraud"), json={"notes": [{"key": "a", "value": "b"}]}
    ),
    "non_loyalty_reads_allowed": lambda k: k.call(
        "GET", f"{L}/loyaltyDetails", params=k.special("non_loyalty")
    ),
    "merged_victim_not_followed": lambda k: find(k, "919000000104"),
    "media_type_not_checked": lambda k: k.call(
        "POST", "/v2/customers", content=b"[]", headers={"content-type": "text/plain"}
    ),
    "body_size_unlimited": lambda k: k.call(
        "POST",
        "/v2/customers",
        content=b" " * (1024 * 1024 + 1),
        headers={"content-type": "application/json"},
    ),
    "use_async_side_effects": lambda k: put_lookup(k, {}, use_async="true"),
}


@pytest.fixture(scope="module")
def normal() -> Iterator[Kit]:
    yield from make_kit()


def test_every_fault_has_a_probe() -> None:
    assert set(PROBES) == set(FAULTS)
    assert len(FAULTS) >= 30


def test_every_fault_names_a_requirement() -> None:
    ids = {r["id"] for r in REQUIREMENTS}
    assert all(fault.requirement in ids and fault.description for fault in FAULTS.values())


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_changes_behaviour(name: str) -> None:
    expected = summary(PROBES[name](next(make_kit())))
    faulty = summary(PROBES[name](next(make_kit(frozenset({name})))))
    assert faulty != expected
    assert expected[0] in (200, 400, 401, 403, 404, 413, 415)


def test_unknown_fault_is_refused() -> None:
    with pytest.raises(UnknownFaultError, match="no_such_fault"):
        create_app(":memory:", frozenset({"no_such_fault"}))
