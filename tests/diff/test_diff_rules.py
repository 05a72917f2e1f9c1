"""Every diff rule, before and after: one row per rule, with the exact finding it must report."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import (
    DIFF_REQ,
    Docs,
    Mutation,
    add_requirement,
    base,
    body,
    body_schema,
    bundle,
    code,
    op,
    param,
    requirement,
    response,
    response_schema,
    run_diff,
)

from conformance.diff.engine import REGISTRY, diff_bundles

COUPONS = "GET /v2/customers/lookup/coupons (getCouponsByLookup)"
TXNS = "GET /v2/customers/lookup/transactions (getTransactionsByLookup)"
LOOKUP = "GET /v2/customers/lookup (getCustomerByLookup)"
TICKET = "POST /v2/customers/lookup/tickets (addTicketByLookup)"
NOTES = "PUT /v2/customers/lookup/notes (updateNotesByLookup)"
TICKETS = "GET /v2/customers/lookup/tickets (getTicketsByLookup)"


def delete_path(d: Docs, path: str, method: str) -> None:
    del d.openapi["paths"][path][method]


def set_(target: dict[str, Any], **values: Any) -> None:
    target.update(values)


def drop(target: dict[str, Any], key: str) -> None:
    target.pop(key)


def txn_param(name: str) -> Mutation:
    return lambda d: param(d, "getTransactionsByLookup", name)


def ticket_prop(d: Docs, name: str) -> dict[str, Any]:
    return body_schema(d, "addTicketByLookup")["properties"][name]  # type: ignore[no-any-return]


def entity(d: Docs) -> dict[str, Any]:
    return response_schema(d, "getCustomerByLookup")["properties"]["entity"]  # type: ignore[no-any-return]


def new_code(d: Docs) -> None:
    d.codes["codes"].append(
        {"code": 8999, "kind": "error", "messages": ["Coupon wallet unavailable."],
         "http_status": 503, "operations": ["getCouponsByLookup"], "origin": "authored",
         "triggerable": True}
    )  # fmt: skip


# (rule id, setup applied to both versions or None, change applied to the new one, finding)
CASES: list[tuple[str, Mutation | None, Mutation, str]] = [
    # --- operations and servers
    (
        "endpoint-removed",
        None,
        lambda d: delete_path(d, "/v2/customers/lookup/coupons", "get"),
        f"{COUPONS}: endpoint removed",
    ),
    (
        "deprecated-endpoint-removed",
        lambda d: set_(op(d, "getCouponsByLookup"), deprecated=True),
        lambda d: delete_path(d, "/v2/customers/lookup/coupons", "get"),
        f"{COUPONS}: deprecated endpoint removed",
    ),
    (
        "endpoint-added",
        lambda d: delete_path(d, "/v2/customers/lookup/coupons", "get"),
        lambda d: (
            base().openapi["paths"]["/v2/customers/lookup/coupons"]["get"]
            and d.openapi["paths"]["/v2/customers/lookup/coupons"].update(
                get=base().openapi["paths"]["/v2/customers/lookup/coupons"]["get"]
            )
        ),
        f"{COUPONS}: endpoint added",
    ),
    (
        "endpoint-deprecated",
        None,
        lambda d: set_(op(d, "getCouponsByLookup"), deprecated=True),
        f"{COUPONS}: endpoint deprecated",
    ),
    (
        "operation-id-changed",
        None,
        lambda d: set_(op(d, "getCouponsByLookup"), operationId="listCouponsByLookup"),
        "GET /v2/customers/lookup/coupons (listCouponsByLookup): "
        "operationId changed from getCouponsByLookup to listCouponsByLookup",
    ),
    (
        "endpoint-profile-changed",
        None,
        lambda d: set_(op(d, "getCouponsByLookup"), **{"x-profile": "loyalty-reads"}),
        f"{COUPONS}: x-profile changed from engagement to loyalty-reads",
    ),
    (
        "api-server-removed",
        None,
        lambda d: d.openapi["servers"].pop(),
        "servers: removed the server http://127.0.0.1:8080",
    ),
    (
        "api-server-added",
        None,
        lambda d: d.openapi["servers"].append({"url": "https://staging"}),
        "servers: added the server https://staging",
    ),
    # --- security
    (
        "api-global-security-removed",
        None,
        lambda d: d.openapi["security"].pop(),
        "security: removed the security alternative oauthToken",
    ),
    (
        "api-global-security-added",
        None,
        lambda d: d.openapi["security"].append({"mtls": []}),
        "security: added the security alternative mtls",
    ),
    (
        "endpoint-security-removed",
        None,
        lambda d: set_(op(d, "getCouponsByLookup"), security=[{"basicAuth": []}]),
        f"{COUPONS}: removed the security alternative oauthToken",
    ),
    (
        "endpoint-security-added",
        None,
        lambda d: set_(
            op(d, "getCouponsByLookup"), security=[{"basicAuth": []}, {"oauthToken": []}, {}]
        ),
        f"{COUPONS}: added the security alternative anonymous access",
    ),
    (
        "security-scheme-removed",
        None,
        lambda d: d.openapi["components"]["securitySchemes"].pop("oauthToken"),
        "securitySchemes: removed the security scheme oauthToken",
    ),
    (
        "security-scheme-added",
        None,
        lambda d: d.openapi["components"]["securitySchemes"].update(
            bearer={"type": "http", "scheme": "bearer"}
        ),
        "securitySchemes: added the security scheme bearer",
    ),
    (
        "security-scheme-changed",
        None,
        lambda d: set_(d.openapi["components"]["securitySchemes"]["oauthToken"], name="X-Token"),
        "securitySchemes: security scheme oauthToken: "
        "name changed from X-CAP-API-OAUTH-TOKEN to X-Token",
    ),
    # --- parameters
    (
        "new-required-request-parameter",
        None,
        lambda d: op(d, "getCouponsByLookup")["parameters"].append(
            {"name": "status", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        f"{COUPONS}: added the new required query request parameter status",
    ),
    (
        "new-optional-request-parameter",
        None,
        lambda d: op(d, "getCouponsByLookup")["parameters"].append(
            {"name": "status", "in": "query", "schema": {"type": "string"}}
        ),
        f"{COUPONS}: added the new optional query request parameter status",
    ),
    (
        "request-parameter-removed",
        None,
        lambda d: op(d, "getTransactionsByLookup")["parameters"].remove(
            txn_param("localCurrency")(d)
        ),
        f"{TXNS}: removed the query request parameter localCurrency",
    ),
    (
        "request-parameter-became-required",
        None,
        lambda d: set_(txn_param("transactionType")(d), required=True),
        f"{TXNS}: the query request parameter transactionType became required",
    ),
    (
        "request-parameter-became-optional",
        None,
        lambda d: set_(txn_param("identifierValue")(d), required=False),
        f"{TXNS}: the query request parameter identifierValue became optional",
    ),
    (
        "request-parameter-type-changed",
        None,
        lambda d: set_(txn_param("limit")(d)["schema"], type="string"),
        f"{TXNS}: the query request parameter limit: type changed from integer to string",
    ),
    (
        "request-parameter-type-generalized",
        None,
        lambda d: set_(txn_param("limit")(d)["schema"], type="number"),
        f"{TXNS}: the query request parameter limit: type widened from integer to number",
    ),
    (
        "request-parameter-format-changed",
        None,
        lambda d: set_(txn_param("accountId")(d)["schema"], format="uuid"),
        f"{TXNS}: the query request parameter accountId: format changed from none to uuid",
    ),
    (
        "request-parameter-enum-value-removed",
        None,
        lambda d: txn_param("transactionType")(d)["schema"]["enum"].remove("RETURN"),
        f'{TXNS}: removed the enum value(s) "RETURN" '
        "from the query request parameter transactionType",
    ),
    (
        "request-parameter-enum-value-added",
        None,
        lambda d: txn_param("transactionType")(d)["schema"]["enum"].append("VOID"),
        f'{TXNS}: added the enum value(s) "VOID" to the query request parameter transactionType',
    ),
    (
        "request-parameter-became-enum",
        None,
        lambda d: set_(txn_param("accountId")(d)["schema"], enum=["A1", "A2"]),
        f"{TXNS}: the query request parameter accountId "
        'was restricted to the enum values "A1", "A2"',
    ),
    (
        "request-parameter-pattern-added",
        None,
        lambda d: set_(txn_param("accountId")(d)["schema"], pattern="^[0-9]+$"),
        f"{TXNS}: added the pattern ^[0-9]+$ to the query request parameter accountId",
    ),
    (
        "request-parameter-pattern-changed",
        lambda d: set_(txn_param("accountId")(d)["schema"], pattern="^[0-9]+$"),
        lambda d: set_(txn_param("accountId")(d)["schema"], pattern="^[0-9]{4}$"),
        f"{TXNS}: changed the pattern of the query request parameter accountId "
        "from ^[0-9]+$ to ^[0-9]{4}$",
    ),
    (
        "request-parameter-max-decreased",
        None,
        lambda d: set_(txn_param("limit")(d)["schema"], maximum=100),
        f"{TXNS}: the query request parameter limit: maximum 1000 -> 100",
    ),
    (
        "request-parameter-min-increased",
        None,
        lambda d: set_(txn_param("offset")(d)["schema"], minimum=1),
        f"{TXNS}: the query request parameter offset: minimum 0 -> 1",
    ),
    (
        "request-parameter-default-changed",
        None,
        lambda d: set_(txn_param("limit")(d)["schema"], default=50),
        f"{TXNS}: the query request parameter limit: default 20 changed to 50",
    ),
    # --- request bodies
    (
        "request-body-added-required",
        None,
        lambda d: set_(op(d, "getCouponsByLookup"), requestBody=dict(base_body(), required=True)),
        f"{COUPONS}: added a required request body",
    ),
    (
        "request-body-added-optional",
        None,
        lambda d: set_(op(d, "getCouponsByLookup"), requestBody=base_body()),
        f"{COUPONS}: added an optional request body",
    ),
    (
        "request-body-removed",
        None,
        lambda d: drop(op(d, "addTicketByLookup"), "requestBody"),
        f"{TICKET}: removed the request body",
    ),
    (
        "request-body-became-required",
        lambda d: set_(body(d, "addTicketByLookup"), required=False),
        lambda d: set_(body(d, "addTicketByLookup"), required=True),
        f"{TICKET}: the request body became required",
    ),
    (
        "request-body-became-optional",
        None,
        lambda d: set_(body(d, "addTicketByLookup"), required=False),
        f"{TICKET}: the request body became optional",
    ),
    (
        "request-body-media-type-removed",
        lambda d: body(d, "addTicketByLookup")["content"].update({"application/xml": {}}),
        lambda d: body(d, "addTicketByLookup")["content"].pop("application/xml"),
        f"{TICKET}: removed the media type application/xml from the request body",
    ),
    (
        "request-body-media-type-added",
        None,
        lambda d: body(d, "addTicketByLookup")["content"].update({"application/xml": {}}),
        f"{TICKET}: added the media type application/xml to the request body",
    ),
    # --- request schemas
    (
        "request-property-removed",
        None,
        lambda d: body_schema(d, "addTicketByLookup")["properties"].pop("priority"),
        f"{TICKET}: removed the request property priority",
    ),
    (
        "new-required-request-property",
        None,
        lambda d: add_prop(body_schema(d, "addTicketByLookup"), "channel", True),
        f"{TICKET}: added the new required request property channel",
    ),
    (
        "new-optional-request-property",
        None,
        lambda d: add_prop(body_schema(d, "addTicketByLookup"), "channel", False),
        f"{TICKET}: added the new optional request property channel",
    ),
    (
        "request-property-became-required",
        None,
        lambda d: body_schema(d, "addTicketByLookup")["required"].append("message"),
        f"{TICKET}: the request property message became required",
    ),
    (
        "request-property-became-optional",
        None,
        lambda d: set_(body_schema(d, "addTicketByLookup"), required=[]),
        f"{TICKET}: the request property subject became optional",
    ),
    (
        "request-property-type-changed",
        None,
        lambda d: set_(ticket_prop(d, "priority"), type="integer"),
        f"{TICKET}: the request property priority: type changed from string to integer",
    ),
    (
        "request-property-type-generalized",
        None,
        lambda d: set_(ticket_prop(d, "message"), type=["string", "number"]),
        f"{TICKET}: the request property message: type widened from string to number|string",
    ),
    (
        "request-property-format-changed",
        None,
        lambda d: set_(ticket_prop(d, "subject"), format="email"),
        f"{TICKET}: the request property subject: format changed from none to email",
    ),
    (
        "request-property-enum-value-removed",
        None,
        lambda d: ticket_prop(d, "priority")["enum"].remove("LOW"),
        f'{TICKET}: removed the enum value(s) "LOW" from the request property priority',
    ),
    (
        "request-property-enum-value-added",
        None,
        lambda d: ticket_prop(d, "priority")["enum"].append("URGENT"),
        f'{TICKET}: added the enum value(s) "URGENT" to the request property priority',
    ),
    (
        "request-property-became-enum",
        None,
        lambda d: set_(ticket_prop(d, "subject"), enum=["Points"]),
        f'{TICKET}: the request property subject was restricted to the enum values "Points"',
    ),
    (
        "request-property-max-decreased",
        None,
        lambda d: set_(ticket_prop(d, "subject"), maxLength=80),
        f"{TICKET}: the request property subject: maxLength unset -> 80",
    ),
    (
        "request-property-min-increased",
        None,
        lambda d: set_(body_schema(d, "updateNotesByLookup")["properties"]["notes"], minItems=2),
        f"{NOTES}: the request property notes: minItems 1 -> 2",
    ),
    (
        "request-property-pattern-added",
        None,
        lambda d: set_(ticket_prop(d, "subject"), pattern="^\\S"),
        f"{TICKET}: added the pattern ^\\S to the request property subject",
    ),
    (
        "request-property-pattern-changed",
        lambda d: set_(ticket_prop(d, "subject"), pattern="^\\S"),
        lambda d: set_(ticket_prop(d, "subject"), pattern="^\\w"),
        f"{TICKET}: changed the pattern of the request property subject from ^\\S to ^\\w",
    ),
    (
        "request-property-became-not-nullable",
        lambda d: set_(ticket_prop(d, "message"), type=["string", "null"]),
        lambda d: set_(ticket_prop(d, "message"), type="string"),
        f"{TICKET}: the request property message became not nullable",
    ),
    (
        "request-additional-properties-forbidden",
        None,
        lambda d: set_(
            body_schema(d, "updateNotesByLookup")["properties"]["notes"]["items"],
            additionalProperties=False,
        ),
        f"{NOTES}: the request property notes[] no longer accepts additional properties",
    ),
    # --- responses
    (
        "response-success-status-removed",
        None,
        lambda d: op(d, "updateNotesByLookup")["responses"].pop("201"),
        f"{NOTES}: removed the success response 201",
    ),
    (
        "response-non-success-status-removed",
        None,
        lambda d: op(d, "getCouponsByLookup")["responses"].pop("404"),
        f"{COUPONS}: removed the non-success response 404",
    ),
    (
        "response-success-status-added",
        None,
        lambda d: op(d, "getCouponsByLookup")["responses"].update(
            {"206": {"description": "Partial."}}
        ),
        f"{COUPONS}: added the success response 206",
    ),
    (
        "response-non-success-status-added",
        None,
        lambda d: op(d, "getCouponsByLookup")["responses"].update(
            {"429": {"description": "Slow down."}}
        ),
        f"{COUPONS}: added the non-success response 429",
    ),
    (
        "response-media-type-removed",
        lambda d: response(d, "getCouponsByLookup", "200")["content"].update({"text/csv": {}}),
        lambda d: response(d, "getCouponsByLookup", "200")["content"].pop("text/csv"),
        f"{COUPONS}: removed the media type text/csv from the response 200",
    ),
    (
        "response-media-type-added",
        None,
        lambda d: response(d, "getCouponsByLookup", "200")["content"].update({"text/csv": {}}),
        f"{COUPONS}: added the media type text/csv to the response 200",
    ),
    (
        "response-required-header-removed",
        lambda d: set_(
            response(d, "getCouponsByLookup", "200"), headers={"X-Request-Id": {"required": True}}
        ),
        lambda d: drop(response(d, "getCouponsByLookup", "200"), "headers"),
        f"{COUPONS}: removed the required header X-Request-Id from the response 200",
    ),
    # --- response schemas
    (
        "response-required-property-removed",
        None,
        lambda d: response_schema(d, "getCustomerByLookup")["properties"].pop("entity"),
        f"{LOOKUP}: removed the required property entity from the response for status 200",
    ),
    (
        "response-optional-property-removed",
        None,
        lambda d: response_schema(d, "getCustomerByLookup")["properties"].pop("errors"),
        f"{LOOKUP}: removed the optional property errors from the response for status 200",
    ),
    (
        "response-property-added",
        None,
        lambda d: add_prop(response_schema(d, "getCustomerByLookup"), "customerRef", False),
        f"{LOOKUP}: added the property customerRef to the response for status 200",
    ),
    (
        "response-property-became-optional",
        None,
        lambda d: response_schema(d, "getCustomerByLookup")["required"].remove("entity"),
        f"{LOOKUP}: the response property entity became optional for status 200",
    ),
    (
        "response-property-became-required",
        None,
        lambda d: response_schema(d, "getCustomerByLookup")["required"].append("errors"),
        f"{LOOKUP}: the response property errors became required for status 200",
    ),
    (
        "response-property-type-changed",
        None,
        lambda d: set_(entity(d), type="string"),
        f"{LOOKUP}: the response property entity: "
        "type changed from integer to string for status 200",
    ),
    (
        "response-property-type-specialized",
        lambda d: set_(entity(d), type="number"),
        lambda d: set_(entity(d), type="integer"),
        f"{LOOKUP}: the response property entity: "
        "type narrowed from number to integer for status 200",
    ),
    (
        "response-property-format-changed",
        lambda d: set_(entity(d), format="int32"),
        lambda d: set_(entity(d), format="int64"),
        f"{LOOKUP}: the response property entity: "
        "format changed from int32 to int64 for status 200",
    ),
    (
        "response-property-enum-value-added",
        lambda d: set_(entity(d), enum=[1, 2]),
        lambda d: set_(entity(d), enum=[1, 2, 3]),
        f"{LOOKUP}: added the enum value(s) 3 to the response property entity for status 200",
    ),
    (
        "response-property-enum-value-removed",
        lambda d: set_(entity(d), enum=[1, 2]),
        lambda d: set_(entity(d), enum=[1]),
        f"{LOOKUP}: removed the enum value(s) 2 from the response property entity for status 200",
    ),
    (
        "response-property-max-increased",
        lambda d: set_(entity(d), maximum=999),
        lambda d: drop(entity(d), "maximum"),
        f"{LOOKUP}: the response property entity: maximum 999 -> unset for status 200",
    ),
    (
        "response-property-min-decreased",
        lambda d: set_(entity(d), minimum=1),
        lambda d: set_(entity(d), minimum=0),
        f"{LOOKUP}: the response property entity: minimum 1 -> 0 for status 200",
    ),
    (
        "response-property-became-nullable",
        None,
        lambda d: set_(entity(d), type=["integer", "null"]),
        f"{LOOKUP}: the response property entity became nullable for status 200",
    ),
    # --- code catalog
    (
        "code-removed",
        None,
        lambda d: d.codes["codes"].remove(code(d, 1303)),
        "code 1303: removed from the catalog (error, HTTP 400)",
    ),
    ("code-added", None, new_code, "code 8999: added to the catalog (error, HTTP 503)"),
    (
        "code-kind-changed",
        None,
        lambda d: set_(code(d, 91001), kind="error"),
        "code 91001: kind changed from warning to error",
    ),
    (
        "code-http-status-changed",
        None,
        lambda d: set_(code(d, 8015), http_status=400),
        "code 8015: HTTP status changed from 404 to 400",
    ),
    (
        "code-message-placeholders-changed",
        None,
        lambda d: set_(code(d, 1215), messages=["{x} cannot be a past date ({y})."]),
        'code 1215: message "{x} cannot be a past date." became "{x} cannot be a past date ({y})." '
        "(placeholders {x} -> {x}, {y})",
    ),
    (
        "code-message-wording-changed",
        None,
        lambda d: set_(code(d, 1215), messages=["{x} must not be a past date."]),
        'code 1215: message wording changed from "{x} cannot be a past date." '
        'to "{x} must not be a past date."',
    ),
    (
        "code-message-removed",
        None,
        lambda d: code(d, 1300)["messages"].pop(),
        'code 1300: message "Ticket added successfully." removed',
    ),
    (
        "code-message-added",
        None,
        lambda d: code(d, 1300)["messages"].append("Ticket closed successfully."),
        'code 1300: message "Ticket closed successfully." added',
    ),
    (
        "code-triggerable-changed",
        None,
        lambda d: set_(
            code(d, 1303), triggerable=False, not_triggerable_reason="Needs a broken store."
        ),
        "code 1303: triggerable changed from true to false",
    ),
    (
        "code-newly-emitted",
        None,
        lambda d: code(d, 1303)["operations"].append("getTicketsByLookup"),
        f"{TICKETS}: now emits code 1303 (error, HTTP 400)",
    ),
    (
        "code-no-longer-emitted",
        None,
        lambda d: (
            code(d, 1303)["operations"].remove("addTicketByLookup")
            or op(d, "addTicketByLookup")["x-codes"].remove(1303)
        ),
        f"{TICKET}: no longer emits code 1303",
    ),
    # --- requirements and profiles
    (
        "requirement-removed",
        add_requirement,
        lambda d: d.requirements["requirements"].remove(requirement(d)),
        f"{DIFF_REQ}: requirement removed (SHOULD, profile engagement: Coupons list is stable)",
    ),
    (
        "requirement-added",
        None,
        add_requirement,
        f"{DIFF_REQ}: requirement added (SHOULD, profile engagement: Coupons list is stable)",
    ),
    (
        "requirement-level-raised",
        add_requirement,
        lambda d: set_(requirement(d), level="MUST"),
        f"{DIFF_REQ}: level raised from SHOULD to MUST",
    ),
    (
        "requirement-level-lowered",
        add_requirement,
        lambda d: set_(requirement(d), level="MAY"),
        f"{DIFF_REQ}: level lowered from SHOULD to MAY",
    ),
    (
        "requirement-profile-changed",
        add_requirement,
        lambda d: set_(requirement(d), profile="core"),
        f"{DIFF_REQ}: profile changed from engagement to core",
    ),
    (
        "requirement-text-changed",
        add_requirement,
        lambda d: set_(
            requirement(d), text="Two reads of one customer's coupons SHOULD list them alike."
        ),
        f"{DIFF_REQ}: text changed",
    ),
    (
        "requirement-title-changed",
        add_requirement,
        lambda d: set_(requirement(d), title="Stable coupons"),
        f'{DIFF_REQ}: title changed from "Coupons list is stable" to "Stable coupons"',
    ),
    (
        "requirement-scope-widened",
        add_requirement,
        lambda d: requirement(d)["operations"].append("getTicketsByLookup"),
        f"{DIFF_REQ}: now governs getTicketsByLookup",
    ),
    (
        "requirement-scope-narrowed",
        lambda d: add_requirement(d) or requirement(d)["operations"].append("getTicketsByLookup"),
        lambda d: requirement(d)["operations"].remove("getTicketsByLookup"),
        f"{DIFF_REQ}: no longer governs getTicketsByLookup",
    ),
    (
        "profile-removed",
        None,
        lambda d: d.requirements["profiles"].pop("media"),
        "profile media: profile removed",
    ),
    (
        "profile-added",
        None,
        lambda d: d.requirements["profiles"].update(
            wallets={"description": "Coupon wallets by lookup."}
        ),
        "profile wallets: profile added",
    ),
    (
        "profile-became-mandatory",
        None,
        lambda d: set_(d.requirements["profiles"]["media"], mandatory=True),
        "profile media: profile became mandatory",
    ),
    (
        "profile-became-optional",
        None,
        lambda d: set_(d.requirements["profiles"]["core"], mandatory=False),
        "profile core: profile became optional",
    ),
]


def base_body() -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"type": "object"}}}}


def add_prop(schema: dict[str, Any], name: str, required: bool) -> None:
    schema["properties"][name] = {"type": "string"}
    if required:
        schema.setdefault("required", []).append(name)


@pytest.mark.parametrize(
    ("rule_id", "setup", "change", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_reports_the_change(
    rule_id: str, setup: Mutation | None, change: Mutation, expected: str
) -> None:
    findings = run_diff(setup, change)
    assert [f.message for f in findings if f.rule == rule_id] == [expected]
    assert next(f for f in findings if f.rule == rule_id).level is REGISTRY.get(rule_id).level


def test_every_rule_has_a_case() -> None:
    covered = [c[0] for c in CASES]
    assert sorted(covered) == sorted(r.id for r in REGISTRY.rules())


def test_identical_contract_diffs_clean() -> None:
    assert diff_bundles(bundle(base()), bundle(base())) == []
