"""Named defects the reference can switch on, each breaking one requirement (for mutation tests)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fault:
    name: str
    description: str
    requirement: str


_FAULTS = (
    # identifier equivalence
    Fault("email_case_sensitive", "Email identifiers are compared case-sensitively.", "LKP-ID-013"),
    Fault(
        "mobile_plus_kept",
        "A lookup value of '+' and digits only keeps its '+', so it never matches.",
        "LKP-ID-009",
    ),
    Fault(
        "mobile_separators_kept",
        "Spaces, hyphens, dots and parentheses in looked-up mobile numbers are not ignored.",
        "LKP-ID-010",
    ),
    Fault(
        "mobile_no_base_country",
        "Mobile numbers without a country code do not get the org's base country code.",
        "LKP-ID-011",
    ),
    Fault(
        "cardnumber_separators_kept",
        "Spaces and hyphens in card numbers are not ignored.",
        "LKP-ID-014",
    ),
    Fault(
        "externalId_case_folded",
        "An externalId no one holds exactly finds a customer holding it in another case.",
        "LKP-ID-015",
    ),
    Fault("whitespace_not_trimmed", "Whitespace around identifierValue is kept.", "LKP-ID-005"),
    Fault(
        "cardNumber_alias_rejected",
        "identifiers[].type cardNumber is refused in request bodies (HTTP 400).",
        "LKP-ID-002",
    ),
    Fault(
        "near_miss_prefix_match",
        "A mobile number with its last digits missing finds the customer it is a prefix of.",
        "LKP-ID-020",
    ),
    # precedence
    Fault(
        "precedence_auth_after_source",
        "source is checked before the credentials (8003 wins over 401).",
        "LKP-AUTH-008",
    ),
    Fault(
        "precedence_identifier_before_account",
        "identifierName is checked before accountId (8013 wins over 8045/8011).",
        "LKP-ERR-019",
    ),
    Fault(
        "precedence_format_before_presence",
        "A blank (whitespace-only) identifierValue is refused as malformed: 8013, not 1015.",
        "LKP-ERR-021",
    ),
    Fault(
        "precedence_batch_before_format",
        "The list limit is checked before value formats (1060 wins over 8013).",
        "LKP-ERR-022",
    ),
    # code choice
    Fault(
        "code_8065_for_not_found",
        "An identifier no customer of the org holds gets 8065 instead of 8015.",
        "LKP-ERR-024",
    ),
    Fault(
        "code_8015_for_wrong_source",
        "A customer without a profile in a single-account source gets 8015 instead of 8065.",
        "LKP-SRC-009",
    ),
    Fault(
        "code_8013_for_missing_value",
        "A missing or empty identifierValue gets 8013 instead of 1015.",
        "LKP-ID-004",
    ),
    Fault(
        "code_8003_for_missing_account",
        "A missing accountId gets 8003 instead of 8045.",
        "LKP-SRC-005",
    ),
    # HTTP status mapping
    Fault("status_200_for_not_found", "8015 travels with HTTP 200 instead of 404.", "LKP-ERR-004"),
    Fault(
        "status_404_for_invalid_source", "8003 travels with HTTP 404 instead of 400.", "LKP-ERR-006"
    ),
    Fault("status_400_for_fraud", "618 travels with HTTP 400 instead of 403.", "LKP-ERR-007"),
    # message text and envelope shape
    Fault("message_wrong_text", "8013 carries the message of 8015.", "LKP-ERR-009"),
    Fault(
        "message_placeholder_unfilled", "Messages keep their {x}/{y} placeholders.", "LKP-ERR-010"
    ),
    Fault("envelope_errors_object", "errors is an object instead of an array.", "LKP-ERR-002"),
    Fault("envelope_code_as_string", "Error codes are strings, not integers.", "LKP-ERR-002"),
    Fault("envelope_warning_status_true", "Warning items say status true.", "LKP-GEN-015"),
    Fault(
        "envelope_no_warnings_on_success", "Success bodies have no warnings array.", "LKP-GEN-014"
    ),
    Fault(
        "warning_91006_dropped",
        "PUT lookup ignores id/cardExternalId without warning 91006.",
        "LKP-UPD-005",
    ),
    # org isolation, source and accountId
    Fault(
        "org_isolation_leak",
        "An identifier not found in the org is looked up in every org.",
        "LKP-AUTH-009",
    ),
    Fault(
        "source_ignored",
        "Single-account sources need no profile: 8065 is never given for them.",
        "LKP-SRC-009",
    ),
    Fault(
        "account_not_required",
        "A multi-account source without accountId is accepted.",
        "LKP-SRC-005",
    ),
    Fault("account_not_checked", "An accountId the org does not have is accepted.", "LKP-SRC-006"),
    Fault(
        "account_profile_ignored",
        "A profile in another account of the source satisfies the lookup.",
        "LKP-SRC-010",
    ),
    # dual eligibility
    Fault(
        "dual_first_value_wins",
        "Dual-eligibility lists take the primary name's value from the first pair.",
        "LKP-DUAL-001",
    ),
    Fault(
        "dual_list_accepted_when_disabled",
        "Lists are accepted while the org has dual eligibility off.",
        "LKP-DUAL-010",
    ),
    Fault(
        "dual_batch_limit_ignored",
        "Lists of more than 5 identifiers are accepted (no 1060).",
        "LKP-DUAL-007",
    ),
    # pagination, dates
    Fault(
        "pagination_limit_unbounded",
        "retroRequest and referrals accept a limit above 100.",
        "LKP-PAG-001",
    ),
    Fault("pagination_negative_offset_accepted", "A negative offset is read as 0.", "LKP-PAG-002"),
    Fault(
        "pagination_offset_not_echoed",
        "pagination.offset is always 0, whatever offset is in effect.",
        "LKP-PAG-003",
    ),
    Fault(
        "date_format_lenient",
        "Schedule dates written YYYY/MM/DD are accepted (no 1216).",
        "LKP-SCH-003",
    ),
    Fault(
        "start_after_end_allowed",
        "startDate after endDate is accepted on schedules (no 1214).",
        "LKP-SCH-004",
    ),
    # auth, states, bodies
    Fault(
        "auth_plain_password_accepted",
        "Basic credentials with the plain password instead of its MD5 digest are accepted.",
        "LKP-AUTH-002",
    ),
    Fault(
        "fraud_writes_allowed", "Fraud-marked customers can be changed (no 618).", "LKP-STATE-002"
    ),
    Fault(
        "non_loyalty_reads_allowed",
        "Non-loyalty customers get loyalty reads (no 8089).",
        "LKP-STATE-003",
    ),
    Fault(
        "merged_victim_not_followed",
        "A merge victim's identifiers get 8015 instead of the survivor.",
        "LKP-STATE-007",
    ),
    Fault(
        "media_type_not_checked",
        "JSON bodies are read whatever their Content-Type (no 415).",
        "LKP-GEN-002",
    ),
    Fault("body_size_unlimited", "JSON bodies over 1 MiB are read (no 413).", "LKP-GEN-007"),
    Fault("use_async_side_effects", "use_async=true still returns sideEffects.", "LKP-UPD-011"),
)
FAULTS: dict[str, Fault] = {fault.name: fault for fault in _FAULTS}


class UnknownFaultError(ValueError):
    """A fault name the registry does not have."""


def check_faults(names: frozenset[str]) -> None:
    unknown = sorted(names - FAULTS.keys())
    if unknown:
        raise UnknownFaultError(f"unknown fault(s): {', '.join(unknown)}")
