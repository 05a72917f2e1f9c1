"""Registration attribution: date (1034), tills (91020, 91021), store (1150), preferred store."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from reference_impl.bodies import opt_object, opt_str
from reference_impl.errors import ApiError
from reference_impl.store import Org

FUTURE = timedelta(days=1)
PAST = timedelta(days=365 * 100 + 25)


@dataclass(frozen=True, slots=True)
class Extras:
    created: datetime | None
    associated_with: str | None
    created_by: str | None
    store_id: int | None
    preferred_store: str | None


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _store_id(doc: dict[str, Any]) -> int | None:
    value = doc.get("storeId")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ApiError(400)


def parse_extras(doc: dict[str, Any]) -> Extras:
    """The attribution members of a registration body; wrong types are 400."""
    attribution = opt_object(opt_object(doc, "loyaltyInfo"), "attributionV2")
    created_by = opt_object(attribution, "createdBy")
    created = opt_str(attribution, "createDate")
    return Extras(
        created=_when(created),
        associated_with=opt_str(doc, "associatedWith"),
        created_by=opt_str(created_by, "code"),
        store_id=_store_id(doc),
        preferred_store=opt_str(doc, "preferredStore"),
    )


def known_unit(conn: sqlite3.Connection, org: Org, kind: str, code: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM stores WHERE org_id = ? AND kind = ? AND code = ?", (org.id, kind, code)
    ).fetchone()
    return row is not None


def check_attribution(conn: sqlite3.Connection, org: Org, extras: Extras) -> None:
    """1034, then 91020 (associatedWith), 91021 (createdBy), 1150 (storeId)."""
    if extras.created is not None:
        now = datetime.now(UTC)
        if not now - PAST <= extras.created <= now + FUTURE:
            raise ApiError(1034)
    associated = extras.associated_with
    if associated is not None and not known_unit(conn, org, "till", associated):
        raise ApiError(91020)
    if extras.created_by is not None and not known_unit(conn, org, "till", extras.created_by):
        raise ApiError(91021)
    if extras.store_id is not None:
        row = conn.execute(
            "SELECT 1 FROM stores WHERE org_id = ? AND kind = 'store' AND id = ?",
            (org.id, extras.store_id),
        ).fetchone()
        if row is None:
            raise ApiError(1150)
