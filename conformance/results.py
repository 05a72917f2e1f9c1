"""The result model of a certification run: one record per requirement, one header, one verdict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from conformance.model import Failure, Outcome


@dataclass(frozen=True, slots=True)
class ExchangeSummary:
    method: str
    url: str
    status: int | None  # None when no response arrived
    curl: str
    response_excerpt: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one test or check observed for a requirement."""

    source: str  # test node id or `check:<name>`
    outcome: Outcome
    detail: str = ""
    failures: tuple[Failure, ...] = ()
    exchange: ExchangeSummary | None = None


@dataclass(frozen=True, slots=True)
class RequirementResult:
    id: str
    level: str
    title: str
    profile: str
    outcome: Outcome
    reason: str = ""  # why skip / not-applicable / error / untested
    evidence: tuple[Evidence, ...] = ()
    checked: int = 0  # exchanges or tests that applied


@dataclass(frozen=True, slots=True)
class RunHeader:
    kit_version: str
    spec_sha256: str
    target: str
    profiles: tuple[str, ...]
    seed: int | None
    started: str  # ISO 8601, UTC
    finished: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Coverage:
    must_total: int
    must_tested: int
    must_with_reason: int
    must_untested: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    conformant: bool
    must_failures: tuple[str, ...]
    should_failures: tuple[str, ...]  # warnings: never fail the verdict
    counts: dict[str, int]
    kit_errors: int

    @property
    def label(self) -> str:
        """NOT CONFORMANT on a MUST failure; INCOMPLETE when the kit or network failed instead."""
        if self.must_failures:
            return "NOT CONFORMANT"
        return "INCOMPLETE" if self.kit_errors else "CONFORMANT"


@dataclass(frozen=True, slots=True)
class RunResult:
    header: RunHeader
    requirements: tuple[RequirementResult, ...]
    verdict: Verdict
    coverage: Coverage
    kit_errors: tuple[str, ...] = ()


def compute_verdict(results: tuple[RequirementResult, ...], kit_errors: int = 0) -> Verdict:
    """The one place a verdict is decided: any MUST failure fails it; SHOULD failures warn;
    a run the kit or the network broke certifies nothing (INCOMPLETE)."""
    must = tuple(r.id for r in results if r.outcome is Outcome.FAIL and r.level == "MUST")
    should = tuple(r.id for r in results if r.outcome is Outcome.FAIL and r.level != "MUST")
    counts = Counter(r.outcome.value for r in results)
    return Verdict(
        conformant=not must and not kit_errors,
        must_failures=must,
        should_failures=should,
        counts={o.value: counts.get(o.value, 0) for o in Outcome},
        kit_errors=kit_errors,
    )
