"""What a suite test works with: the contract, the target, a recording client, run-unique data."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from typing import Any, NoReturn

from _pytest.outcomes import Skipped

from conformance.checks import CheckContext, run_checks
from conformance.checks.bounded import clipped
from conformance.client import RecordingClient
from conformance.collector import Collector
from conformance.model import Exchange, Failure
from conformance.spec.loader import SpecBundle
from conformance.target import Credentials, Target


class ConformanceFailure(AssertionError):
    """A test's own verdict: structured failures, never a traceback in the report; `exchange`
    is the exchange that showed them (the report's replay line), when one did."""

    def __init__(self, failures: list[Failure], exchange: Exchange | None = None) -> None:
        failures = [clipped(f) for f in failures]  # a server's text of megabytes is cut
        super().__init__(
            "; ".join(f"{f.title}: expected {f.expected}, received {f.received}" for f in failures)
        )
        self.failures = failures
        self.exchange = exchange


class NotApplicable(Skipped):
    """Raised (through `not_applicable`) when a test cannot apply to what the vendor declared:
    reported as not applicable, never as a skip that leaves a MUST untested."""


def not_applicable(reason: str) -> NoReturn:
    raise NotApplicable(reason, allow_module_level=True)


@dataclass(frozen=True, slots=True)
class SuiteOptions:
    """How the suites run (the same on every xdist worker)."""

    seed: int | None = None
    max_examples: int = 25
    include: tuple[str, ...] = ()

    def to_wire(self) -> dict[str, Any]:
        return {"seed": self.seed, "max_examples": self.max_examples, "include": list(self.include)}

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> SuiteOptions:
        return cls(data.get("seed"), int(data["max_examples"]), tuple(data.get("include") or ()))


def run_tag_for(seed: int | None, worker: str = "") -> str:
    """Eight hex digits that mark the run's own data: random, or derived from the seed and the
    xdist worker (each worker registers its own customers), so the same seed gives the same
    identifiers. (Any hex string, all digits included: the variants the suites build of a value
    differ from it whatever the tag, tests/kit/test_kit_variants.py.)"""
    if seed is None:
        return secrets.token_hex(4)
    return hashlib.sha256(f"lookup-conformance-run-tag:{seed}:{worker}".encode()).hexdigest()[:8]


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
    options: SuiteOptions = field(default_factory=SuiteOptions)
    run_tag: str = field(default_factory=lambda: run_tag_for(None))
    current_test: str = ""
    last_exchange: Exchange | None = None
    _counter: int = 0
    _extra_clients: list[RecordingClient] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        bundle: SpecBundle,
        target: Target,
        collector: Collector,
        options: SuiteOptions | None = None,
    ) -> LookupSession:
        """The run tag comes from `options.seed` (the run's --seed): the same seed sends the
        same data."""
        options = options or SuiteOptions()
        ctx = CheckContext(bundle)
        client = RecordingClient(target.base_url, target.credentials, ctx, target.limits)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, …; "" without xdist
        tag = run_tag_for(options.seed, worker)
        session = cls(bundle, target, collector, ctx, client, options, run_tag=tag)
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
