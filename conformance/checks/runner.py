"""Run every registered check on one exchange; a check's own crash is an error, never a failure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conformance.checks.bounded import capped
from conformance.checks.context import CheckContext
from conformance.checks.registry import Check, all_checks
from conformance.model import Exchange, Failure, Outcome


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: str
    requirements: tuple[str, ...]
    outcome: Outcome
    failures: tuple[Failure, ...] = ()
    error: str | None = None


def run_checks(
    ctx: CheckContext, ex: Exchange, checks: Iterable[Check] | None = None
) -> list[CheckResult]:
    results = []
    for chk in checks if checks is not None else all_checks().values():
        results.append(_run_one(ctx, ex, chk))
    return results


def _run_one(ctx: CheckContext, ex: Exchange, chk: Check) -> CheckResult:
    try:
        if not chk.applies(ctx, ex):
            return CheckResult(chk.name, chk.requirements, Outcome.NOT_APPLICABLE)
        found = (
            Failure(
                f.check,
                f.title,
                f.expected,
                f.received,
                f.pointer,
                f.remedy,
                f.requirements or chk.requirements,
            )
            for f in chk.run(ctx, ex)
        )
        failures = tuple(capped(found))  # the first ones, then how many more (bounded.py)
    except Exception as exc:  # a kit bug must not be reported as the vendor's failure
        return CheckResult(
            chk.name, chk.requirements, Outcome.ERROR, error=f"{type(exc).__name__}: {exc}"
        )
    outcome = Outcome.FAIL if failures else Outcome.PASS
    return CheckResult(chk.name, chk.requirements, outcome, failures)
