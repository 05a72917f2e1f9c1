"""The result model of a certification run: one record per requirement, one header, one verdict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
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
    replay: str = ""  # shell lines setting what the curl lines read, without the secret


@dataclass(frozen=True, slots=True)
class Untested:
    """A MUST of the run's scope that no test exercised, and why."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Coverage:
    """The MUSTs of the run's scope, counted apart: exercised (a test or check passed or failed
    on it), not applicable (profile undeclared), not testable (the spec says why), untested."""

    must_total: int
    must_tested: int
    must_with_reason: int
    must_not_applicable: int = 0
    untested: tuple[Untested, ...] = ()

    @property
    def must_untested(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.untested)


# The exit codes of every command (README "Exit codes"), here beside the verdict they encode.
EXIT_OK = 0  # conformant, partial pass / valid / no failing change
EXIT_FAIL = 1  # not conformant / failing change
EXIT_USAGE = 2  # usage, configuration, credentials or spec error
EXIT_KIT = 3  # incomplete: untested MUSTs, the kit's own fault, the network, a stop


class Status(StrEnum):
    CONFORMANT = "CONFORMANT"
    PARTIAL_PASS = "PARTIAL PASS"  # a --include run with nothing failed or untested in scope
    NOT_CONFORMANT = "NOT CONFORMANT"
    INCOMPLETE = "INCOMPLETE"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    must_failures: tuple[str, ...]
    should_failures: tuple[str, ...]  # warnings: never fail the verdict
    counts: dict[str, int]
    kit_errors: int
    scope: tuple[str, ...] = ()  # the --include patterns; () is the whole spec
    untested: tuple[Untested, ...] = ()
    stopped: str = ""  # why the run ended early: interrupted, time limit, network, preflight

    @property
    def conformant(self) -> bool:
        """A certificate: the whole spec in scope, nothing failed, every MUST exercised."""
        return self.status is Status.CONFORMANT

    @property
    def label(self) -> str:
        """`CONFORMANT`, `NOT CONFORMANT`, `INCOMPLETE`, or with a scope
        `PARTIAL PASS — LKP-ID-*` (every label of a --include run names its filter)."""
        scope = f" — {', '.join(self.scope)}" if self.scope else ""
        return f"{self.status.value}{scope}"

    @property
    def exit_code(self) -> int:
        """0 conformant or partial pass, 1 not conformant, 3 incomplete."""
        return {
            Status.CONFORMANT: EXIT_OK,
            Status.PARTIAL_PASS: EXIT_OK,
            Status.NOT_CONFORMANT: EXIT_FAIL,
            Status.INCOMPLETE: EXIT_KIT,
        }[self.status]

    def reasons(self) -> list[str]:
        """Why the verdict is not a certificate, one line each (empty when it is one)."""
        out: list[str] = []
        if self.stopped:
            out.append(f"run stopped early: {self.stopped}")
        if self.kit_errors:
            out.append(f"{self.kit_errors} kit or network error(s)")
        if self.untested:
            out.append(f"{len(self.untested)} MUST requirement(s) untested")
        if self.status is Status.PARTIAL_PASS:
            out.append("a partial run (--include): it certifies only the requirements it ran")
        return out


@dataclass(frozen=True, slots=True)
class RunResult:
    header: RunHeader
    requirements: tuple[RequirementResult, ...]
    verdict: Verdict
    coverage: Coverage
    kit_errors: tuple[str, ...] = ()
    stop_exit: int | None = None  # the exit code a stopped run calls for (2: the user's setup)


UNEXERCISED = "no test of this kit exercised it"


def compute_coverage(
    results: tuple[RequirementResult, ...], not_testable: Callable[[str], bool]
) -> Coverage:
    """Coverage of the MUSTs in `results` (the run's scope). `not_testable(id)`: the spec gives
    a reason no implementation-independent test can exist (`not_testable_reason`)."""
    musts = [r for r in results if r.level == "MUST"]
    tested = [r for r in musts if r.outcome in (Outcome.PASS, Outcome.FAIL)]
    n_a = [r for r in musts if r.outcome is Outcome.NOT_APPLICABLE]
    rest = [r for r in musts if r not in tested and r not in n_a]
    with_reason = [r for r in rest if not_testable(r.id)]
    untested = tuple(Untested(r.id, r.reason or UNEXERCISED) for r in rest if r not in with_reason)
    return Coverage(
        must_total=len(musts),
        must_tested=len(tested),
        must_with_reason=len(with_reason),
        must_not_applicable=len(n_a),
        untested=untested,
    )


def compute_verdict(
    results: tuple[RequirementResult, ...],
    kit_errors: int = 0,
    *,
    coverage: Coverage | None = None,
    scope: tuple[str, ...] = (),
    stopped: str = "",
) -> Verdict:
    """The one place a verdict is decided.

    NOT CONFORMANT: a MUST failed (SHOULD and MAY failures only warn). Otherwise INCOMPLETE when
    the run cannot vouch for its scope: it stopped early, the kit or the network failed, or a
    MUST in scope was not exercised (`coverage.untested`). Otherwise PARTIAL PASS for a run
    restricted by --include, CONFORMANT for the whole spec. Not-applicable MUSTs (undeclared
    profiles) and those the spec marks not testable never block a certificate."""
    must = tuple(r.id for r in results if r.outcome is Outcome.FAIL and r.level == "MUST")
    should = tuple(r.id for r in results if r.outcome is Outcome.FAIL and r.level != "MUST")
    counts = Counter(r.outcome.value for r in results)
    untested = coverage.untested if coverage is not None else ()
    if must:
        status = Status.NOT_CONFORMANT
    elif stopped or kit_errors or untested:
        status = Status.INCOMPLETE
    elif scope:
        status = Status.PARTIAL_PASS
    else:
        status = Status.CONFORMANT
    return Verdict(
        status=status,
        must_failures=must,
        should_failures=should,
        counts={o.value: counts.get(o.value, 0) for o in Outcome},
        kit_errors=kit_errors,
        scope=scope,
        untested=untested,
        stopped=stopped,
    )
