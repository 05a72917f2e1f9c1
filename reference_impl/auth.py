"""Credentials: Basic with an MD5-hex password, or an X-CAP-API-OAUTH-TOKEN; each names an org."""

from __future__ import annotations

import base64
import binascii
import hmac
import time

from starlette.datastructures import Headers

from reference_impl.errors import ApiError
from reference_impl.store import Org, Store

TOKEN_HEADER = "x-cap-api-oauth-token"


def authenticate(headers: Headers, store: Store, faults: frozenset[str]) -> Org:
    """The org the credentials belong to; ApiError 401 when they are missing, wrong or expired."""
    token = headers.get(TOKEN_HEADER)
    basic = headers.get("authorization")
    found = set()
    if token is not None:
        found.add(_token(token, store))
    if basic is not None:
        found.add(_basic(basic, store, faults))
    # Every credential presented must be valid, and all must name the same org.
    org_id = found.pop() if len(found) == 1 else None
    org = store.org(org_id) if org_id is not None else None
    if org is None:
        raise ApiError(401)
    return org


def _token(token: str, store: Store) -> int | None:
    found = store.token_org(token.strip())
    if found is None:
        return None
    org_id, expires_at = found
    if expires_at is not None and expires_at < time.time():
        return None
    return org_id


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
    if "auth_wrong_password_accepted" in faults:
        return org_id
    if hmac.compare_digest(password_md5.encode(), expected.encode()):
        return org_id
    return None
