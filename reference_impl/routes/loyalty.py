"""getLoyaltyDetailsByLookup, getPointsBalanceByLookup and getTierDetailsByLookup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from reference_impl import loyalty_store as ls
from reference_impl import params
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx


@dataclass(frozen=True, slots=True)
class ProgramQuery:
    entity_type: str
    program_id: int | None
    every: bool


def known_program_id(ctx: Ctx) -> int | None:
    """`programId`: absent, or the id of one of the org's programs (else 1213, LKP-LOY-003)."""
    found = params.opt_int(ctx.params, "programId", code=1213)
    if found is None:
        return None
    with ctx.store.read() as conn:
        known = {p.program_id for p in ls.programs(conn, ctx.org.id)}
    if found not in known:
        raise ApiError(1213)
    return found


def program_query(ctx: Ctx, *, exclusive: bool = False) -> ProgramQuery:
    """entityType (1212), programId (1213, malformed or unknown) and, when `exclusive`, not
    with all programs (885) — the first three steps of LKP-SCH-008."""
    entity_type = params.opt_enum(ctx.params, "entityType", ("CUSTOMER", "FLEET"), code=1212)
    program_id = known_program_id(ctx)
    every = params.opt_bool(ctx.params, "fetchDataForAllPrograms")
    if exclusive and every and program_id is not None:
        raise ApiError(885)
    return ProgramQuery(entity_type, program_id, every)


def chosen(ctx: Ctx, query: ProgramQuery) -> list[tuple[ls.Program, ls.Standing]]:
    with ctx.store.read() as conn:
        found = ls.chosen_programs(conn, ctx.org.id, query.program_id, query.every)
        return [(p, ls.standing(conn, ctx.customer.id, p.program_id)) for p in found]


def getLoyaltyDetailsByLookup(ctx: Ctx) -> Response:
    chosen_id = known_program_id(ctx)
    params.opt_bool(ctx.params, "includedAllFleetGroup")
    params.opt_int(ctx.params, "fleetGroupId")
    query = ProgramQuery("CUSTOMER", chosen_id, chosen_id is None)
    data = [ls.program_detail(p, s) for p, s in chosen(ctx, query)]
    return ctx.ok({"data": data, "errors": []})


def getPointsBalanceByLookup(ctx: Ctx) -> Response:
    query = program_query(ctx)
    found = chosen(ctx, query)
    main = sum(s.points for _, s in found)
    promised = sum(s.promised for _, s in found)
    body = {
        "entityId": ctx.customer.id,
        "entityType": query.entity_type,
        "programId": found[0][0].program_id,
        "totalPoints": main + promised,
        "mainPoints": main,
        "promisedPoints": promised,
        "promisedPointsBreakup": {
            "delayedAccrualPoints": promised,
            "externalTriggerBasedPoints": 0.0,
        },
    }
    return ctx.ok(body)


def _program_tier(program: ls.Program, s: ls.Standing) -> dict[str, Any]:
    current = ls.tier(program, s.tier_number)
    above = [t for t in program.tiers if t["serialNumber"] > s.tier_number]
    item: dict[str, Any] = {
        "programId": program.program_id,
        "programName": program.name,
        "currentTier": {"tierNumber": s.tier_number, "tierName": current["name"]},
        "gapToRenew": {"points": max(float(current["threshold"]) - s.lifetime, 0.0)},
    }
    if above:
        nxt = above[0]
        item["nextTier"] = {"tierNumber": nxt["serialNumber"], "tierName": nxt["name"]}
        item["gapToUpgrade"] = {"points": max(float(nxt["threshold"]) - s.lifetime, 0.0)}
    return item


def getTierDetailsByLookup(ctx: Ctx) -> Response:
    query = program_query(ctx)
    found = chosen(ctx, query)
    warnings = []
    for program, s in found:
        for code in ls.tier_warnings(program, s, upgrade=True, renew=True):
            warnings.append(ctx.warning(code))
    body = {
        "entityId": ctx.customer.id,
        "entityType": query.entity_type,
        "programTiers": [_program_tier(p, s) for p, s in found],
    }
    return ctx.ok(body, warnings)
