"""Credentials: Basic with an MD5-hex password, or an X-CAP-API-OAUTH-TOKEN; each names an org."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
import time
import weakref
from collections import OrderedDict

from starlette.datastructures import Headers

from reference_impl.errors import ApiError
from reference_impl.store import Org, Store

TOKEN_HEADER = "x-cap-api-oauth-token"


CACHE_SIZE = 256  # credentials remembered per store (distinct header values)


def authenticate(headers: Headers, store: Store, faults: frozenset[str]) -> Org:
    """The org the credentials belong to; ApiError 401 when they are missing, wrong or expired.

    Accepted credentials are remembered (`_OrgCache`) by their exact header values — user,
    password digest and token — so a request with the same credentials skips the 2-3 queries,
    while the database is unchanged; refused ones are checked every time."""
    token = headers.get(TOKEN_HEADER)
    basic = headers.get("authorization")
    cache = _cache(store)
    key = (token, basic, faults)
    generation = _generation(store)
    org = cache.get(key, generation)
    if org is None:
        org, expires_at = _authenticate(token, basic, store, faults)
        cache.put(key, generation, org, expires_at)
    return org


def _authenticate(
    token: str | None, basic: str | None, store: Store, faults: frozenset[str]
) -> tuple[Org, float | None]:
    """The org, and when the token (if any) expires."""
    found = set()
    expires_at = None
    if token is not None:
        org_id, expires_at = _token(token, store)
        found.add(org_id)
    if basic is not None:
        found.add(_basic(basic, store, faults))
    # Every credential presented must be valid, and all must name the same org.
    org_id = found.pop() if len(found) == 1 else None
    org = store.org(org_id) if org_id is not None else None
    if org is None:
        raise ApiError(401)
    return org, expires_at


def _token(token: str, store: Store) -> tuple[int | None, float | None]:
    """The token's org (None: unknown or expired) and its expiry."""
    found = store.token_org(token.strip())
    if found is None:
        return None, None
    org_id, expires_at = found
    if expires_at is not None and expires_at < time.time():
        return None, expires_at
    return org_id, expires_at


def _basic(header: str, store: Store, faults: frozenset[str]) -> int | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password_md5 = decoded.partition(":")
    found = store.user_org(user) if sep else None
    if found is None:
        return None
    org_id, expected = found
    if "auth_plain_password_accepted" in faults and _md5(password_md5) == expected:
        return org_id  # the plain password, sent where its MD5 digest belongs
    if hmac.compare_digest(password_md5.encode(), expected.encode()):
        return org_id
    return None


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


class _OrgCache:
    """Accepted credentials → org, for one store (one app), least recently used out first.

    Entries hold while the database is unchanged: any write through the store's connection
    (`total_changes`) or by another connection (`PRAGMA data_version`) empties the cache, so a
    changed password, org or account, or a revoked token, counts from the next request on. A
    token's expiry is checked on every hit."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.generation: tuple[int, int] | None = None
        self.entries: OrderedDict[object, tuple[Org, float | None]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: object, generation: tuple[int, int]) -> Org | None:
        with self.lock:
            if generation != self.generation:
                self.entries.clear()
                self.generation = generation
                return None
            hit = self.entries.get(key)
            if hit is None:
                return None
            org, expires_at = hit
            if expires_at is not None and expires_at < time.time():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return org

    def put(
        self, key: object, generation: tuple[int, int], org: Org, expires_at: float | None
    ) -> None:
        with self.lock:
            if generation != self.generation:
                self.entries.clear()
                self.generation = generation
            self.entries[key] = (org, expires_at)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_CACHES: weakref.WeakKeyDictionary[Store, _OrgCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _cache(store: Store) -> _OrgCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = _OrgCache(CACHE_SIZE)
        return cache


def _generation(store: Store) -> tuple[int, int]:
    """Changes as seen by the store's connection: its own writes, and other connections'."""
    with store.read() as conn:
        (version,) = conn.execute("PRAGMA data_version").fetchone()
        return conn.total_changes, int(version)
