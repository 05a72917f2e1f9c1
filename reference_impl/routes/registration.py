"""registerCustomer: POST /v2/customers, its checks in the order of LKP-REG-023."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.responses import Response

from reference_impl import customer_store as cs
from reference_impl.customer_input import CustomerIn, extended_warnings, parse_customer
from reference_impl.errors import ApiError
from reference_impl.identifiers import canonical_value, valid_external_id
from reference_impl.pipeline import Ctx
from reference_impl.registration_extras import Extras, check_attribution, known_unit, parse_extras
from reference_impl.store import Org

MAIN = ("mobile", "email", "externalId")
INVALID_CODE = {"mobile": 1001, "email": 1002, "externalId": 1003}
TAKEN_CODE = {"mobile": 1032, "email": 1016, "externalId": 1033}
PRIMARY_CODE = {"mobile": 1006, "email": 1039, "externalId": 1043}


def check_required(data: CustomerIn, org: Org) -> None:
    """Which identifier types must be present (1007, 1019, 1006/1039/1043, 1059)."""
    types = {name for name, _ in data.identifiers()}
    if data.loyalty_type == "non_loyalty":
        if "mobile" not in types and "email" not in types:
            raise ApiError(1059)
        return
    main = types & set(MAIN)
    if not main:
        raise ApiError(1007)
    primary = org.primary_identifier
    if main == {"email"} and primary in ("mobile", "externalId"):
        raise ApiError(1019)
    if primary in PRIMARY_CODE and primary not in types:
        raise ApiError(PRIMARY_CODE[primary])


def canonical_identifiers(
    data: CustomerIn, org: Org, faults: frozenset[str]
) -> dict[str, tuple[str, str]]:
    """Type → (canonical, shown); the format codes 1045, 1001, 1002, 1003 (else 400)."""
    pairs = data.identifiers()
    values = {(n, r): canonical_value(n, r, org.base_cc, faults) for n, r in pairs}
    if data.loyalty_type == "non_loyalty":
        contact = [v for (n, _), v in values.items() if n in ("mobile", "email")]
        if not any(contact):
            raise ApiError(1045)
    found: dict[str, tuple[str, str]] = {}
    for (name, raw), value in values.items():
        if name == "externalId" and value is not None and not valid_external_id(value):
            value = None
        if value is None:
            raise ApiError(INVALID_CODE.get(name, 400))
        if name in found and found[name][0] != value:
            raise ApiError(400)
        found[name] = (value, value if name == "mobile" else raw.strip())
    if data.loyalty_type == "non_loyalty" and "externalId" in found:
        raise ApiError(1008)
    return found


def check_taken(conn: sqlite3.Connection, org: Org, ids: dict[str, tuple[str, str]]) -> None:
    """1014 for a re-registration, else 1032/1016/1033, else 400 for other identifiers."""
    owners = {name: cs.owner(conn, org.id, name, value) for name, (value, _) in ids.items()}
    main = {name: owners[name] for name in MAIN if name in owners}
    if main and None not in main.values() and len(set(main.values())) == 1:
        raise ApiError(1014)
    for name in MAIN:
        if owners.get(name) is not None:
            raise ApiError(TAKEN_CODE[name])
    if any(who is not None for who in owners.values()):
        raise ApiError(400)


def registerCustomer(ctx: Ctx) -> Response:
    doc = ctx.json()
    data = parse_customer(doc, ctx.org, source_required=True, faults=ctx.faults)
    extras = parse_extras(doc)
    if not data.profiles or any(name == "id" for name, _ in data.identifiers()):
        raise ApiError(400)
    check_required(data, ctx.org)
    ids = canonical_identifiers(data, ctx.org, ctx.faults)
    with ctx.store.write() as conn:
        check_taken(conn, ctx.org, ids)
        if data.unknown_custom_field():
            raise ApiError(1017)
        check_attribution(conn, ctx.org, extras)
        kept, refused = extended_warnings(data.extended)
        warnings = [ctx.warning(91015, name) for name in refused]
        if extras.preferred_store is not None:
            if known_unit(conn, ctx.org, "store", extras.preferred_store):
                kept["preferred_store"] = extras.preferred_store
            else:
                warnings.append(ctx.warning(1053))
        customer_id = _insert(conn, ctx.org, data, ids, kept)
    return ctx.ok({"createdId": customer_id, "sideEffects": []}, warnings)


def _insert(
    conn: sqlite3.Connection,
    org: Org,
    data: CustomerIn,
    ids: dict[str, tuple[str, str]],
    extended: dict[str, Any],
) -> int:
    first = next((p.first_name for p in data.profiles if p.first_name), "")
    last = next((p.last_name for p in data.profiles if p.last_name), "")
    loyalty_type = data.loyalty_type or "loyalty"
    customer_id = cs.insert_customer(conn, org.id, (first, last), loyalty_type, extended)
    for name, (value, raw) in ids.items():
        cs.set_identifier(conn, org.id, customer_id, name, value, raw)
    for profile in data.profiles:
        cs.ensure_profile(conn, customer_id, profile.source, profile.account_id, profile.fields)
    cs.ensure_profile(conn, customer_id, "INSTORE", "", {})
    return customer_id


__all__ = ["Extras", "registerCustomer"]
