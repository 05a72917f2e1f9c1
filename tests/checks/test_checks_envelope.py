"""Envelope checks: pass, every failure branch with its exact text, and not-applicable."""

from __future__ import annotations

from typing import Any

import pytest
from checks_fixture import exchange, run

from conformance.checks.requirement_ids import REQ
from conformance.model import Failure, Outcome


def json_failure(title: str, expected: str, received: str, remedy: str) -> Failure:
    return Failure(
        "response_body_is_json", title, expected, received, "", remedy, (REQ["json_body"],)
    )


NOT_JSON_REMEDY = "Return a JSON object body; HTML or text error pages break clients."
NOT_OBJECT_REMEDY = "Wrap the response in the operation's envelope object."

# --- response_body_is_json -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "content_type"),
    [
        (200, "application/json"),
        (404, "application/json; charset=UTF-8"),
        (500, "Application/JSON"),
    ],
)
def test_response_body_is_json_passes(status: int, content_type: str) -> None:
    result = run(
        "response_body_is_json",
        exchange(status, {"errors": [], "warnings": []}, content_type=content_type),
    )
    assert result.outcome is Outcome.PASS
    assert result.failures == ()


def test_response_body_is_json_fails_on_another_media_type() -> None:
    result = run(
        "response_body_is_json", exchange(200, {"warnings": []}, content_type="text/plain; q=1")
    )
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        json_failure(
            "Response is not application/json",
            "Content-Type: application/json",
            "Content-Type: text/plain; q=1",
            "Send every response, errors included, as application/json.",
        ),
    )


def test_response_body_is_json_fails_without_content_type() -> None:
    result = run("response_body_is_json", exchange(200, {"warnings": []}, content_type=None))
    assert result.failures == (
        json_failure(
            "Response is not application/json",
            "Content-Type: application/json",
            "Content-Type: (none)",
            "Send every response, errors included, as application/json.",
        ),
    )


def test_response_body_is_json_reports_media_type_and_parse_error_together() -> None:
    result = run(
        "response_body_is_json",
        exchange(502, b"<html>\n<h1>Bad Gateway</h1></html>", content_type="text/html"),
    )
    assert result.outcome is Outcome.FAIL
    assert [f.title for f in result.failures] == [
        "Response is not application/json",
        "Response body is not JSON",
    ]
    assert result.failures[1] == json_failure(
        "Response body is not JSON",
        "a JSON object",
        "'<html> <h1>Bad Gateway</h1></html>' "
        "(JSONDecodeError: Expecting value: line 1 column 1 (char 0))",
        NOT_JSON_REMEDY,
    )


def test_response_body_is_json_excerpts_a_long_body() -> None:
    body = b"x" * 81
    result = run("response_body_is_json", exchange(500, body))
    assert result.failures == (
        json_failure(
            "Response body is not JSON",
            "a JSON object",
            "'" + "x" * 80 + "...' (JSONDecodeError: Expecting value: line 1 column 1 (char 0))",
            NOT_JSON_REMEDY,
        ),
    )


def test_response_body_is_json_names_invalid_utf8() -> None:
    result = run("response_body_is_json", exchange(200, b"\xff{}"))
    assert result.failures == (
        json_failure(
            "Response body is not JSON",
            "a JSON object",
            "'\ufffd{}' (UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: "
            "invalid start byte)",
            NOT_JSON_REMEDY,
        ),
    )


