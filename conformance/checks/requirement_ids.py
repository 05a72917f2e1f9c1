"""Which requirement each built-in check enforces (ids of spec/requirements.yaml)."""

from __future__ import annotations

REQ: dict[str, str] = {
    "json_body": "LKP-GEN-001",
    "warnings_array": "LKP-GEN-014",
    "no_error_on_success": "LKP-GEN-014",
    "error_envelope": "LKP-ERR-002",
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
