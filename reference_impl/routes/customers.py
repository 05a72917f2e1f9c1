"""getCustomerByLookup, getCustomerDetailsByLookup and updateCustomerStatusByLookup."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.responses import Response

from reference_impl import loyalty_store as ls
from reference_impl import params, views
from reference_impl.bodies import opt_str
from reference_impl.customer_store import touch
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx

EMBEDS = frozenset(
    {"points", "subscriptions", "mlp", "promotionalPoints", "expirySchedules", "expiredPoints"}
    | {"segments", "userGroup", "customerImage", "cardLoyaltyDetails", "fleetParentDetails"}
    | {"ignoreCardDetails", "customerStatus", "alternateCurrencies"}
)


def _iso_datetime(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in text or " " in text or len(text) == 10


def getCustomerByLookup(ctx: Ctx) -> Response:
    return ctx.ok({"entity": ctx.customer.id})


def _embeds(ctx: Ctx) -> set[str]:
    raw = ctx.params.get("embed", "")
    chosen = {part.strip() for part in raw.split(",") if part.strip()}
    if not chosen <= EMBEDS:
        raise ApiError(400)
    return chosen


def _embedded(ctx: Ctx, embeds: set[str], body: dict[str, Any]) -> None:
    if not embeds & {"customerStatus", "customerImage"}:
        return
    with ctx.store.read() as conn:
        row = conn.execute(
            "SELECT status_label, status_reason, image FROM customers WHERE id = ?",
            (ctx.customer.id,),
        ).fetchone()
    if "customerStatus" in embeds:
        body["customerStatus"] = {"label": row[0] or "Active", "reason": row[1] or ""}
    if "customerImage" in embeds and row[2]:
        body["customerImage"] = json.loads(row[2])


def getCustomerDetailsByLookup(ctx: Ctx) -> Response:
    embeds = _embeds(ctx)
    fraud = params.opt_bool(ctx.params, "includedFraudDetails")
    upgrade = params.opt_bool(ctx.params, "gapToUpgrade")
    renew = params.opt_bool(ctx.params, "gapToRenew")
    params.opt_int(ctx.params, "userGroup2Id")
    customer = ctx.customer
    warnings: list[dict[str, Any]] = []
    with ctx.store.read() as conn:  # three queries: identifiers, profiles, programs+standings
        rows = views.identifier_rows(conn, customer.id)
        body = views.customer_view(conn, customer, rows)
        details = []
        for program, s in ls.standings(conn, ctx.org.id, customer.id):
            details.append(ls.program_detail(program, s))
            if program.default:
                codes = ls.tier_warnings(program, s, upgrade, renew)
                warnings += [ctx.warning(code) for code in codes]
    body["loyaltyProgramDetails"] = details if customer.loyal else []
    cards = {t: value for t, _, value in rows}  # canonical values by type
    card = cards.get("cardnumber")
    body["cardDetails"] = [{"cardNumber": card, "statusLabel": "ACTIVE"}] if card else []
    if fraud:
        body["fraudDetails"] = {"status": "MARKED" if customer.fraud else "NONE"}
    _embedded(ctx, embeds, body)
    return ctx.ok(body, warnings)


def updateCustomerStatusByLookup(ctx: Ctx) -> Response:
    params.opt_bool(ctx.params, "use_async")
    doc = ctx.json()
    reason = opt_str(doc, "reason", max_len=1000)
    label = opt_str(doc, "label", max_len=100)
    created_on = opt_str(doc, "createdOn")
    if not reason or not reason.strip() or not label or not label.strip():
        raise ApiError(400)
    if created_on is not None and not _iso_datetime(created_on):
        raise ApiError(400)
    with ctx.store.write() as conn:
        touch(conn, ctx.customer.id, status_label=label, status_reason=reason)
    return ctx.ok({"createdId": ctx.customer.id})