def test_response_body_is_json_fails_on_json_nested_too_deeply() -> None:
    depth = 100_000  # deep enough for json.loads to raise RecursionError, not ValueError
    body = b"[" * depth + b"]" * depth
    result = run("response_body_is_json", exchange(400, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        json_failure(
            "Response body is not JSON",
            "a JSON object",
            "'" + "[" * 80 + "...' (JSON nested too deeply to parse)",
            NOT_JSON_REMEDY,
        ),
    )


@pytest.mark.parametrize(
    ("body", "received"),
    [
        ([{"code": 8015}], "an array"),
        ("Customer not found", "a string"),
        (8015, "a number"),
        (80.15, "a number"),
        (None, "null"),
        (True, "a boolean"),
        (False, "a boolean"),
    ],
)
def test_response_body_is_json_fails_on_a_non_object(body: Any, received: str) -> None:
    result = run("response_body_is_json", exchange(404, body))
    assert result.failures == (
        json_failure(
            "Response body is not a JSON object", "a JSON object", received, NOT_OBJECT_REMEDY
        ),
    )


@pytest.mark.parametrize(
    ("status", "operation"),
    [(204, "getCustomerDetailsByLookup"), (304, "updateCustomerByLookup"), (200, None)],
)
def test_response_body_is_json_not_applicable(status: int, operation) -> None:
    ex = exchange(status, b"", operation=operation, content_type=None)
    result = run("response_body_is_json", ex)
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.requirements == (REQ["json_body"],)


# --- success_body_has_warnings_array -------------------------------------------------------


def warnings_array_failure(received: str) -> Failure:
    return Failure(
        "success_body_has_warnings_array",
        "Missing warnings array",
        "warnings: an array",
        received,
        "/warnings",
        "Add `warnings: []` to every success body.",
        (REQ["warnings_array"],),
    )


@pytest.mark.parametrize("warnings", [[], [{"code": 1053, "message": "m"}]])
def test_success_body_has_warnings_array_passes(warnings: list[Any]) -> None:
    result = run("success_body_has_warnings_array", exchange(200, {"warnings": warnings}))
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("body", "received"),
    [
        ({"customer": {"id": 1}}, "warnings: absent"),
        ({"warnings": None}, "warnings: null"),
        ({"warnings": {}}, "warnings: an object"),
        ({"warnings": "none"}, "warnings: a string"),
        ({"warnings": 0}, "warnings: a number"),
        ({"warnings": False}, "warnings: a boolean"),
    ],
)
def test_success_body_has_warnings_array_fails(body, received: str) -> None:
    result = run("success_body_has_warnings_array", exchange(200, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (warnings_array_failure(received),)


@pytest.mark.parametrize(
    ("status", "body"), [(404, {"errors": []}), (201, {}), (200, [1]), (200, b"<html/>")]
)
def test_success_body_has_warnings_array_not_applicable(status, body) -> None:
    result = run("success_body_has_warnings_array", exchange(status, body))
    assert result.outcome is Outcome.NOT_APPLICABLE


# --- error_body_is_error_envelope ----------------------------------------------------------


def envelope_failure(
    title: str, expected: str, received: str, pointer: str, remedy: str = ""
) -> Failure:
    return Failure(
        "error_body_is_error_envelope",
        title,
        expected,
        received,
        pointer,
        remedy,
        (REQ["error_envelope"],),
    )


NOT_FOUND = "Customer not found for the given identifiers."


@pytest.mark.parametrize(
    ("status", "item"),
    [
        (404, {"status": False, "code": 8015, "message": NOT_FOUND}),
        (400, {"status": "false", "code": 9000, "message": "m"}),
        (201, {"status": False, "code": 1048, "message": "m"}),
        (500, {"message": "m", "code": 1, "status": False}),
    ],
)
def test_error_body_is_error_envelope_passes(status: int, item) -> None:
    result = run("error_body_is_error_envelope", exchange(status, {"errors": [item]}))
    assert result.outcome is Outcome.PASS


ENVELOPE = "errors: a non-empty array of {status, code, message}"


@pytest.mark.parametrize(
    ("body", "received"),
    [
        ({"warnings": []}, "errors: absent"),
        ({"errors": []}, "errors: []"),
        ({"errors": None}, "errors: null"),
        ({"errors": {"code": 8015}}, "errors: an object"),
        ({"errors": "Customer not found"}, "errors: 'Customer not found'"),
    ],
)
def test_error_body_is_error_envelope_fails_without_errors(body, received) -> None:
    result = run("error_body_is_error_envelope", exchange(404, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        envelope_failure(
            "Missing error envelope",
            ENVELOPE,
            received,
            "/errors",
            "HTTP 404 means the action failed: list why in `errors`.",
        ),
    )


def test_error_body_is_error_envelope_names_the_status_in_the_remedy() -> None:
    result = run("error_body_is_error_envelope", exchange(201, {"errors": []}))
    assert result.failures[0].remedy == "HTTP 201 means the action failed: list why in `errors`."


@pytest.mark.parametrize(
    ("status", "body"),
    [(200, {"errors": []}), (204, {}), (404, ["x"]), (404, b"Not Found")],
)
def test_error_body_is_error_envelope_not_applicable(status, body) -> None:
    result = run("error_body_is_error_envelope", exchange(status, body))
    assert result.outcome is Outcome.NOT_APPLICABLE


# Item rules are shared by errors and warnings: each branch, under both keys.
MALFORMED = "Malformed item"
CODE = ("Code is not an integer", "code: an integer from the catalog")
MESSAGE = ("Missing message", "message: a non-empty string")
STATUS = ("Item status is not false", "status: false")

ITEM_CASES = [
    pytest.param("Customer not found", [(MALFORMED, "an object", "a string", "")], id="str"),
    pytest.param(None, [(MALFORMED, "an object", "null", "")], id="null"),
    pytest.param([8015], [(MALFORMED, "an object", "an array", "")], id="array"),
    pytest.param(8015, [(MALFORMED, "an object", "a number", "")], id="number"),
    pytest.param(
        {"status": False, "code": "8015", "message": "m"},
        [(*CODE, "code: '8015'", "/code")],
        id="code-string",
    ),
    pytest.param(
        {"status": False, "code": 8015.0, "message": "m"},
        [(*CODE, "code: 8015.0", "/code")],
        id="code-float",
    ),
    pytest.param(
        {"status": False, "code": True, "message": "m"},
        [(*CODE, "code: true", "/code")],
        id="code-bool",
    ),
    pytest.param(
        {"status": False, "code": None, "message": "m"},
        [(*CODE, "code: null", "/code")],
        id="code-null",
    ),
    pytest.param(
        {"status": False, "message": "m"}, [(*CODE, "code: absent", "/code")], id="code-absent"
    ),
    pytest.param(
        {"status": False, "code": 8015},
        [(*MESSAGE, "message: absent", "/message")],
        id="msg-absent",
    ),
    pytest.param(
        {"status": False, "code": 8015, "message": ""},
        [(*MESSAGE, "message: ''", "/message")],
        id="msg-empty",
    ),
    pytest.param(
        {"status": False, "code": 8015, "message": None},
        [(*MESSAGE, "message: null", "/message")],
        id="msg-null",
    ),
    pytest.param(
        {"status": False, "code": 8015, "message": ["m"]},
        [(*MESSAGE, "message: an array", "/message")],
        id="msg-array",
    ),
    pytest.param(
        {"code": 8015, "message": "m"},
        [(*STATUS, "status: absent", "/status")],
        id="status-absent",
    ),
    pytest.param(
        {"code": 8015, "message": "m", "status": True},
        [(*STATUS, "status: true", "/status")],
        id="status-true",
    ),
    pytest.param(
        {"code": 8015, "message": "m", "status": 0},
        [(*STATUS, "status: 0", "/status")],
        id="status-zero",
    ),
    pytest.param(
        {"code": 8015, "message": "m", "status": 0.0},
        [(*STATUS, "status: 0.0", "/status")],
        id="status-zero-float",
    ),
    pytest.param(
        {"code": 8015, "message": "m", "status": "False"},
        [(*STATUS, "status: 'False'", "/status")],
        id="status-text",
    ),
    pytest.param(
        {"code": 8015, "message": "m", "status": None},
        [(*STATUS, "status: null", "/status")],
        id="status-null",
    ),
    pytest.param(
        {"code": "x", "message": None, "status": 1},
        [
            (*CODE, "code: 'x'", "/code"),
            (*MESSAGE, "message: null", "/message"),
            (*STATUS, "status: 1", "/status"),
        ],
        id="all-three",
    ),
    pytest.param(
        {},
        [
            (*CODE, "code: absent", "/code"),
            (*MESSAGE, "message: absent", "/message"),
            (*STATUS, "status: absent", "/status"),
        ],
        id="all-three-absent",
    ),
]

REMEDIES = {
    MALFORMED: "",
    CODE[0]: "Send codes as JSON numbers, as the catalog lists them.",
    MESSAGE[0]: "Give every item the catalog's message for its code.",
    STATUS[0]: "Send `status: false` in every error and warning item.",
}


def item_failures(name: str, req: str, where: str, cases) -> tuple[Failure, ...]:
    return tuple(
        Failure(name, title, expected, received, where + suffix, REMEDIES[title], (req,))
        for title, expected, received, suffix in cases
    )


@pytest.mark.parametrize(("item", "cases"), ITEM_CASES)
def test_error_body_is_error_envelope_fails_on_a_bad_item(item, cases) -> None:
    good = {"status": False, "code": 8015, "message": NOT_FOUND}
    result = run("error_body_is_error_envelope", exchange(404, {"errors": [good, item]}))
    assert result.outcome is Outcome.FAIL
    assert result.failures == item_failures(
        "error_body_is_error_envelope", REQ["error_envelope"], "/errors/1", cases
    )


# --- warning_items_are_well_formed ---------------------------------------------------------


@pytest.mark.parametrize("status", [200, 404])
def test_warning_items_are_well_formed_passes(status: int) -> None:
    body = {
        "warnings": [
            {"status": False, "code": 1053, "message": "m"},
            {"status": "false", "code": 1, "message": "n"},
        ]
    }
    result = run("warning_items_are_well_formed", exchange(status, body))
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(("item", "cases"), ITEM_CASES)
def test_warning_items_are_well_formed_fails_on_a_bad_item(item, cases) -> None:
    body = {"warnings": [item]}
    result = run("warning_items_are_well_formed", exchange(200, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == item_failures(
        "warning_items_are_well_formed", REQ["warning_items"], "/warnings/0", cases
    )


@pytest.mark.parametrize(
    ("name", "status", "key", "req"),
    [
        ("error_body_is_error_envelope", 404, "errors", REQ["error_envelope"]),
        ("warning_items_are_well_formed", 200, "warnings", REQ["warning_items"]),
    ],
)
def test_an_item_without_status_fails(name: str, status: int, key: str, req: str) -> None:
    # LKP-ERR-002 and LKP-GEN-015 both require `status: false` in every item
    body = {key: [{"status": False, "code": 8015, "message": "m"}, {"code": 8015, "message": "m"}]}
    result = run(name, exchange(status, body))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        Failure(
            name,
            "Item status is not false",
            "status: false",
            "status: absent",
            f"/{key}/1/status",
            "Send `status: false` in every error and warning item.",
            (req,),
        ),
    )


@pytest.mark.parametrize(
    "body", [{"warnings": []}, {"customer": {}}, {"warnings": {"code": "x"}}, [{"code": "x"}]]
)
def test_warning_items_are_well_formed_not_applicable(body) -> None:
    result = run("warning_items_are_well_formed", exchange(200, body))
    assert result.outcome is Outcome.NOT_APPLICABLE


# --- success_body_carries_no_error ---------------------------------------------------------


@pytest.mark.parametrize(
    "body", [{"warnings": []}, {"warnings": [], "errors": []}, {"errors": None}]
)
def test_success_body_carries_no_error_passes(body) -> None:
    result = run("success_body_carries_no_error", exchange(200, body))
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("errors", "received"),
    [
        ([{"code": 4242, "message": NOT_FOUND}], "errors with code(s) 4242 under HTTP 200"),
        ([{"code": 1053, "message": "m"}], "errors with code(s) 1053 under HTTP 200"),  # a warning
        (
            ["boom", {"code": 8015}, {"message": "m"}, {"code": "9000"}],
            "errors with code(s) ?, 8015, ?, 9000 under HTTP 200",
        ),
    ],
)
def test_success_body_carries_no_error_fails(errors, received: str) -> None:
    result = run("success_body_carries_no_error", exchange(200, {"warnings": [], "errors": errors}))
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        Failure(
            "success_body_carries_no_error",
            "Error listed in a success response",
            "errors: absent or []",
            received,
            "/errors",
            "Return the catalog's HTTP status for the error, or report it as a warning.",
            (REQ["no_error_on_success"],),
        ),
    )


def test_success_body_carries_no_error_leaves_an_error_code_to_the_status_check() -> None:
    """HTTP 200 with error 8015 first: a wrong status (LKP-ERR-004), which
    http_status_matches_catalog reports; not a second failure here."""
    body = {"warnings": [], "errors": [{"code": 8015, "message": NOT_FOUND}]}
    assert run("success_body_carries_no_error", exchange(200, body)).outcome is Outcome.PASS
    status = run("http_status_matches_catalog", exchange(200, body))
    assert [f.requirements for f in status.failures] == [("LKP-ERR-004",)]


@pytest.mark.parametrize(
    ("status", "body"), [(404, {"errors": [{"code": 8015}]}), (201, {"errors": [1]}), (200, b"[")]
)
def test_success_body_carries_no_error_not_applicable(status, body) -> None:
    result = run("success_body_carries_no_error", exchange(status, body))
    assert result.outcome is Outcome.NOT_APPLICABLE
