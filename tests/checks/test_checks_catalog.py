"""Catalog checks and the context they consult: codes, kinds, statuses, operations, messages."""

from __future__ import annotations

import pytest
from checks_fixture import exchange, mini_context, run

from conformance.checks.context import template_pattern
from conformance.checks.requirement_ids import REQ, status_requirement
from conformance.model import Failure, Outcome

NOT_FOUND = "Customer not found for the given identifiers."
DATE = "The date format used for {x} is not supported. Enter the the date in (YYYY-MM-DD) format."
STORE = "Preferred store specified is not found."

# --- template_pattern and the context --------------------------------------------------------


def test_template_pattern_placeholder_first() -> None:
    pattern = template_pattern("{x} is primary identifier and cannot be updated.")
    match = pattern.match("mobile is primary identifier and cannot be updated.")
    assert match is not None
    assert match.groups() == ("mobile",)
    assert pattern.match(" is primary identifier and cannot be updated.") is None
    assert pattern.match("mobile is primary identifier and cannot be updated") is None
    assert pattern.match("mobile is primary identifier and cannot be updated. Really.") is None


def test_template_pattern_two_placeholders() -> None:
    pattern = template_pattern("Failed to update subscription for {x} channel and priority {y}.")
    match = pattern.match("Failed to update subscription for SMS channel and priority TRANS.")
    assert match is not None
    assert match.groups() == ("SMS", "TRANS")
    assert pattern.match("Failed to update subscription for SMS channel and priority .") is None


def test_template_pattern_escapes_regex_metacharacters() -> None:
    pattern = template_pattern(DATE)
    filled = DATE.replace("{x}", "startDate")
    assert pattern.match(filled) is not None
    # unescaped, "(YYYY-MM-DD)" would be a group matching the text without parentheses
    assert pattern.match(filled.replace("(YYYY-MM-DD)", "YYYY-MM-DD")) is None
    question = template_pattern("Invalid request. Is the body valid JSON?")
    assert question.match("Invalid request. Is the body valid JSON?") is not None
    assert question.match("Invalid request. Is the body valid JSON") is None
    assert question.match("Invalid requestX Is the body valid JSON?") is None


def test_template_pattern_only_single_lowercase_letters_are_placeholders() -> None:
    pattern = template_pattern("Field {name} and {X} are literal.")
    assert pattern.match("Field {name} and {X} are literal.") is not None
    assert pattern.match("Field id and Y are literal.") is None


def test_message_matches_catalog_and_observed_messages() -> None:
    ctx = mini_context()
    assert ctx.message_matches(8015, NOT_FOUND)
    assert ctx.message_matches(8015, "Customer not found for the given identifiers")  # observed
    assert ctx.message_matches(8015, f"  {NOT_FOUND}\n")
    assert not ctx.message_matches(8015, "Customer not found.")
    assert ctx.message_matches(1000, "Customer updated successfully.")  # the second message
    assert ctx.message_matches(8050, DATE.replace("{x}", "endDate"))
    assert not ctx.message_matches(1053, NOT_FOUND)  # another code's message
    assert not ctx.message_matches(4242, NOT_FOUND)  # not in the catalog


def test_operation_for_maps_method_and_concrete_path() -> None:
    ctx = mini_context()
    assert ctx.operation_for("get", "/v2/customers/lookup") == "getCustomerDetailsByLookup"
    assert ctx.operation_for("PUT", "/v2/customers/lookup/customerDetails/") == (
        "updateCustomerByLookup"
    )
    assert ctx.operation_for("POST", "/v2/customers/lookup") is None
    assert ctx.operation_for("GET", "/v2/customers/lookup/other") is None


def test_code_looks_up_integers_only() -> None:
    ctx = mini_context()
    entry = ctx.code(8015)
    assert entry is not None
    assert (entry.kind, entry.http_status) == ("error", 404)
    assert ctx.code("8015") is None
    assert ctx.code(4242) is None


# --- error_codes_are_catalog_errors / warning_codes_are_catalog_warnings ---------------------


