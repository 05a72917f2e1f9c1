"""Identifier equivalence (LKP-ID-*) and near misses: only equivalent values resolve."""

from __future__ import annotations

import pytest
from ref_helpers import Kit, L, code_of


@pytest.fixture(scope="module")
def customer(shared_kit: Kit) -> int:
    ids = {
        "mobile": "+91 99727-52991",
        "email": "Tom.Sawyer@Example.com",
        "externalId": "XYZ-1",
        "cardnumber": "ab12 3456-7890",
    }
    customer_id, _ = shared_kit.register(**ids)
    return customer_id


EQUIVALENT = [
    ("mobile", "919972752991"),
    ("mobile", "+919972752991"),
    ("mobile", "00919972752991"),
    ("mobile", "91 99727 52991"),
    ("mobile", "91-9972-752991"),
    ("mobile", "91.9972.752.991"),
    ("mobile", "+91 (997) 275 2991"),
    ("mobile", "9972752991"),
    ("mobile", "  919972752991  "),
    ("email", "tom.sawyer@example.com"),
    ("email", "TOM.SAWYER@EXAMPLE.COM"),
    ("email", " tom.sawyer@example.com "),
    ("externalId", "XYZ-1"),
    ("externalID", " XYZ-1 "),
    ("cardnumber", "AB1234567890"),
    ("cardNumber", "ab12-3456-7890"),
]
NEAR_MISSES = [
    ("mobile", "919972752992"),
    ("mobile", "9199727529911"),
    ("mobile", "91997275299"),
    ("email", "tom.sawyer@example.co"),
    ("email", "om.sawyer@example.com"),
    ("externalId", "xyz-1"),
    ("externalId", "XYZ1"),
    ("externalId", "XYZ-"),
    ("cardnumber", "AB123456789"),
    ("externalId", "%"),
    ("externalId", "919972752991"),
]


@pytest.mark.parametrize(("name", "value"), EQUIVALENT)
def test_equivalent_spellings_find_the_customer(
    shared_kit: Kit, customer: int, name: str, value: str
) -> None:
    response = shared_kit.call("GET", L, params=shared_kit.params(value, name=name))
    assert response.status_code == 200, response.text
    assert response.json()["entity"] == customer


@pytest.mark.parametrize(("name", "value"), NEAR_MISSES)
def test_near_misses_find_no_one(shared_kit: Kit, customer: int, name: str, value: str) -> None:
    response = shared_kit.call("GET", L, params=shared_kit.params(value, name=name))
    assert (response.status_code, code_of(response)) == (404, 8015), response.text


def test_id_compares_numerically(shared_kit: Kit, customer: int) -> None:
    response = shared_kit.call("GET", L, params=shared_kit.params(f"000{customer}", name="id"))
    assert response.json()["entity"] == customer


@pytest.mark.parametrize("value", ["abc", "-5", "0", "1.5"])
def test_malformed_id_is_8013(shared_kit: Kit, value: str) -> None:
    response = shared_kit.call("GET", L, params=shared_kit.params(value, name="id"))
    assert code_of(response) == 8013


@pytest.mark.parametrize(("name", "value"), [("mobile", "12ab"), ("email", "a b@x.com")])
def test_malformed_values_are_8013(shared_kit: Kit, name: str, value: str) -> None:
    response = shared_kit.call("GET", L, params=shared_kit.params(value, name=name))
    assert code_of(response) == 8013


def test_mobile_is_stored_canonical(shared_kit: Kit, customer: int) -> None:
    params = shared_kit.params("919972752991")
    body = shared_kit.call("GET", f"{L}/customerDetails", params=params).json()
    values = {i["type"]: i["value"] for i in body["profiles"][0]["identifiers"]}
    assert values["mobile"] == "919972752991"
    assert values["cardNumber"] == "ab12 3456-7890"


def test_externalids_differing_in_case_are_different_customers(shared_kit: Kit) -> None:
    first, _ = shared_kit.register(mobile="919811111111", externalId="CaseX")
    second, _ = shared_kit.register(mobile="919811111112", externalId="casex")
    found = shared_kit.call("GET", L, params=shared_kit.params("casex", name="externalId"))
    assert (first != second, found.json()["entity"]) == (True, second)


def test_dual_eligibility_resolves_by_primary(shared_kit: Kit) -> None:
    customer, _ = shared_kit.register(org="dual", mobile="919822222222")
    params = shared_kit.params("nobody@example.com, 919822222222", name="email, mobile")
    response = shared_kit.call("GET", L, org="dual", params=params)
    assert response.json()["entity"] == customer
    single = shared_kit.params("nobody@example.com", name="email")
    assert code_of(shared_kit.call("GET", L, org="dual", params=single)) == 8015


@pytest.mark.parametrize(
    ("names", "values", "code"),
    [
        ("email,mobile", "a@example.com", 8013),
        ("mobile,mobile", "919822222222,919822222223", 8013),
        ("cardnumber,cardNumber", "a,b", 8013),
        ("email,", "a@example.com,919822222222", 8013),
        ("email,mobile", "a@example.com,", 1015),
    ],
)
def test_dual_eligibility_list_checks(shared_kit: Kit, names: str, values: str, code: int) -> None:
    params = shared_kit.params(values, name=names)
    assert code_of(shared_kit.call("GET", L, org="dual", params=params)) == code


def test_lists_refused_when_dual_is_off(shared_kit: Kit) -> None:
    params = shared_kit.params("a@example.com,919822222222", name="email,mobile")
    assert code_of(shared_kit.call("GET", L, params=params)) == 8013


def test_merge_victim_resolves_to_survivor(shared_kit: Kit) -> None:
    response = shared_kit.call("GET", L, params=shared_kit.special("merged_victim"))
    assert response.json()["entity"] == shared_kit.specials["merged_survivor"]


def test_multi_account_profiles_match_by_account(shared_kit: Kit) -> None:
    base = shared_kit.special("multi_account", source="WECHAT")
    ok = shared_kit.call("GET", L, params=base | {"accountId": "WeChat1234"})
    other = shared_kit.call("GET", L, params=base | {"accountId": "WeChat5678"})
    assert (ok.status_code, code_of(other)) == (200, 8065)
