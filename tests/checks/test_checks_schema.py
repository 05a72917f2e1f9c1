"""Schema checks: documented statuses and bodies valid against their (referenced) schemas."""

from __future__ import annotations

from typing import Any

import pytest
from checks_fixture import exchange, mini_context, run

from conformance.checks.requirement_ids import REQ
from conformance.checks.schema import MAX_SCHEMA_FAILURES
from conformance.model import Failure, Outcome

GET_200 = "#/paths/~1v2~1customers~1lookup/get/responses/200/content/application~1json/schema"
ERROR_REF = "#/components/responses/Error/content/application~1json/schema"
NOT_FOUND = "Customer not found for the given identifiers."

# --- status_code_is_documented ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "status"),
    [
        ("getCustomerDetailsByLookup", 200),
        ("getCustomerDetailsByLookup", 404),
        ("updateCustomerByLookup", 409),  # 4XX
        ("updateSubscriptionsByLookup", 503),  # default
    ],
)
def test_status_code_is_documented_passes(operation: str, status: int) -> None:
    result = run("status_code_is_documented", exchange(status, {}, operation=operation))
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("operation", "status", "documented"),
    [
        ("getCustomerDetailsByLookup", 500, "one of 200, 400, 404"),
        ("getCustomerDetailsByLookup", 201, "one of 200, 400, 404"),
        ("updateCustomerByLookup", 500, "one of 200, 4XX"),
        ("getSomethingElse", 200, "one of (none)"),
    ],
)
def test_status_code_is_documented_fails(operation: str, status: int, documented: str) -> None:
    result = run("status_code_is_documented", exchange(status, {}, operation=operation))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        Failure(
            "status_code_is_documented",
            "Undocumented HTTP status code",
            documented,
            f"HTTP {status}",
            "",
            "Return only the statuses the contract documents for this operation.",
            (REQ["status_documented"],),
        ),
    )


def test_status_code_is_documented_not_applicable_without_operation() -> None:
    result = run("status_code_is_documented", exchange(500, {}, operation=None))
    assert result.outcome is Outcome.NOT_APPLICABLE


# --- response_conforms_to_schema -------------------------------------------------------------


def schema_failure(ref: str, received: str, where: str, requirement: str = "") -> Failure:
    return Failure(
        "response_conforms_to_schema",
        "Response violates schema",
        f"a body valid against {ref}",
        received,
        where,
        "Make the body match the documented schema for this status.",
        # a violation inside `errors` is the error envelope's (LKP-ERR-002), as below
        (requirement or (REQ["error_envelope"] if where.startswith("/errors") else REQ["schema"]),),
    )


@pytest.mark.parametrize(
    ("operation", "status", "body"),
    [
        ("getCustomerDetailsByLookup", 200, {"customer": {"id": 7}, "warnings": []}),
        ("getCustomerDetailsByLookup", 404, {"errors": [{"code": 8015, "message": NOT_FOUND}]}),
        ("updateCustomerByLookup", 200, {"warnings": [{"code": 1053, "message": "m"}]}),
        ("updateCustomerByLookup", 409, {"errors": [{"code": 1, "message": "m"}]}),
        ("updateSubscriptionsByLookup", 201, {"errors": [{"code": 1048, "message": "m"}]}),
    ],
)
def test_response_conforms_to_schema_passes(operation, status, body) -> None:
    result = run("response_conforms_to_schema", exchange(status, body, operation=operation))
    assert result.outcome is Outcome.PASS