def kind_failure(key: str, title: str, expected: str, received: str, where: str, remedy: str):
    name, req = {
        "errors": ("error_codes_are_catalog_errors", REQ["error_kind"]),
        "warnings": ("warning_codes_are_catalog_warnings", REQ["warning_kind"]),
    }[key]
    return Failure(name, title, expected, received, where, remedy, (req,))


UNKNOWN_REMEDY = "Use the catalog's codes; a code clients cannot look up cannot be handled."
SUCCESS_REMEDY = "Success codes are never sent in bodies; send the code the case calls for."


@pytest.mark.parametrize("code", [8015, 9000, 1048])
def test_error_codes_are_catalog_errors_passes(code: int) -> None:
    result = run("error_codes_are_catalog_errors", exchange(404, {"errors": [{"code": code}]}))
    assert result.outcome is Outcome.PASS


def test_error_codes_are_catalog_errors_fails_on_an_unknown_code() -> None:
    errors = [{"code": "x"}, {"code": 8015}, {"code": 4242}]
    result = run("error_codes_are_catalog_errors", exchange(404, {"errors": errors}))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        kind_failure(
            "errors",
            "Code not in the catalog",
            "an error code of spec/codes.yaml",
            "code 4242",
            "/errors/2/code",
            UNKNOWN_REMEDY,
        ),
    )


def test_error_codes_are_catalog_errors_fails_on_a_warning_code() -> None:
    result = run("error_codes_are_catalog_errors", exchange(400, {"errors": [{"code": 1053}]}))
    assert result.failures == (
        kind_failure(
            "errors",
            "Warning code listed as error",
            "an error code in `errors`",
            "code 1053, which the catalog lists as warning",
            "/errors/0/code",
            "List warning codes under `warnings`, never under `errors`.",
        ),
    )


def test_error_codes_are_catalog_errors_fails_on_a_success_code() -> None:
    result = run("error_codes_are_catalog_errors", exchange(400, {"errors": [{"code": 1000}]}))
    assert result.failures == (
        kind_failure(
            "errors",
            "Success code listed as error",
            "an error code in `errors`",
            "code 1000, which the catalog lists as success",
            "/errors/0/code",
            SUCCESS_REMEDY,
        ),
    )


@pytest.mark.parametrize(
    "body",
    [
        {"warnings": [{"code": 1053}]},
        {"errors": []},
        {"errors": [{"code": "8015"}, {"code": True}, "8015"]},
        {"errors": {"code": 8015}},
    ],
)
def test_error_codes_are_catalog_errors_not_applicable(body) -> None:
    result = run("error_codes_are_catalog_errors", exchange(404, body))
    assert result.outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize("code", [1053, 1054])
def test_warning_codes_are_catalog_warnings_passes(code: int) -> None:
    body = {"warnings": [{"code": code}]}
    result = run("warning_codes_are_catalog_warnings", exchange(200, body))
    assert result.outcome is Outcome.PASS


def test_warning_codes_are_catalog_warnings_fails_on_an_unknown_code() -> None:
    body = {"warnings": [{"code": 91999}]}
    result = run("warning_codes_are_catalog_warnings", exchange(200, body))
    assert result.failures == (
        kind_failure(
            "warnings",
            "Code not in the catalog",
            "a warning code of spec/codes.yaml",
            "code 91999",
            "/warnings/0/code",
            UNKNOWN_REMEDY,
        ),
    )


def test_warning_codes_are_catalog_warnings_fails_on_an_error_code() -> None:
    body = {"warnings": [{"code": 1053}, {"code": 8015}]}
    result = run("warning_codes_are_catalog_warnings", exchange(200, body))
    assert result.failures == (
        kind_failure(
            "warnings",
            "Error code listed as warning",
            "a warning code in `warnings`",
            "code 8015, which the catalog lists as error",
            "/warnings/1/code",
            "List error codes under `errors`, never under `warnings`.",
        ),
    )


def test_warning_codes_are_catalog_warnings_fails_on_a_success_code() -> None:
    body = {"warnings": [{"code": 1000}]}
    result = run("warning_codes_are_catalog_warnings", exchange(200, body))
    assert result.failures == (
        kind_failure(
            "warnings",
            "Success code listed as warning",
            "a warning code in `warnings`",
            "code 1000, which the catalog lists as success",
            "/warnings/0/code",
            SUCCESS_REMEDY,
        ),
    )


