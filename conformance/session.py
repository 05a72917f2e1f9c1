"""What a suite test works with: the contract, the target, a recording client, run-unique data."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from conformance.checks import CheckContext, run_checks
from conformance.checks.bounded import clipped
from conformance.client import RecordingClient
from conformance.collector import Collector
from conformance.model import Exchange, Failure
from conformance.spec.loader import SpecBundle
from conformance.target import Credentials, Target


class ConformanceFailure(AssertionError):
    """A test's own verdict: structured failures, never a traceback in the report."""

    def __init__(self, failures: list[Failure]) -> None:
        failures = [clipped(f) for f in failures]  # a server's text of megabytes is cut
        super().__init__(
            "; ".join(f"{f.title}: expected {f.expected}, received {f.received}" for f in failures)
        )
        self.failures = failures


def run_tag_for(seed: int | None) -> str:
    """Eight hex digits that mark the run's own data: random, or derived from the seed, so the
    same seed gives the same identifiers. (Any hex string, all digits included: the variants the
    suites build of a value differ from it whatever the tag, tests/kit/test_kit_variants.py.)"""
    if seed is None:
        return secrets.token_hex(4)
    return hashlib.sha256(f"lookup-conformance-run-tag:{seed}".encode()).hexdigest()[:8]


def identifiers_for(run_tag: str, n: int) -> dict[str, str]:
    """The identifiers of serial number `n` of the run tagged `run_tag`."""
    digits = f"{int(run_tag, 16) % 10**5:05d}{n % 10**4:04d}"
    return {
        "mobile": "919" + digits,  # Indian mobile numbers start with 6-9 after 91
        "email": f"lkp.{run_tag}.{n}@conformance.example.com",
        "externalId": f"LKP-{run_tag}-{n}",
        "cardnumber": f"LKP{run_tag.upper()}{n:06d}",
    }


@dataclass
class LookupSession:
    bundle: SpecBundle
    target: Target
    collector: Collector
    ctx: CheckContext
    client: RecordingClient
    run_tag: str = field(default_factory=lambda: run_tag_for(None))
    current_test: str = ""
    last_exchange: Exchange | None = None
    _counter: int = 0
    _extra_clients: list[RecordingClient] = field(default_factory=list)

    @classmethod
    def open(
        cls, bundle: SpecBundle, target: Target, collector: Collector, seed: int | None = None
    ) -> LookupSession:
        """`seed` (the run's --seed) fixes the run tag, so the same seed sends the same data."""
        ctx = CheckContext(bundle)
        client = RecordingClient(target.base_url, target.credentials, ctx, target.limits)
        session = cls(bundle, target, collector, ctx, client, run_tag=run_tag_for(seed))
        client.listeners.append(session.observe)
        return session

    def observe(self, ex: Exchange) -> None:
        """Every exchange of every driver goes through the catalog checks."""
        self.last_exchange = ex
        self.collector.add_check_results(ex, run_checks(self.ctx, ex), self.current_test)

    def client_for(self, credentials: Credentials) -> RecordingClient:
        """A client sending other credentials (another org), observed like the main one."""
        other = RecordingClient(self.target.base_url, credentials, self.ctx, self.target.limits)
        other.listeners.append(self.observe)
        self._extra_clients.append(other)
        return other

    def close(self) -> None:
        for c in (self.client, *self._extra_clients):
            c.close()

    def serial(self) -> int:
        self._counter += 1
        return self._counter

    def unique_identifiers(self) -> dict[str, str]:
        """Identifiers no other customer has: tagged with this run and a serial number."""
        return identifiers_for(self.run_tag, self.serial())

    def fixture_customer(self, state: str) -> dict[str, Any] | None:
        return self.target.customer(state)
