"""Every operation refuses missing and wrong credentials; orgs never see each other's customers."""

from __future__ import annotations

import pytest
from ref_helpers import Kit, L, basic, code_of

from reference_impl.demo import EXPIRED_TOKEN
from reference_impl.operations import OPERATIONS

OPS = [(op.operation_id, op.method, op.path) for op in OPERATIONS]
BAD_HEADERS = {
    "missing": {},
    "wrong password": basic("demo.till", "wrong"),
    "plain password": {"Authorization": "Basic ZGVtby50aWxsOmRlbW8tcGFzc3dvcmQ="},
    "unknown user": basic("nobody", "x"),
    "not basic": {"Authorization": "Bearer abc"},
    "bad base64": {"Authorization": "Basic !!!"},
    "unknown token": {"X-CAP-API-OAUTH-TOKEN": "nope"},
    "expired token": {"X-CAP-API-OAUTH-TOKEN": EXPIRED_TOKEN},
    "token of another org": basic("demo.till") | {"X-CAP-API-OAUTH-TOKEN": "other-oauth-token"},
}


@pytest.mark.parametrize(("op", "method", "path"), OPS, ids=[o[0] for o in OPS])
@pytest.mark.parametrize("case", list(BAD_HEADERS))
def test_every_operation_refuses_bad_credentials(
    shared_kit: Kit, op: str, method: str, path: str, case: str
) -> None:
    response = shared_kit.client.request(
        method,
        path,
        params=shared_kit.special("loyalty", source="BOGUS"),
        headers=BAD_HEADERS[case] | {"content-type": "text/plain"},
        content=b"x" * 10,
    )
    assert (response.status_code, code_of(response)) == (401, 401), response.text


def test_oauth_token_authenticates(shared_kit: Kit) -> None:
    response = shared_kit.client.get(
        L,
        params=shared_kit.special("loyalty"),
        headers={"X-CAP-API-OAUTH-TOKEN": "demo-oauth-token"},
    )
    assert response.status_code == 200


@pytest.fixture(scope="module")
def other_customer(shared_kit: Kit) -> tuple[int, dict[str, str]]:
    return shared_kit.register(
        org="other", mobile="919833333333", email="iso@example.com", externalId="iso-1"
    )


@pytest.mark.parametrize("name", ["mobile", "email", "externalId", "id"])
def test_another_orgs_customer_is_not_found(
    shared_kit: Kit, other_customer: tuple[int, dict[str, str]], name: str
) -> None:
    customer, ids = other_customer
    value = str(customer) if name == "id" else ids[name]
    for path in ("", "/customerDetails", "/notes"):
        response = shared_kit.call("GET", f"{L}{path}", params=shared_kit.params(value, name=name))
        assert (response.status_code, code_of(response)) == (404, 8015)
    write = shared_kit.call(
        "PUT",
        f"{L}/notes",
        params=shared_kit.params(value, name=name),
        json={"notes": [{"key": "k", "value": "v"}]},
    )
    assert code_of(write) == 8015
    with shared_kit.state.store.read() as conn:
        assert not conn.execute("SELECT 1 FROM notes WHERE customer_id = ?", (customer,)).fetchone()


def test_identifiers_are_unique_per_org_not_across(shared_kit: Kit) -> None:
    mine, _ = shared_kit.register(org="demo", mobile="919844444444")
    theirs, _ = shared_kit.register(org="other", mobile="919844444444")
    found = shared_kit.call("GET", L, org="other", params=shared_kit.params("919844444444"))
    assert mine != theirs
    assert found.json()["entity"] == theirs
