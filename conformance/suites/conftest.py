"""Fixtures shared by the suites: the schemathesis schema bound to the target, one HTTP session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conformance.fuzz_session import BoundedSession
from conformance.session import LookupSession
from conformance.target import DEFAULT_LIMITS, Limits


@pytest.fixture(scope="session")
def lookup_schema(lookup: LookupSession, pytestconfig: pytest.Config) -> Any:
    """Built once per session from the bundle's own document: schemathesis reads it and keeps
    what it derives separately (tests/kit/test_kit_fuzz_driver.py checks that a driven run
    leaves the document as loaded), so no copy is needed."""
    import schemathesis

    schema = schemathesis.openapi.from_dict(lookup.bundle.openapi)
    schema.config.update(
        base_url=lookup.target.base_url,
        headers=lookup.target.credentials.headers(),
        request_timeout=lookup.target.limits.timeout,
    )
    schema.config.generation.update(
        max_examples=lookup.options.max_examples,
        with_security_parameters=False,
    )
    seed = lookup.options.seed
    if seed is not None:
        schema.config.seed = seed
    return schema


def http_session(limits: Limits = DEFAULT_LIMITS) -> BoundedSession:
    """One keep-alive `requests` session for every schemathesis case (not a new connection
    per request), bounded like the kit's own client (conformance/fuzz_session.py): one deadline
    per exchange, `--max-response-bytes`, no redirect followed, no decoding, no cookie kept.
    Like the session `case.call()` makes for itself, it adds no default header (the schema's
    configured headers are the request's) but `Accept-Encoding: identity`. A connection the
    server closed while idle is replaced by urllib3 before reuse; a request the server dropped
    unanswered on a reused connection is sent again on a new one by schemathesis
    (tests/kit/test_kit_fuzz_driver.py)."""
    return BoundedSession(limits)


@pytest.fixture(scope="session")
def lookup_http(lookup: LookupSession) -> Iterator[BoundedSession]:
    """The HTTP session of the schemathesis driver (`http_session`), closed at the end."""
    session = http_session(lookup.target.limits)
    try:
        yield session
    finally:
        session.close()
