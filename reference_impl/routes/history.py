"""getTransactionsByLookup and getRetroRequestsByLookup: paginated histories."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.responses import Response

from reference_impl import params
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx

TRANSACTION_TYPES = ("REGULAR", "RETURN", "NOT_INTERESTED", "NOT_INTERESTED_RETURN", "MIXED")
TRANSACTION_EMBEDS = frozenset(
    {"BILL_CF", "BILL_EF", "ATTRIBUTION", "PAYMENT_MODES", "CREDIT_NOTES"}
    | {"BILL_STORE_DETAILS", "BILL_POINTS", "TRANSACTION_IDENTIFIER"}
)


def _plain_date(ctx: Ctx, name: str) -> date | None:
    """A YYYY-MM-DD date where the 121x date codes do not apply: a bad one is 400."""
    try:
        return params.opt_date(ctx.params, name, frozenset())
    except ApiError:
        raise ApiError(400) from None


def _window(ctx: Ctx, code: int) -> tuple[str, str]:
    start = _plain_date(ctx, "startDate")
    end = _plain_date(ctx, "endDate")
    if start and end and start > end:
        raise ApiError(code)
    low = start.isoformat() if start else "0000"
    high = (end.isoformat() + "~") if end else "9999~"
    return low, high


def _pagination(page: params.Page, total: int, faults: frozenset[str]) -> dict[str, int]:
    offset = 0 if "pagination_offset_not_echoed" in faults else page.offset
    return {"limit": page.limit, "offset": offset, "total": total}


def getTransactionsByLookup(ctx: Ctx) -> Response:
    kind = ctx.params.get("transactionType")
    if kind is not None and kind not in TRANSACTION_TYPES:
        raise ApiError(400)
    low, high = _window(ctx, 8130)
    page = params.page(ctx.params, 20, 1000, ctx.faults)
    sort_by = params.opt_enum(ctx.params, "sortBy", ("BILLING_TIME",))
    order = params.opt_enum(ctx.params, "sortOrder", ("DESC", "ASC"))
    embeds = {e for e in ctx.params.get("embed", "").split(",") if e}
    if not embeds <= TRANSACTION_EMBEDS:
        raise ApiError(400)
    params.opt_bool(ctx.params, "localCurrency")
    where = "customer_id = ? AND billing_time >= ? AND billing_time <= ?"
    args: list[Any] = [ctx.customer.id, low, high]
    if kind is not None:
        where += " AND type = ?"
        args.append(kind)
    with ctx.store.read() as conn:
        total = conn.execute(f"SELECT COUNT(*) FROM transactions WHERE {where}", args).fetchone()
        rows = conn.execute(
            "SELECT id, billing_time, bill_number, type, amount, notes FROM transactions"
            f" WHERE {where} ORDER BY billing_time {order}, id {order} LIMIT ? OFFSET ?",
            [*args, page.limit, page.offset],
        ).fetchall()
    data = [
        {"id": r[0], "customerId": ctx.customer.id, "billingTime": r[1], "billNumber": r[2]}
        | {"type": r[3], "amount": r[4], "grossAmount": r[4], "discount": 0, "notes": r[5]}
        for r in rows
    ]
    pagination: dict[str, Any] = _pagination(page, int(total[0]), ctx.faults)
    pagination |= {"sortBy": sort_by, "sortOrder": order}
    return ctx.ok({"pagination": pagination, "data": data, "errors": []})


def getRetroRequestsByLookup(ctx: Ctx) -> Response:
    change_type = ctx.params.get("changeType")
    low, high = _window(ctx, 400)
    page = params.page(ctx.params, 10, 100, ctx.faults)
    order = params.opt_enum(ctx.params, "sortOrder", ("DESC", "ASC"))
    where = "customer_id = ? AND added_on >= ? AND added_on <= ?"
    args: list[Any] = [ctx.customer.id, low, high]
    if change_type:
        where += " AND change_type = ?"
        args.append(change_type)
    with ctx.store.read() as conn:
        total = conn.execute(f"SELECT COUNT(*) FROM retro_requests WHERE {where}", args).fetchone()
        rows = conn.execute(
            "SELECT id, status, change_type, added_on, transaction_id, reason FROM retro_requests"
            f" WHERE {where} ORDER BY added_on {order}, id {order} LIMIT ? OFFSET ?",
            [*args, page.limit, page.offset],
        ).fetchall()
    data = [
        {"id": r[0], "status": r[1], "baseType": r[2], "addedOn": r[3], "updatedOn": r[3]}
        | {"userId": ctx.customer.id, "transactionId": r[4], "reason": r[5], "comments": ""}
        | {"requestId": r[0], "warnings": [], "reqAdd": True, "oneStep": False}
        for r in rows
    ]
    pagination = _pagination(page, int(total[0]), ctx.faults)
    return ctx.ok({"pagination": pagination, "data": data, "errors": []})
