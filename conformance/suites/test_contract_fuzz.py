"""Schemathesis over the whole contract; every response is also judged by the catalog checks."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure as SchemathesisFailure
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import status_code_conformance

from conformance.checks.requirement_ids import REQ
from conformance.model import Failure
from conformance.session import ConformanceFailure, LookupSession
from conformance.suites.adapters import exchange_from_schemathesis

schema = schemathesis.pytest.from_fixture("lookup_schema")

# Schemathesis' own checks, by the requirement each enforces. The body's schema and content
# type are not among them: the kit's checks judge every response `observe` sees, this one's
# included, and report a violation against the requirement it breaks (the envelope's,
# LKP-GEN-001 or LKP-GEN-009).
BUILT_IN = {
    "not_a_server_error": (not_a_server_error, REQ["no_server_error"]),
    "status_code_conformance": (status_code_conformance, REQ["status_documented"]),
}


@pytest.mark.requirement(REQ["no_server_error"], REQ["status_documented"])
@schema.parametrize()
def test_contract(case: Any, lookup: LookupSession, lookup_http: Any) -> None:
    response = case.call(session=lookup_http)  # one keep-alive session, no cookies (conftest.py)
    exchange = exchange_from_schemathesis(response, lookup.ctx)
    lookup.observe(exchange)
    try:
        case.validate_response(response, checks=[c for c, _ in BUILT_IN.values()])
    except (SchemathesisFailure, FailureGroup) as exc:
        # The kit's own failure, attributed to requirements and carrying this exchange; the
        # schemathesis failure stays its cause (pytest's traceback shows it).
        found = list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]
        raise ConformanceFailure([_failure(f) for f in found], exchange) from exc


def _failure(found: SchemathesisFailure) -> Failure:
    """A schemathesis failure, reported against the requirement of the check that found it."""
    check = next((c for c in found.checks if c in BUILT_IN), "")
    return Failure(
        f"schemathesis:{check or type(found).__name__}",
        found.title,
        "no failure of this check",
        " ".join(str(found.message).split())[:300],
        requirements=(BUILT_IN[check][1],) if check else (),
    )
