"""Plain schemathesis on spec/openapi.yaml against the in-process reference finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from ref_helpers import basic
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reference_impl import create_app
from reference_impl.seed_special import seed_special

SPEC = Path(__file__).parents[2] / "spec" / "openapi.yaml"
APP = create_app(":memory:")
seed_special(APP.state.lookup.store)
SCHEMA = schemathesis.openapi.from_path(SPEC)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
AUTH = basic("demo.till")
QUIET = list(HealthCheck)


def _run(case: schemathesis.Case) -> None:
    case.call_and_validate(base_url="http://127.0.0.1:8080", headers=AUTH, app=APP, checks=CHECKS)


@SCHEMA.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=QUIET)
def test_schemathesis_finds_nothing(case: schemathesis.Case) -> None:
    _run(case)


@pytest.mark.slow
@SCHEMA.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=QUIET)
def test_schemathesis_finds_nothing_100_examples(case: schemathesis.Case) -> None:
    _run(case)