def test_response_conforms_to_schema_fails_on_an_inline_ref() -> None:
    body = {"customer": {"id": "7"}, "warnings": []}
    result = run("response_conforms_to_schema", exchange(200, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        schema_failure(GET_200, "at /customer/id: '7' is not of type 'integer'", "/customer/id"),
    )


def test_response_conforms_to_schema_reports_root_violations_at_the_top_level() -> None:
    result = run("response_conforms_to_schema", exchange(200, {"customer": {"id": 7}}))
    assert result.failures == (
        # "" is the RFC 6901 pointer to the whole document; "/" would name a member ""
        schema_failure(
            GET_200, "at the top level: 'warnings' is a required property", "", "LKP-GEN-014"
        ),
    )


@pytest.mark.parametrize(
    ("status", "body", "requirement"),
    [
        (200, {"customer": {"id": 7}, "warnings": {}}, "LKP-GEN-014"),
        (200, {"customer": {"id": 7}, "warnings": [{"status": True}]}, "LKP-GEN-015"),
        (404, {"errors": {"0": {"code": 8015}}, "warnings": []}, "LKP-ERR-002"),
        (200, {"customer": {"id": "7"}, "warnings": []}, "LKP-GEN-009"),
    ],
)
def test_envelope_violations_count_for_the_envelope_requirement(
    status: int, body: dict[str, Any], requirement: str
) -> None:
    """One defect, one requirement: what the envelope checks own is not also LKP-GEN-009's."""
    result = run("response_conforms_to_schema", exchange(status, body))
    assert result.outcome is Outcome.FAIL
    assert {r for f in result.failures for r in f.requirements} == {requirement}


@pytest.mark.parametrize(
    ("operation", "status"),
    [("getCustomerDetailsByLookup", 404), ("updateCustomerByLookup", 422)],
)
def test_response_conforms_to_schema_follows_a_response_ref(operation: str, status: int) -> None:
    result = run(
        "response_conforms_to_schema", exchange(status, {"errors": []}, operation=operation)
    )
    assert result.failures == (
        schema_failure(ERROR_REF, "at /errors: [] should be non-empty", "/errors"),
    )


def _chain_404(hops: int):
    """GET 404 reaches components/responses/Error through `hops` response $refs in a row."""

    def edit(openapi: dict[str, Any]) -> None:
        responses = openapi["components"]["responses"]
        for i in range(1, hops):
            target = f"Hop{i + 1}" if i + 1 < hops else "Error"
            responses[f"Hop{i}"] = {"$ref": f"#/components/responses/{target}"}
        first = "Hop1" if hops > 1 else "Error"
        get = openapi["paths"]["/v2/customers/lookup"]["get"]
        get["responses"]["404"] = {"$ref": f"#/components/responses/{first}"}

    return edit


def test_response_conforms_to_schema_follows_a_ref_to_a_ref() -> None:
    ctx = mini_context(_chain_404(2))
    assert ctx.bundle.openapi["components"]["responses"]["Hop1"] == {
        "$ref": "#/components/responses/Error"
    }
    good = {"errors": [{"status": False, "code": 8015, "message": NOT_FOUND}]}
    assert run("response_conforms_to_schema", exchange(404, good), ctx).outcome is Outcome.PASS
    result = run("response_conforms_to_schema", exchange(404, {"errors": []}), ctx)
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        schema_failure(ERROR_REF, "at /errors: [] should be non-empty", "/errors"),
    )


def test_response_conforms_to_schema_follows_at_most_eight_response_refs() -> None:
    body = {"errors": []}
    eight = run("response_conforms_to_schema", exchange(404, body), mini_context(_chain_404(8)))
    assert eight.failures == (
        schema_failure(ERROR_REF, "at /errors: [] should be non-empty", "/errors"),
    )
    nine = run("response_conforms_to_schema", exchange(404, body), mini_context(_chain_404(9)))
    assert nine.outcome is Outcome.NOT_APPLICABLE


def _cyclic_404(openapi: dict[str, Any]) -> None:
    openapi["components"]["responses"]["A"] = {"$ref": "#/components/responses/B"}
    openapi["components"]["responses"]["B"] = {"$ref": "#/components/responses/A"}
    get = openapi["paths"]["/v2/customers/lookup"]["get"]
    get["responses"]["404"] = {"$ref": "#/components/responses/A"}


def _dangling_404(openapi: dict[str, Any]) -> None:
    get = openapi["paths"]["/v2/customers/lookup"]["get"]
    get["responses"]["404"] = {"$ref": "#/components/responses/Missing"}


@pytest.mark.parametrize("edit", [_cyclic_404, _dangling_404])
def test_response_conforms_to_schema_not_applicable_on_a_broken_response_ref(edit) -> None:
    result = run("response_conforms_to_schema", exchange(404, {"errors": []}), mini_context(edit))
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_response_conforms_to_schema_reports_five_then_how_many_more() -> None:
    body = {"errors": [{"code": str(i), "message": "m"} for i in range(MAX_SCHEMA_FAILURES + 2)]}
    result = run("response_conforms_to_schema", exchange(400, body))
    assert MAX_SCHEMA_FAILURES == 5
    more = Failure(
        "response_conforms_to_schema",
        "More failures not listed",
        "at most 5 failures listed per check and response",
        "…and 2 more in this response (the first: Response violates schema)",
        requirements=(REQ["error_envelope"],),
    )
    assert result.failures == (
        *(
            schema_failure(
                ERROR_REF,
                f"at /errors/{i}/code: '{i}' is not of type 'integer'",
                f"/errors/{i}/code",
            )
            for i in range(5)
        ),
        more,
    )


