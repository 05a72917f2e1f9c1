"""Schemathesis over the whole contract; every response is also judged by the catalog checks."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conformance.checks.requirement_ids import REQ
from conformance.session import LookupSession
from conformance.suites.adapters import exchange_from_schemathesis

schema = schemathesis.pytest.from_fixture("lookup_schema")

BUILT_IN = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]


@pytest.mark.requirement(REQ["no_server_error"], REQ["status_documented"], REQ["schema"])
@schema.parametrize()
def test_contract(case: Any, lookup: LookupSession) -> None:
    response = case.call()
    lookup.observe(exchange_from_schemathesis(response, lookup.ctx))
    case.validate_response(response, checks=BUILT_IN)
