"""Accepted credentials are remembered per app, and never where they would change an answer."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ref_helpers import Kit, L, basic, code_of
from starlette.testclient import TestClient

from reference_impl import auth, create_app
from reference_impl.demo import md5_hex
from reference_impl.pipeline import AppState
from reference_impl.seed_special import seed_special
from reference_impl.store import Store


def _lookup(kit: Kit, headers: dict[str, str]) -> int:
    response = kit.client.get(L, params=kit.special("loyalty"), headers=headers)
    return response.status_code


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The credential lookups that reach the store."""
    seen: list[str] = []
    for name in ("user_org", "token_org", "org"):
        original = getattr(Store, name)

        def counted(self: Store, *args: object, _o: object = original, _n: str = name) -> object:
            seen.append(_n)
            return _o(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(Store, name, counted)
    return seen


def test_the_same_credentials_are_resolved_once(kit: Kit, queries: list[str]) -> None:
    assert [_lookup(kit, basic("demo.till")) for _ in range(3)] == [200, 200, 200]
    assert queries == ["user_org", "org"]


def test_a_wrong_password_is_refused_after_the_right_one(kit: Kit, queries: list[str]) -> None:
    assert _lookup(kit, basic("demo.till")) == 200
    assert _lookup(kit, basic("demo.till", "wrong")) == 401
    assert _lookup(kit, basic("demo.till", "wrong")) == 401  # refusals are never remembered
    assert _lookup(kit, basic("demo.till")) == 200
    assert queries.count("user_org") == 3


def test_each_org_gets_its_own_answer(kit: Kit) -> None:
    assert _lookup(kit, basic("demo.till")) == 200
    response = kit.client.get(L, params=kit.special("loyalty"), headers=basic("other.till"))
    assert (response.status_code, code_of(response)) == (404, 8015)  # another org's customer
    assert _lookup(kit, basic("demo.till")) == 200


def test_a_changed_password_counts_from_the_next_request(kit: Kit) -> None:
    assert _lookup(kit, basic("demo.till")) == 200
    with kit.state.store.write() as conn:
        conn.execute(
            "UPDATE users SET password_md5 = ? WHERE username = 'demo.till'", (md5_hex("new"),)
        )
    assert _lookup(kit, basic("demo.till")) == 401
    assert _lookup(kit, basic("demo.till", "new")) == 200


def test_a_token_that_expires_is_refused(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    with kit.state.store.write() as conn:
        conn.execute("INSERT INTO tokens VALUES ('short-lived', 1, ?)", (time.time() + 60,))
    token = {"X-CAP-API-OAUTH-TOKEN": "short-lived"}
    assert _lookup(kit, token) == 200
    assert _lookup(kit, token) == 200
    later = time.time() + 120
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert _lookup(kit, token) == 401


@pytest.fixture
def file_kit(tmp_path: Path) -> Iterator[tuple[Kit, Path]]:
    db = tmp_path / "ref.sqlite"
    app = create_app(db)
    state: AppState = app.state.lookup
    specials = seed_special(state.store)
    with TestClient(app) as client:
        yield Kit(client, state, specials), db
    state.store.close()


def test_a_change_by_another_connection_counts(file_kit: tuple[Kit, Path]) -> None:
    kit, db = file_kit
    assert _lookup(kit, basic("demo.till")) == 200
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("DELETE FROM users WHERE username = 'demo.till'")
    finally:
        other.close()
    assert _lookup(kit, basic("demo.till")) == 401


def test_the_cache_is_bounded_and_per_app(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "CACHE_SIZE", 2)
    fresh = create_app(":memory:")
    with TestClient(fresh) as client:
        for user in ("demo.till", "other.till", "dual.till"):
            assert client.get("/v2/customers/lookup", headers=basic(user)).status_code != 401
        cache = auth._cache(fresh.state.lookup.store)
        assert len(cache.entries) == 2
    assert auth._cache(kit.state.store) is not cache
    fresh.state.lookup.store.close()
