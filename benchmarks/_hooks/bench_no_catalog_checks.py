"""pytest plugin for an ablation run (`-p bench_no_catalog_checks`): the driver minus our checks.

Loaded before the suites are imported, it makes the response adapter and the catalog checks
no-ops, so the driver sends the same requests and runs schemathesis' built-in checks only. The
difference to a normal run is what the kit's per-exchange work costs. Benchmarks only.
"""

from __future__ import annotations

from typing import Any

from conformance.session import LookupSession
from conformance.suites import adapters


def _no_adapter(response: Any, ctx: Any) -> None:
    return None


def _no_checks(self: LookupSession, ex: Any) -> None:
    self.last_exchange = None


adapters.exchange_from_schemathesis = _no_adapter  # bound by test_contract_fuzz at its import
LookupSession.observe = _no_checks  # type: ignore[method-assign]
