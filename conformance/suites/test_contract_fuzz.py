"""Schemathesis over the whole contract; every response is also judged by the catalog checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure as SchemathesisFailure
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import status_code_conformance

from conformance.checks.requirement_ids import REQ
from conformance.client import NetworkError
from conformance.model import Failure
from conformance.session import ConformanceFailure, LookupSession
from conformance.suites.adapters import exchange_from_schemathesis

schema = schemathesis.pytest.from_fixture("lookup_schema")

# Each operation's cases share no state with another's (no module fixture, no cache of
# customers): under xdist they may run on any worker (pytest_plugin groups other modules).
INDEPENDENT_TESTS = True

# Schemathesis' own checks, by the requirement each enforces. The body's schema and content
# type are not among them: the kit's checks judge every response `observe` sees, this one's
# included, and report a violation against the requirement it breaks (the envelope's,
# LKP-GEN-001 or LKP-GEN-009).
BUILT_IN = {
    "not_a_server_error": (not_a_server_error, REQ["no_server_error"]),
    "status_code_conformance": (status_code_conformance, REQ["status_documented"]),
}


# A case may cost up to --timeout without an answer, and Hypothesis runs every explicit example of
# a failing operation and replays cases while it shrinks: hundreds per operation. After
# OPERATION_STREAK cases in a row of one operation got no usable answer, its other cases are not
# sent; after TARGET_DOWN in a row across operations, no more cases are (the target is down, as
# the plugin's streak of tests says). Those fail at once with the error the last one sent met.
OPERATION_STREAK = 3
TARGET_DOWN = 3 * OPERATION_STREAK


@dataclass
class _Unanswered:
    """Cases in a row without a usable answer, in all and by operation, and the last error."""

    in_a_row: int = 0
    last: str = ""
    by_operation: dict[str, tuple[int, str]] = field(default_factory=dict)

    def not_sent(self, operation: str) -> NetworkError | None:
        streak, last = self.by_operation.get(operation, (0, self.last))
        if self.in_a_row < TARGET_DOWN and streak < OPERATION_STREAK:
            return None
        return NetworkError(f"{last} (case not sent: the cases before got no usable answer)")

    def failed(self, operation: str, error: str) -> NetworkError:
        self.in_a_row += 1
        self.last = error
        self.by_operation[operation] = (self.by_operation.get(operation, (0, ""))[0] + 1, error)
        return NetworkError(error)

    def answered(self, operation: str) -> None:
        self.in_a_row = 0
        self.by_operation.pop(operation, None)


_UNANSWERED: dict[int, _Unanswered] = {}


@pytest.mark.requirement(REQ["no_server_error"], REQ["status_documented"])
@schema.parametrize()
def test_contract(case: Any, lookup: LookupSession, lookup_http: Any) -> None:
    if not _declared(lookup, str(case.operation.label)):
        return  # an operation of an undeclared profile may answer only 501 (LKP-GEN-020)
    unanswered = _UNANSWERED.setdefault(id(lookup), _Unanswered())
    operation = str(case.operation.label)
    skipped = unanswered.not_sent(operation)
    if skipped is not None:
        raise skipped
    try:
        response = case.call(session=lookup_http)  # one bounded keep-alive session (conftest.py)
    except requests.RequestException as exc:  # refused, reset: no usable answer, never a fail
        raise unanswered.failed(operation, f"{type(exc).__name__}: {exc}".rstrip(": ")) from None
    except NetworkError as exc:  # past the deadline, a redirect (fuzz_session.py)
        raise unanswered.failed(operation, str(exc)) from None
    unanswered.answered(operation)
    exchange = exchange_from_schemathesis(response, lookup.ctx)
    lookup.observe(exchange)
    try:
        case.validate_response(response, checks=[c for c, _ in BUILT_IN.values()])
    except (SchemathesisFailure, FailureGroup) as exc:
        # The kit's own failure, attributed to requirements and carrying this exchange; the
        # schemathesis failure stays its cause (pytest's traceback shows it).
        found = list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]
        raise ConformanceFailure([_failure(f) for f in found], exchange) from exc


def _declared(lookup: LookupSession, label: str) -> bool:
    """Whether the operation `label` ("GET /v2/…") belongs to a declared profile: the driver
    sends nothing to the others, as no suite does."""
    if id(lookup.bundle) not in _PROFILES:
        _PROFILES[id(lookup.bundle)] = _profiles_by_label(lookup)
    profile = _PROFILES[id(lookup.bundle)].get(label)
    return profile is None or lookup.target.declares(profile)


_PROFILES: dict[
    int, dict[str, str | None]
] = {}  # per bundle: label -> profile (once, not per case)


def _profiles_by_label(lookup: LookupSession) -> dict[str, str | None]:
    return {f"{o.method.upper()} {o.path}": o.profile for o in lookup.bundle.operations.values()}


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
