"""A hand-made RunResult covering every outcome, MUST and SHOULD failures, and hostile text.

A plain module, not a conftest: tests/ has no packages, so a second `conftest` would shadow
the root one that other tests import from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.model import Failure, Outcome
from conformance.results import (
    Evidence,
    ExchangeSummary,
    RequirementResult,
    RunHeader,
    RunResult,
    compute_coverage,
    compute_verdict,
)
from conformance.target import Credentials, replay_setup

REPORT_SCHEMA = Path(__file__).resolve().parents[2] / "spec" / "schemas" / "report.schema.json"
TARGET = "https://api.example.test/v2"
SCRIPT = "<script>alert('x')</script>"
# Both quote kinds: the shell-quoted apostrophe of `It's` and a JSON body with double quotes.
CURL_QUOTED = (
    "curl -sS -X POST -H 'Authorization: Basic dGlsbDpwdw==' "
    '--data-binary \'{"identifierName": "mobile", "note": "It\'"\'"\'s"}\' '
    "'https://api.example.test/v2/customers/lookup?identifierName=mobile&source=INSTORE'"
)
CURL_PLAIN = "curl -sS -X GET 'https://api.example.test/v2/customers/lookup?identifierName=id'"

MUST_FAIL_XSS = Failure(
    check="error_message_matches_catalog",
    title="Error message differs from the catalog",
    expected="Customer not found",
    received=SCRIPT,
    pointer="/status/message",
    remedy="Build error messages from spec/codes.yaml.",
    requirements=("LKP-CODE-001",),
)
MUST_FAIL_STATUS = Failure(
    check="status_code_conformance",
    title="Undocumented HTTP status code",
    expected="200, 400, 401",
    received="500",
    remedy="Return one of the documented statuses.",
    requirements=("LKP-CODE-001",),
)
SHOULD_FAIL = Failure(
    check="warning_codes_listed",
    title="Warning code missing from warnings[]",
    expected="warnings[] contains 8015",
    received="warnings[] is empty",
    pointer="/warnings",
)


XSS_EXCHANGE = ExchangeSummary(
    method="POST",
    url="https://api.example.test/v2/customers/lookup?identifierName=mobile&source=INSTORE",
    status=500,
    curl=CURL_QUOTED,
    response_excerpt='{"status": {"message": "<script>alert(\'x\')</script>"}}',
)
PLAIN_EXCHANGE = ExchangeSummary(
    "GET", "https://api.example.test/v2/customers/lookup", 200, CURL_PLAIN
)


def requirements() -> tuple[RequirementResult, ...]:
    """One requirement per outcome, plus a SHOULD failure and a failure seen without exchange."""
    return (
        RequirementResult(
            "LKP-ID-001",
            "MUST",
            "Lookup by mobile returns the customer",
            "core",
            Outcome.PASS,
            evidence=(
                Evidence("tests/test_id.py::test_mobile", Outcome.PASS, exchange=PLAIN_EXCHANGE),
            ),
            checked=3,
        ),
        RequirementResult(
            "LKP-CODE-001",
            "MUST",
            "Errors carry catalog messages",
            "core",
            Outcome.FAIL,
            evidence=(
                Evidence(
                    "check:error_message_matches_catalog",
                    Outcome.FAIL,
                    failures=(MUST_FAIL_XSS, MUST_FAIL_STATUS),
                    exchange=XSS_EXCHANGE,
                ),
            ),
            checked=4,
        ),
        RequirementResult(
            "LKP-AUTH-002",
            "MUST",
            "Unknown org is rejected",
            "core",
            Outcome.FAIL,
            evidence=(
                Evidence(
                    "tests/test_auth.py::test_org", Outcome.FAIL, failures=(MUST_FAIL_STATUS,)
                ),
            ),
            checked=1,
        ),
        RequirementResult(
            "LKP-WARN-003",
            "SHOULD",
            "Warnings list every warning code",
            "engagement",
            Outcome.FAIL,
            evidence=(
                Evidence(
                    "check:warning_codes_listed",
                    Outcome.FAIL,
                    failures=(SHOULD_FAIL,),
                    exchange=PLAIN_EXCHANGE,
                ),
            ),
            checked=2,
        ),
        RequirementResult(
            "LKP-LOY-002",
            "MUST",
            "Loyalty points are returned",
            "loyalty",
            Outcome.NOT_APPLICABLE,
            reason="profile loyalty not declared",
        ),
        RequirementResult(
            "LKP-MRG-001",
            "MAY",
            "Merged customers redirect",
            "core",
            Outcome.SKIP,
            reason="fixtures file lacks a merged customer",
        ),
        RequirementResult(
            "LKP-ID-009",
            "MUST",
            "Lookup by externalId",
            "core",
            Outcome.ERROR,
            reason="network: connection reset",
            evidence=(
                Evidence(
                    "tests/test_id.py::test_external",
                    Outcome.ERROR,
                    detail="ConnectError: [Errno 104] Connection reset by peer",
                    exchange=ExchangeSummary("GET", TARGET + "/customers/lookup", None, CURL_PLAIN),
                ),
            ),
        ),
    )


def make_result(reqs: tuple[RequirementResult, ...] | None = None) -> RunResult:
    """The full fixture (with a kit error) or, given requirements, a run without kit errors."""
    kit_errors = ("driver schemathesis: RuntimeError: worker 2 died",) if reqs is None else ()
    reqs = requirements() if reqs is None else reqs
    header = RunHeader(
        kit_version="0.1.0",
        spec_sha256="ab" * 32,
        target=TARGET,
        profiles=("core", "engagement"),
        seed=1234,
        started="2025-01-02T03:04:05Z",
        finished="2025-01-02T03:09:00Z",
        options={"workers": 2, "timeout": 5.0, "checks": ("a", "b")},
        replay=replay_setup(Credentials("till.user", "secret-password")),
    )
    coverage = compute_coverage(reqs, lambda rid: rid == "LKP-GEN-020")
    verdict = compute_verdict(reqs, len(kit_errors), coverage=coverage)
    return RunResult(header, reqs, verdict, coverage, kit_errors)


def load_report_schema() -> dict[str, Any]:
    return json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
