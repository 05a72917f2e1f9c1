"""getSubscriptionsByLookup and updateSubscriptionsByLookup."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from reference_impl import views
from reference_impl.bodies import objects, opt_int, opt_list, opt_str
from reference_impl.errors import ApiError
from reference_impl.pipeline import Ctx

# Channel → the identifier it reaches the customer through (None: always reachable).
CHANNELS: dict[str, str | None] = {
    "SMS": "mobile",
    "MOBILE": "mobile",
    "EMAIL": "email",
    "WECHAT": "wechat",
    "MOBILE_PUSH": None,
}
PRIORITIES = ("TRANS", "BULK")
TYPES = ("OPTIN", "OPTOUT")
ECHOED = ("scope", "campaignId", "communicationId", "reason")


def _stored_channel(channel: str) -> str:
    return "SMS" if channel == "MOBILE" else channel


def getSubscriptionsByLookup(ctx: Ctx) -> Response:
    with ctx.store.read() as conn:
        rows = conn.execute(
            "SELECT channel, priority, type FROM subscriptions WHERE customer_id = ?",
            (ctx.customer.id,),
        ).fetchall()
    state = {(c, p): t for c, p, t in rows}
    defaults = [(c, p) for p in PRIORITIES for c in ("EMAIL", "SMS")]
    keys = defaults + sorted(key for key in state if key not in defaults)
    subs = [{"channel": c, "priority": p, "type": state.get((c, p), "OPTIN")} for c, p in keys]
    return ctx.ok({"subscriptions": subs, "campaignId": 0, "communicationId": 0})


def _check_scope(doc: dict[str, Any]) -> None:
    scope = doc.get("scope")
    if isinstance(scope, list):
        if len(scope) > 1:
            raise ApiError(1105)
        scope = scope[0] if scope else None
    if not isinstance(scope, dict) or scope.get("scope") != "USER":
        raise ApiError(1103)
    if scope.get("subScope", "NONE") != "NONE":
        raise ApiError(1103)


def _check_id(doc: dict[str, Any], key: str, code: int) -> None:
    value = doc.get(key)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not -1 <= value < 2**63:
        raise ApiError(code)


def _check_request(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Scope (1103, 1105), campaignId (1107), communicationId (1108), then each item."""
    _check_scope(doc)
    _check_id(doc, "campaignId", 1107)
    _check_id(doc, "communicationId", 1108)
    opt_str(doc, "reason")
    items = objects(opt_list(doc, "subscriptions"))
    if not items:
        raise ApiError(400)
    for item in items:
        if item.get("channel") not in CHANNELS:
            raise ApiError(1101)
        if item.get("priority") not in PRIORITIES:
            raise ApiError(1102)
        if item.get("type") not in TYPES:
            raise ApiError(1106)
        opt_str(item, "accountId")
        opt_str(item, "sourceName")
        opt_int(item, "orgUnitId")
    return items


def _echo(doc: dict[str, Any], applied: list[dict[str, Any]]) -> dict[str, Any]:
    """The applied request: the known members of the body, with the subscriptions applied."""
    echo = {key: doc[key] for key in ECHOED if key in doc}
    echo["subscriptions"] = applied
    return echo


def updateSubscriptionsByLookup(ctx: Ctx) -> Response:
    doc = ctx.json()
    items = _check_request(doc)
    with ctx.store.write() as conn:
        ids = views.identifier_values(conn, ctx.customer.id)
        reachable = [CHANNELS[str(i["channel"])] in (None, *ids) for i in items]
        good = [item for item, ok in zip(items, reachable, strict=True) if ok]
        if not good:
            raise ApiError(1104)
        conn.executemany(
            "INSERT OR REPLACE INTO subscriptions VALUES (?, ?, ?, ?)",
            [
                (ctx.customer.id, _stored_channel(i["channel"]), i["priority"], i["type"])
                for i in good
            ],
        )
    failed = [item for item, ok in zip(items, reachable, strict=True) if not ok]
    if not failed:
        return ctx.ok(_echo(doc, good))
    errors = [ctx.warning(91022, str(i["channel"]), str(i["priority"])) for i in failed]
    body = {**_echo(doc, good), "warnings": [], "errors": errors}
    return JSONResponse(body, status_code=ctx.state.responder.status(91022))
