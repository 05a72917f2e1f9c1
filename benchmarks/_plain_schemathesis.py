"""Schemathesis under pytest without the kit: the driver's mechanism, none of its work.

Collected only when passed explicitly (bench_overhead.py does; the name does not match test_*).
Same as conformance/suites/test_contract_fuzz.py + conftest.py: a lazy schema from a fixture,
one keep-alive HTTP session for every case (as the driver and `st run` use), security
parameters off, the seed and example count of the run, and schemathesis' four built-in checks
(those `st run` is given: the driver leaves the body's schema to the kit's own check); no
LookupSession, no adapter, no catalog checks, no evidence. Settings come from the environment:
BENCH_BASE_URL, BENCH_AUTHORIZATION, BENCH_MAX_EXAMPLES, BENCH_SEED, BENCH_SPEC.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

BUILT_IN = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]


@pytest.fixture(scope="session")
def plain_schema() -> Any:
    schema = schemathesis.openapi.from_path(os.environ["BENCH_SPEC"])
    schema.config.update(
        base_url=os.environ["BENCH_BASE_URL"],
        headers={"Authorization": os.environ["BENCH_AUTHORIZATION"]},
        request_timeout=10.0,
    )
    schema.config.generation.update(
        max_examples=int(os.environ["BENCH_MAX_EXAMPLES"]), with_security_parameters=False
    )
    schema.config.seed = int(os.environ["BENCH_SEED"])
    return schema


@pytest.fixture(scope="session")
def plain_http() -> Iterator[Any]:
    from schemathesis.transport.requests import ManagedCookiesSession

    session = ManagedCookiesSession()
    session.headers = {}
    yield session
    session.close()


schema = schemathesis.pytest.from_fixture("plain_schema")


@schema.parametrize()
def test_plain(case: Any, plain_http: Any) -> None:
    response = case.call(session=plain_http)
    case.validate_response(response, checks=BUILT_IN)
