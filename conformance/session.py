"""What a suite test works with: the contract, the target, a recording client, run-unique data."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, NoReturn

from _pytest.outcomes import Skipped

from conformance.checks import CheckContext, run_checks
from conformance.client import RecordingClient
from conformance.collector import Collector
from conformance.model import Exchange, Failure
from conformance.spec.loader import SpecBundle
from conformance.target import Credentials, Target


class ConformanceFailure(AssertionError):
    """A test's own verdict: structured failures, never a traceback in the report; `exchange`
    is the exchange that showed them (the report's replay line), when one did."""

    def __init__(self, failures: list[Failure], exchange: Exchange | None = None) -> None:
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


@dataclass
class LookupSession:
    bundle: SpecBundle
    target: Target
    collector: Collector
    ctx: CheckContext
    client: RecordingClient
    options: SuiteOptions = field(default_factory=SuiteOptions)
    run_tag: str = field(default_factory=lambda: secrets.token_hex(4))
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
        ctx = CheckContext(bundle)
        client = RecordingClient(target.base_url, target.credentials, ctx, target.limits)
        session = cls(bundle, target, collector, ctx, client, options or SuiteOptions())
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
        n = self.serial()
        digits = f"{int(self.run_tag, 16) % 10**5:05d}{n % 10**4:04d}"
        return {
            "mobile": "919" + digits,  # Indian mobile numbers start with 6-9 after 91
            "email": f"lkp.{self.run_tag}.{n}@conformance.example.com",
            "externalId": f"LKP-{self.run_tag}-{n}",
            "cardnumber": f"LKP{self.run_tag.upper()}{n:06d}",
        }

    def fixture_customer(self, state: str) -> dict[str, Any] | None:
        return self.target.customer(state)