@pytest.mark.parametrize(
    "body", [{"errors": [{"code": 8015}]}, {"warnings": []}, {"warnings": [{"code": "1053"}]}]
)
def test_warning_codes_are_catalog_warnings_not_applicable(body) -> None:
    result = run("warning_codes_are_catalog_warnings", exchange(200, body))
    assert result.outcome is Outcome.NOT_APPLICABLE


# --- http_status_matches_catalog -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "errors"),
    [
        (404, [{"code": 8015}]),
        (201, [{"code": 1048}]),
        (400, [{"code": 9000}, {"code": 8015}]),  # only the first code sets the status
    ],
)
def test_http_status_matches_catalog_passes(status: int, errors) -> None:
    result = run("http_status_matches_catalog", exchange(status, {"errors": errors}))
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("status", "errors", "code", "documented", "where"),
    [
        (400, [{"code": 8015}], 8015, 404, "/errors/0/code"),
        (500, [{"code": "E1"}, {"code": 8050}, {"code": 9000}], 8050, 400, "/errors/1/code"),
        (400, [{"code": 1048}], 1048, 201, "/errors/0/code"),
        (200, [{"code": 8015}], 8015, 404, "/errors/0/code"),  # an error code sent as a success
    ],
)
def test_http_status_matches_catalog_fails(
    status: int, errors, code: int, documented: int, where: str
) -> None:
    result = run("http_status_matches_catalog", exchange(status, {"errors": errors}))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        Failure(
            "http_status_matches_catalog",
            "HTTP status does not match the catalog",
            f"HTTP {documented} for code {code}",
            f"HTTP {status}",
            where,
            f"Send code {code} with HTTP {documented}, as spec/codes.yaml says.",
            (status_requirement(code),),
        ),
    )


@pytest.mark.parametrize(
    ("code", "requirement"),
    [
        (8015, "LKP-ERR-004"),
        (8065, "LKP-ERR-005"),
        (1015, "LKP-ERR-006"),
        (8003, "LKP-ERR-006"),
        (618, "LKP-ERR-007"),
        (91022, "LKP-ERR-008"),
        (8050, "LKP-ERR-001"),
        (401, "LKP-ERR-001"),
    ],
)
def test_a_wrong_status_breaks_the_most_specific_requirement(code: int, requirement: str) -> None:
    """LKP-ERR-004..008 state the status of their codes; LKP-ERR-001 covers every other code."""
    assert status_requirement(code) == requirement


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, {"errors": [{"code": 1053}]}),  # a warning code: success_body_carries_no_error
        (404, {"errors": [{"code": 4242}, {"code": 8015}]}),  # first code unknown
        (404, {"errors": []}),
        (404, {"warnings": [{"code": 1053}]}),
    ],
)
def test_http_status_matches_catalog_not_applicable(status: int, body) -> None:
    result = run("http_status_matches_catalog", exchange(status, body))
    assert result.outcome is Outcome.NOT_APPLICABLE


# --- codes_are_emitted_by_operation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "body"),
    [
        ("getCustomerDetailsByLookup", {"errors": [{"code": 8015}]}),
        ("updateCustomerByLookup", {"warnings": [{"code": 1053}, {"code": 1054}]}),
        ("updateSubscriptionsByLookup", {"errors": [{"code": 9000}]}),  # resource-wide
        ("updateSubscriptionsByLookup", {"errors": [{"code": 4242}]}),  # unknown: judged elsewhere
    ],
)
def test_codes_are_emitted_by_operation_passes(operation: str, body) -> None:
    result = run("codes_are_emitted_by_operation", exchange(400, body, operation=operation))
    assert result.outcome is Outcome.PASS


