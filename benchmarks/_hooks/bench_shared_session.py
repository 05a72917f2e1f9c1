"""pytest plugin for an experiment (`-p bench_shared_session`): one HTTP session for all cases.

`case.call()` without a session opens a new requests session, so a new TCP connection, per
request; the CLI reuses one. This makes every call without a session use one shared
keep-alive session, to measure what passing `session=` from the driver would save.
Benchmarks only.
"""

from __future__ import annotations

from typing import Any

from schemathesis.generation.case import Case
from schemathesis.transport.requests import SameHostRedirectsSession

_original = Case.call
_shared: list[Any] = []


def _call(self: Case, base_url: str | None = None, session: Any = None, **kwargs: Any) -> Any:
    if session is None:
        if not _shared:
            _shared.append(SameHostRedirectsSession())
        session = _shared[0]
    return _original(self, base_url, session, **kwargs)


Case.call = _call  # type: ignore[method-assign]
