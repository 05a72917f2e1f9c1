"""Referrals (statistics and invitations), recommendations and coupons."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.responses import Response

from reference_impl import params, views
from reference_impl.bodies import objects, opt_list
from reference_impl.errors import ApiError
from reference_impl.identifiers import canonical_value
from reference_impl.pipeline import Ctx
from reference_impl.store import now_iso

INVITEE_TYPES = {"EMAIL": "email", "MOBILE": "mobile"}


def _campaign(ctx: Ctx) -> str:
    """The referral campaign: unknown or missing token → 1202, misconfigured → 1203."""
    token = ctx.params.get("campaignToken", "").strip()
    with ctx.store.read() as conn:
        row = conn.execute(
            "SELECT state FROM campaigns WHERE org_id = ? AND token = ?", (ctx.org.id, token)
        ).fetchone()
    if row is None:
        raise ApiError(1202)
    if row[0] != "active":
        raise ApiError(1203)
    return token


def _check_eligible(ctx: Ctx) -> None:
    """Referrals need a way to reach the customer: a mobile number or an email (else 1204)."""
    with ctx.store.read() as conn:
        ids = views.identifier_values(conn, ctx.customer.id)
    if "mobile" not in ids and "email" not in ids:
        raise ApiError(1204)


def referral_code(customer_id: int, token: str) -> str:
    return hashlib.sha256(f"{customer_id}:{token}".encode()).hexdigest()[:10]


def getReferralsByLookup(ctx: Ctx) -> Response:
    """One summary of the campaign in `data`; limit, offset and total page its invitees
    (LKP-REF-007), an offset past the end giving the summary with no invitees."""
    token = _campaign(ctx)
    page = params.page(ctx.params, 10, 100, ctx.faults)
    _check_eligible(ctx)
    with ctx.store.read() as conn:
        where = "customer_id = ? AND campaign_token = ?"
        args = (ctx.customer.id, token)
        total = int(
            conn.execute(f"SELECT COUNT(*) FROM invitees WHERE {where}", args).fetchone()[0]
        )
        rows = conn.execute(
            f"SELECT type, identifier, invited_on FROM invitees WHERE {where}"
            " ORDER BY id LIMIT ? OFFSET ?",
            (*args, page.limit, page.offset),
        ).fetchall()
        profiles = views.profiles(conn, ctx.customer)
    if total == 0:
        raise ApiError(1205)
    summary = {
        "customer": {"id": ctx.customer.id, "profiles": profiles},
        "referralCode": referral_code(ctx.customer.id, token),
        "invitees": [
            {"type": t, "identifier": i, "invitedOn": views.display_time(on)} for t, i, on in rows
        ],
        "referee": [],
        "incentives": [],
    }
    pagination = {"limit": page.limit, "offset": page.offset, "total": total}
    return ctx.ok({"pagination": pagination, "data": [summary], "errors": []})


def _invitees(ctx: Ctx) -> list[tuple[str, str]]:
    items = objects(opt_list(ctx.json(), "invitees"))
    if not items:
        raise ApiError(400)
    found = []
    for item in items:
        kind, identifier = item.get("type"), item.get("identifier")
        if not isinstance(kind, str):
            raise ApiError(400)
        if kind not in INVITEE_TYPES:
            raise ApiError(1206)
        if not isinstance(identifier, str) or not identifier.strip():
            raise ApiError(400)
        if canonical_value(INVITEE_TYPES[kind], identifier, ctx.org.base_cc) is None:
            raise ApiError(400)
        found.append((str(kind), identifier.strip()))
    return found


def inviteReferralsByLookup(ctx: Ctx) -> Response:
    token = _campaign(ctx)
    _check_eligible(ctx)
    invitees = _invitees(ctx)
    stamp = now_iso()
    with ctx.store.write() as conn:
        conn.executemany(
            "INSERT INTO invitees (customer_id, campaign_token, type, identifier, invited_on)"
            " VALUES (?, ?, ?, ?, ?)",
            [(ctx.customer.id, token, kind, value, stamp) for kind, value in invitees],
        )
    data = [
        {"type": kind, "identifier": value, "invitedOn": views.display_time(stamp)}
        for kind, value in invitees
    ]
    return ctx.ok({"data": data, "errors": []})


def getRecommendationsByLookup(ctx: Ctx) -> Response:
    with ctx.store.read() as conn:
        count = int(
            conn.execute(
                "SELECT COUNT(*) FROM transactions WHERE customer_id = ?", (ctx.customer.id,)
            ).fetchone()[0]
        )
    if count == 0:
        raise ApiError(1051)
    customer: dict[str, Any] = {
        "id": ctx.customer.id,
        "type": "LOYALTY" if ctx.customer.loyal else "NON_LOYALTY",
        "source": "INSTORE",
        "extendedFields": dict(ctx.customer.extended),
    }
    return ctx.ok({"customer": customer, "count": min(count, 5)})


def getCouponsByLookup(ctx: Ctx) -> Response:
    with ctx.store.read() as conn:
        rows = conn.execute(
            "SELECT id, code, series_id, description, valid_till, redeemed FROM coupons"
            " WHERE customer_id = ? ORDER BY id",
            (ctx.customer.id,),
        ).fetchall()
    data = [
        {"id": r[0], "code": r[1], "seriesId": r[2], "description": r[3], "validTill": r[4]}
        | {"redeemed": bool(r[5])}
        for r in rows
    ]
    return ctx.ok({"data": data, "errors": []})
