"""requestCustomerIdChangeByLookup: POST /v2/customers/lookup/changeRequest."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from reference_impl import customer_store as cs
from reference_impl import views
from reference_impl.bodies import opt_object, opt_str
from reference_impl.customer_input import CUSTOM_FIELDS
from reference_impl.errors import ApiError
from reference_impl.identifiers import canonical_value, valid_external_id
from reference_impl.pipeline import Ctx
from reference_impl.store import now_iso

CHANGEABLE = ("mobile", "email", "externalId")
IDENTIFIER_FIELDS = (*CHANGEABLE, "cardnumber")
# The code issued to customers for identifier changes (the reference issues one per org).
VALIDATION_CODE = "4711"


def _verification_fields(ctx: Ctx) -> dict[str, str]:
    """What a requester may prove: names, identifiers and custom fields of the customer."""
    with ctx.store.read() as conn:
        ids = views.identifier_values(conn, ctx.customer.id)
        custom = views.custom_fields(conn, ctx.customer.id)
    fields = {"firstName": ctx.customer.first_name, "lastName": ctx.customer.last_name}
    fields |= {name: ids.get(name, "") for name in IDENTIFIER_FIELDS}
    return fields | {name: custom.get(name, "") for name in CUSTOM_FIELDS}


def _matches(ctx: Ctx, known: dict[str, str], name: str, value: Any) -> bool:
    if not isinstance(value, str):
        raise ApiError(400)
    if name in IDENTIFIER_FIELDS:
        return canonical_value(name, value, ctx.org.base_cc) == known[name] != ""
    return value.strip() == known.get(name) != ""


def _check_verification(ctx: Ctx, verification: dict[str, Any]) -> None:
    mandatory = opt_object(verification, "mandatory")
    optional = opt_object(verification, "optional")
    known = _verification_fields(ctx)
    if any(name not in known for name in [*mandatory, *optional]):
        raise ApiError(1027)
    if not all(_matches(ctx, known, n, v) for n, v in mandatory.items()):
        raise ApiError(1025)
    if optional and not any(_matches(ctx, known, n, v) for n, v in optional.items()):
        raise ApiError(1026)


def requestCustomerIdChangeByLookup(ctx: Ctx) -> Response:
    doc = ctx.json()
    name = opt_str(doc, "identifierName")
    new_value = opt_str(doc, "newValue")
    code = opt_str(doc, "validationCode")
    if name not in CHANGEABLE or new_value is None or not new_value.strip():
        raise ApiError(400)
    _check_verification(ctx, opt_object(doc, "verification"))
    if code is not None and code != VALIDATION_CODE:
        raise ApiError(1021)
    value = canonical_value(name, new_value, ctx.org.base_cc, ctx.faults)
    if value is None or (name == "externalId" and not valid_external_id(value)):
        raise ApiError(1042)
    with ctx.store.write() as conn:
        who = cs.owner(conn, ctx.org.id, name, value)
        if who is not None:
            raise ApiError(1041)
        cursor = conn.execute(
            "INSERT INTO change_requests (customer_id, identifier_name, new_value, status,"
            " created_on) VALUES (?, ?, ?, 'PENDING', ?)",
            (ctx.customer.id, name, value, now_iso()),
        )
    return ctx.ok({"createdId": cursor.lastrowid})