def test_codes_are_emitted_by_operation_fails_on_codes_of_other_operations() -> None:
    body = {
        "errors": [{"code": 1048}, {"code": 8015}],
        "warnings": [{"code": 1053}],
    }
    result = run(
        "codes_are_emitted_by_operation",
        exchange(201, body, operation="updateSubscriptionsByLookup"),
    )
    assert result.outcome is Outcome.FAIL
    expected = "a code that updateSubscriptionsByLookup may emit"
    remedy = "Use the code the contract assigns to this operation and case."
    assert result.failures == (
        Failure(
            "codes_are_emitted_by_operation",
            "Code not emitted by this operation",
            expected,
            "code 8015, which the catalog gives to "
            "getCustomerDetailsByLookup, updateCustomerByLookup",
            "/errors/1/code",
            remedy,
            (REQ["code_operation"],),
        ),
        Failure(
            "codes_are_emitted_by_operation",
            "Code not emitted by this operation",
            expected,
            "code 1053, which the catalog gives to updateCustomerByLookup",
            "/warnings/0/code",
            remedy,
            (REQ["code_operation"],),
        ),
    )


@pytest.mark.parametrize(
    ("operation", "body"),
    [(None, {"errors": [{"code": 1048}]}), ("getCustomerDetailsByLookup", {"errors": []})],
)
def test_codes_are_emitted_by_operation_not_applicable(operation, body) -> None:
    result = run("codes_are_emitted_by_operation", exchange(404, body, operation=operation))
    assert result.outcome is Outcome.NOT_APPLICABLE


# --- messages_match_catalog ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "item"),
    [
        ("errors", {"code": 8015, "message": NOT_FOUND}),
        ("errors", {"code": 8015, "message": "Customer not found for the given identifiers"}),
        ("errors", {"code": 8050, "message": DATE.replace("{x}", "startDate")}),
        (
            "errors",
            {
                "code": 1048,
                "message": "Failed to update subscription for SMS channel and priority BULK.",
            },
        ),
        (
            "warnings",
            {"code": 1054, "message": "mobile is primary identifier and cannot be updated."},
        ),
        ("warnings", {"code": 1053, "message": f" {STORE} "}),
        ("errors", {"code": 4242, "message": "unknown codes are judged elsewhere"}),
        ("errors", {"code": 8015, "message": 404}),  # not a string: judged by the envelope
    ],
)
def test_messages_match_catalog_passes(key: str, item) -> None:
    result = run("messages_match_catalog", exchange(404, {key: [item]}))
    assert result.outcome is Outcome.PASS


def messages_failure(expected: str, received: str, where: str) -> Failure:
    return Failure(
        "messages_match_catalog",
        "Message differs from the catalog",
        expected,
        received,
        where,
        "Use the catalog's wording so that clients and docs agree.",
        (REQ["message"],),
    )


def test_messages_match_catalog_fails_on_other_wording() -> None:
    body = {
        "errors": [{"code": 8015, "message": NOT_FOUND}, {"code": 8015, "message": "Not found"}]
    }
    result = run("messages_match_catalog", exchange(404, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        messages_failure(f"'{NOT_FOUND}'", "'Not found'", "/errors/1/message"),
    )


def test_messages_match_catalog_lists_every_catalog_message() -> None:
    body = {"warnings": [{"code": 1000, "message": "Customer fetched."}]}
    result = run("messages_match_catalog", exchange(200, body))
    assert result.failures == (
        messages_failure(
            "'Customer retrieved successfully.' | 'Customer updated successfully.'",
            "'Customer fetched.'",
            "/warnings/0/message",
        ),
    )


def test_messages_match_catalog_fails_on_an_empty_placeholder() -> None:
    message = DATE.replace("{x}", "")
    result = run(
        "messages_match_catalog", exchange(400, {"errors": [{"code": 8050, "message": message}]})
    )
    assert result.failures == (messages_failure(repr(DATE), repr(message), "/errors/0/message"),)


def test_messages_match_catalog_fails_on_another_codes_message() -> None:
    body = {"warnings": [{"code": 1054, "message": STORE}]}
    result = run("messages_match_catalog", exchange(200, body))
    assert result.failures == (
        messages_failure(
            "'{x} is primary identifier and cannot be updated.'",
            f"'{STORE}'",
            "/warnings/0/message",
        ),
    )


@pytest.mark.parametrize(
    "body", [{"errors": []}, {"errors": [{"code": "8015", "message": "x"}]}, {"warnings": None}]
)
def test_messages_match_catalog_not_applicable(body) -> None:
    result = run("messages_match_catalog", exchange(404, body))
    assert result.outcome is Outcome.NOT_APPLICABLE
