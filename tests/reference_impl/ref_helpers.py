"""Helpers of the reference implementation's tests: an in-process app with seeded orgs."""

from __future__ import annotations

import base64
import itertools
import warnings
from collections.abc import Iterator
from typing import Any

import httpx

warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

from reference_impl import create_app  # noqa: E402
from reference_impl.demo import md5_hex  # noqa: E402
from reference_impl.pipeline import AppState  # noqa: E402
from reference_impl.seed_special import SPECIALS, seed_special  # noqa: E402

L = "/v2/customers/lookup"
PASSWORDS = {
    "demo.till": "demo-password",
    "other.till": "other-password",
    "dual.till": "dual-password",
    "email.till": "email-password",
    "extid.till": "extid-password",
}
ORG_USER = {"demo": "demo.till", "other": "other.till", "dual": "dual.till"}
ORG_USER |= {"email": "email.till", "extid": "extid.till"}
SPECIAL_MOBILE = {s.key: s.mobile for s in SPECIALS}
_numbers = itertools.count(1)


def basic(user: str, password: str | None = None) -> dict[str, str]:
    secret = md5_hex(password if password is not None else PASSWORDS[user])
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def add_org(state: AppState, org_id: int, user: str, primary: str) -> None:
    """An extra org whose primary identifier type is `primary` (for 1039, 1043, 1048, 1049)."""
    with state.store.write() as conn:
        conn.execute(
            "INSERT INTO orgs (id, name, base_cc, primary_identifier) VALUES (?, ?, '91', ?)",
            (org_id, user, primary),
        )
        conn.execute("INSERT INTO users VALUES (?, ?, ?)", (user, org_id, md5_hex(PASSWORDS[user])))
        conn.execute("INSERT INTO programs VALUES (?, ?, 'P', '[]', 1)", (org_id, org_id * 1000))


def fresh_mobile() -> str:
    return f"9198{next(_numbers):08d}"


class Kit:
    """Calls the app as one org or another, and registers customers unique to the test."""

    def __init__(self, client: TestClient, state: AppState, specials: dict[str, int]) -> None:
        self.client = client
        self.state = state
        self.specials = specials

    def call(
        self, method: str, path: str, *, org: str = "demo", auth: bool = True, **kw: Any
    ) -> httpx.Response:
        headers = dict(basic(ORG_USER[org])) if auth else {}
        headers |= kw.pop("headers", {})
        return self.client.request(method, path, headers=headers, **kw)

    def register(self, org: str = "demo", **identifiers: str) -> tuple[int, dict[str, str]]:
        ids = identifiers or {"mobile": fresh_mobile()}
        body = {
            "profiles": [
                {
                    "firstName": "Tom",
                    "lastName": "Sawyer",
                    "identifiers": [{"type": t, "value": v} for t, v in ids.items()],
                    "source": "INSTORE",
                }
            ]
        }
        response = self.call("POST", "/v2/customers", org=org, json=body)
        assert response.status_code == 200, response.text
        return int(response.json()["createdId"]), ids

    def params(
        self, value: str, name: str = "mobile", source: str = "INSTORE", **extra: Any
    ) -> dict[str, Any]:
        return {"source": source, "identifierName": name, "identifierValue": value} | extra

    def special(self, key: str, **extra: Any) -> dict[str, Any]:
        return self.params(SPECIAL_MOBILE[key], **extra)


def make_kit(faults: frozenset[str] = frozenset()) -> Iterator[Kit]:
    app = create_app(":memory:", faults)
    state: AppState = app.state.lookup
    specials = seed_special(state.store)
    add_org(state, 4, "email.till", "email")
    add_org(state, 5, "extid.till", "externalId")
    with TestClient(app, raise_server_exceptions=True) as client:
        yield Kit(client, state, specials)
    state.store.close()


def code_of(response: httpx.Response) -> int | None:
    body = response.json()
    errors = body.get("errors") or []
    return int(errors[0]["code"]) if errors else None


def warning_codes(response: httpx.Response) -> list[int]:
    return [int(w["code"]) for w in response.json().get("warnings", [])]
