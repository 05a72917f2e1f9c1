"""Fixtures shared by the suites: the schemathesis schema bound to the target."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from conformance.session import LookupSession


@pytest.fixture(scope="session")
def lookup_schema(lookup: LookupSession, pytestconfig: pytest.Config) -> Any:
    import schemathesis

    schema = schemathesis.openapi.from_dict(copy.deepcopy(lookup.bundle.openapi))
    schema.config.update(
        base_url=lookup.target.base_url,
        headers=lookup.target.credentials.headers(),
        request_timeout=lookup.target.limits.timeout,
    )
    schema.config.generation.update(
        max_examples=pytestconfig.getoption("lookup_max_examples"),
        with_security_parameters=False,
    )
    seed = pytestconfig.getoption("lookup_seed")
    if seed is not None:
        schema.config.seed = seed
    return schema