def _set_get_200_schema(schema: dict[str, Any]):
    def edit(openapi: dict[str, Any]) -> None:
        response = openapi["paths"]["/v2/customers/lookup"]["get"]["responses"]["200"]
        response["content"]["application/json"]["schema"] = schema

    return edit


def test_response_conforms_to_schema_errors_on_an_unresolvable_spec_ref() -> None:
    ctx = mini_context(_set_get_200_schema({"$ref": "#/components/schemas/Missing"}))
    result = run("response_conforms_to_schema", exchange(200, {"warnings": []}), ctx)
    assert result.outcome is Outcome.ERROR
    assert result.failures == ()
    # only the ref is named: the exception's text would print the whole OpenAPI document
    assert result.error == (
        f"RuntimeError: spec schema {GET_200} cannot be resolved: /components/schemas/Missing"
    )


def test_response_conforms_to_schema_names_an_unresolvable_external_ref() -> None:
    ctx = mini_context(_set_get_200_schema({"$ref": "other.json#/Customer"}))
    result = run("response_conforms_to_schema", exchange(200, {"warnings": []}), ctx)
    assert (result.outcome, result.failures) == (Outcome.ERROR, ())
    assert result.error == (
        f"RuntimeError: spec schema {GET_200} cannot be resolved: other.json#/Customer"
    )


def _drop_get_200_content(openapi: dict[str, Any]) -> None:
    del openapi["paths"]["/v2/customers/lookup"]["get"]["responses"]["200"]["content"]


def _external_404_ref(openapi: dict[str, Any]) -> None:
    responses = openapi["paths"]["/v2/customers/lookup"]["get"]["responses"]
    responses["404"] = {"$ref": "errors.yaml#/Error"}


def _text_only_404(openapi: dict[str, Any]) -> None:
    responses = openapi["paths"]["/v2/customers/lookup"]["get"]["responses"]
    responses["404"] = {"description": "x", "content": {"text/plain": {"schema": {}}}}


@pytest.mark.parametrize(
    ("operation", "status", "body"),
    [
        ("updateSubscriptionsByLookup", 200, {"anything": 1}),  # documented without content
        ("getCustomerDetailsByLookup", 500, {"errors": []}),  # undocumented status
        ("getCustomerDetailsByLookup", 200, [1]),  # not a JSON object
        ("getCustomerDetailsByLookup", 200, b"<html/>"),
        (None, 200, {}),
    ],
)
def test_response_conforms_to_schema_not_applicable(operation, status, body) -> None:
    result = run("response_conforms_to_schema", exchange(status, body, operation=operation))
    assert result.outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("edit", "status"),
    [(_drop_get_200_content, 200), (_external_404_ref, 404), (_text_only_404, 404)],
)
def test_response_conforms_to_schema_not_applicable_without_json_schema(edit, status: int) -> None:
    result = run("response_conforms_to_schema", exchange(status, {"errors": 1}), mini_context(edit))
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_an_error_answer_under_200_is_left_to_the_status_check() -> None:
    """8015 sent with HTTP 200: one defect, the status (LKP-ERR-004, http_status_matches_catalog);
    the body is not judged against the success schema as well (no LKP-GEN-009 / LKP-GEN-014)."""
    body = {"errors": [{"code": 8015, "message": NOT_FOUND}], "warnings": []}
    assert run("response_conforms_to_schema", exchange(200, body)).outcome is Outcome.NOT_APPLICABLE
    status = run("http_status_matches_catalog", exchange(200, body))
    assert status.outcome is Outcome.FAIL
    assert {r for f in status.failures for r in f.requirements} == {"LKP-ERR-004"}
    # a 200 whose errors hold no catalog error code is still judged against the schema
    odd = {"customer": {"id": 7}, "warnings": [], "errors": [{"code": 1053, "message": "m"}]}
    assert run("response_conforms_to_schema", exchange(200, odd)).outcome is not (
        Outcome.NOT_APPLICABLE
    )
