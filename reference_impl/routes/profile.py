"""updateCustomerByLookup: PUT /v2/customers/lookup."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.responses import Response

from reference_impl import customer_store as cs
from reference_impl import params, views
from reference_impl.customer_input import CustomerIn, extended_warnings, parse_customer
from reference_impl.errors import ApiError
from reference_impl.identifiers import canonical_value
from reference_impl.pipeline import Ctx
from reference_impl.registration_extras import known_unit, parse_extras
from reference_impl.store import Customer

NOT_UPDATABLE = ("id", "cardExternalId")
CONVERSION_CODE = {"email": 1048, "externalId": 1049}


def _check_conversion(ctx: Ctx, data: CustomerIn, current: dict[str, str]) -> None:
    customer = ctx.customer
    if customer.loyal and data.loyalty_type == "non_loyalty":
        raise ApiError(1046)
    if not customer.loyal and data.loyalty_type == "loyalty":
        primary = ctx.org.primary_identifier
        given = {name for name, _ in data.identifiers()} | set(current)
        if primary in CONVERSION_CODE and primary not in given:
            raise ApiError(CONVERSION_CODE[primary])


def _identifier_changes(
    ctx: Ctx, conn: sqlite3.Connection, data: CustomerIn, current: dict[str, str]
) -> tuple[dict[str, tuple[str, str]], list[dict[str, Any]]]:
    """The identifiers to apply, and a warning for each one refused."""
    primary = ctx.org.primary_identifier
    changes: dict[str, tuple[str, str]] = {}
    warnings = []
    for name, raw in data.identifiers():
        if name in NOT_UPDATABLE:
            if "warning_91006_dropped" not in ctx.faults:
                warnings.append(ctx.warning(91006, name))
            continue
        value = canonical_value(name, raw, ctx.org.base_cc, ctx.faults)
        if value is None:
            raise ApiError(400)
        who = cs.owner(conn, ctx.org.id, name, value)
        if who is not None and who != ctx.customer.id:
            if name == primary:
                raise ApiError(1047)
            warnings.append(ctx.warning(91007, name))
        elif name == primary and name in current and current[name] != value:
            warnings.append(ctx.warning(91005, name))
        elif who is None:
            changes[name] = (value, value if name == "mobile" else raw.strip())
    return changes, warnings


def _apply(
    conn: sqlite3.Connection,
    customer: Customer,
    data: CustomerIn,
    changes: dict[str, tuple[str, str]],
    extended: dict[str, str],
) -> None:
    first = next((p.first_name for p in data.profiles if p.first_name), customer.first_name)
    last = next((p.last_name for p in data.profiles if p.last_name), customer.last_name)
    merged = json.dumps({**customer.extended, **extended})
    loyalty_type = data.loyalty_type or customer.loyalty_type
    cs.touch(
        conn,
        customer.id,
        first_name=first,
        last_name=last,
        extended=merged,
        loyalty_type=loyalty_type,
    )
    for name, (value, raw) in changes.items():
        cs.set_identifier(conn, customer.org_id, customer.id, name, value, raw)
    for p in data.profiles:
        cs.ensure_profile(conn, customer.id, p.source, p.account_id, p.fields)


def updateCustomerByLookup(ctx: Ctx) -> Response:
    use_async = params.opt_bool(ctx.params, "use_async")
    data = parse_customer(ctx.json(), ctx.org, source_required=False, faults=ctx.faults)
    if data.unknown_custom_field():
        raise ApiError(1017)
    kept, refused = extended_warnings(data.extended)
    preferred = parse_extras(ctx.json()).preferred_store
    with ctx.store.write() as conn:
        current = views.identifier_values(conn, ctx.customer.id)
        _check_conversion(ctx, data, current)
        changes, warnings = _identifier_changes(ctx, conn, data, current)
        if preferred is not None:
            if known_unit(conn, ctx.org, "store", preferred):
                kept["preferred_store"] = preferred
            else:
                warnings.append(ctx.warning(1053))
        _apply(conn, ctx.customer, data, changes, kept)
    warnings += [ctx.warning(91015, name) for name in refused]
    body: dict[str, Any] = {"createdId": ctx.customer.id}
    if not use_async or "use_async_side_effects" in ctx.faults:
        body["sideEffects"] = []
    return ctx.ok(body, warnings)
