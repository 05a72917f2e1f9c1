"""Which requirement each built-in check enforces (ids of spec/requirements.yaml)."""

from __future__ import annotations

REQ: dict[str, str] = {
    "json_body": "LKP-GEN-001",
    "warnings_array": "LKP-GEN-014",
    "no_error_on_success": "LKP-GEN-014",
    "error_envelope": "LKP-ERR-002",
    "error_warnings": "LKP-ERR-003",  # no check of its own: the schema check reports it
    "warning_items": "LKP-GEN-015",
    "error_kind": "LKP-GEN-016",
    "warning_kind": "LKP-GEN-016",
    "http_status": "LKP-ERR-001",
    "code_operation": "LKP-GEN-018",
    "message": "LKP-ERR-009",
    "status_documented": "LKP-GEN-008",
    "schema": "LKP-GEN-009",
    "no_server_error": "LKP-GEN-010",
}

# The HTTP status of these codes has a requirement of its own; every other code's falls under
# LKP-ERR-001. A wrong status is reported against the most specific requirement.
STATUS_REQUIREMENTS: dict[int, str] = {
    8015: "LKP-ERR-004",
    8065: "LKP-ERR-005",
    **dict.fromkeys((8003, 8045, 8011, 8013, 1015), "LKP-ERR-006"),
    618: "LKP-ERR-007",
    **dict.fromkeys((1035, 1036, 91022), "LKP-ERR-008"),
}


def status_requirement(code: int) -> str:
    """The requirement that gives `code` its HTTP status."""
    return STATUS_REQUIREMENTS.get(code, REQ["http_status"])
