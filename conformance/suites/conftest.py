"""Fixtures shared by the suites: the schemathesis schema bound to the target, one HTTP session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conformance.client import RefuseCookies
from conformance.session import LookupSession


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


def http_session() -> Any:
    """One keep-alive `requests` session for every schemathesis case (not a new connection
    per request). Like the session `case.call()` makes for itself: no default headers (the
    schema's configured headers are the request's) and same-host redirects only; no cookie a
    server sets is stored (conformance/client.py RefuseCookies). A connection the server closed
    while idle is replaced by urllib3 before reuse; a request the server dropped unanswered on a
    reused connection is sent again on a new one by schemathesis
    (tests/kit/test_kit_fuzz_driver.py)."""
    from schemathesis.transport import requests as st_requests

    session = getattr(st_requests, "ManagedCookiesSession", st_requests.SameHostRedirectsSession)()
    session.headers = {}
    session.cookies.set_policy(RefuseCookies())  # a server's Set-Cookie is never sent back
    return session


@pytest.fixture(scope="session")
def lookup_http() -> Iterator[Any]:
    """The HTTP session of the schemathesis driver (`http_session`), closed at the end."""
    session = http_session()
    try:
        yield session
    finally:
        session.close()
