"""getPromisedPointsScheduleByLookup and getPointsExpiryScheduleByLookup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.responses import Response

from reference_impl import params, views
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx
from reference_impl.routes.loyalty import chosen, program_query

FAR_YEARS = 100


@dataclass(frozen=True, slots=True)
class Period:
    start: date | None
    end: date | None


def period(ctx: Ctx, *, past_end_refused: bool) -> Period:
    """startDate/endDate: format (1216), order (1214), past end (1215), far future (1217)."""
    start = params.opt_date(ctx.params, "startDate", ctx.faults)
    end = params.opt_date(ctx.params, "endDate", ctx.faults)
    today = date.today()
    if start and end and start > end and "start_after_end_allowed" not in ctx.faults:
        raise ApiError(1214)
    if past_end_refused and end is not None and end < today:
        raise ApiError(1215, "endDate")
    far = today.replace(year=min(today.year + FAR_YEARS, 9999), day=min(today.day, 28))
    for name, value in (("startDate", start), ("endDate", end)):
        if value is not None and value > far:
            raise ApiError(1217, name)
    return Period(start, end)


def _rows(ctx: Ctx, kind: str, programs: list[int], span: Period) -> list[tuple[object, ...]]:
    marks = ",".join("?" * len(programs))
    sql = (
        "SELECT points, day, program_id, points_type FROM schedules"
        f" WHERE customer_id = ? AND kind = ? AND program_id IN ({marks})"
    )
    args: list[object] = [ctx.customer.id, kind, *programs]
    if span.start is not None:
        sql += " AND day >= ?"
        args.append(span.start.isoformat())
    if span.end is not None:
        sql += " AND day <= ?"
        args.append(span.end.isoformat())
    with ctx.store.read() as conn:
        return [tuple(r) for r in conn.execute(sql + " ORDER BY day, id", args)]


def getPromisedPointsScheduleByLookup(ctx: Ctx) -> Response:
    query = program_query(ctx, exclusive=True)
    span = period(ctx, past_end_refused=True)
    programs = [p.program_id for p, _ in chosen(ctx, query)]
    promised = [
        {"points": pts, "redeemableFrom": day, "programId": pid, "pointsType": kind}
        for pts, day, pid, kind in _rows(ctx, "promised", programs, span)
    ]
    trigger = [
        {"points": pts, "programId": pid, "pointsType": kind}
        for pts, _, pid, kind in _rows(ctx, "trigger", programs, Period(None, None))
    ]
    body = {
        "entityId": ctx.customer.id,
        "entityType": query.entity_type,
        "promisedPointsScheduleList": promised,
        "triggerBasedPointsList": trigger,
    }
    return ctx.ok(body)


def getPointsExpiryScheduleByLookup(ctx: Ctx) -> Response:
    query = program_query(ctx, exclusive=True)
    earliest = params.opt_bool(ctx.params, "fetchEarliestExpiryOnly")
    span = period(ctx, past_end_refused=False)
    programs = [p.program_id for p, _ in chosen(ctx, query)]
    items = [
        {"points": pts, "expiryDate": day, "programId": pid, "pointsType": kind}
        | {"expiryType": "fixed"}
        for pts, day, pid, kind in _rows(ctx, "expiry", programs, span)
    ]
    if earliest:
        firsts: dict[object, str] = {}
        for item in items:
            firsts.setdefault(item["programId"], str(item["expiryDate"]))
        items = [i for i in items if i["expiryDate"] == firsts[i["programId"]]]
    with ctx.store.read() as conn:
        body = views.customer_view(conn, ctx.customer)
    body["expirySchedules"] = items
    return ctx.ok(body)
