"""What every report shows, computed once: header rows, ordered counts, failures with exchanges."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from conformance.model import Failure, Outcome
from conformance.results import (
    Coverage,
    ExchangeSummary,
    RequirementResult,
    RunHeader,
    RunResult,
    Status,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class FailureView:
    """One failure next to the exchange that showed it (None when a test saw no exchange)."""

    failure: Failure
    exchange: ExchangeSummary | None


def is_warning(req: RequirementResult) -> bool:
    """A failed SHOULD or MAY: reported, never counted against the verdict (as compute_verdict)."""
    return req.outcome is Outcome.FAIL and req.level != "MUST"


def failures_of(req: RequirementResult) -> list[FailureView]:
    """Every failure the evidence recorded, in evidence order."""
    return [FailureView(f, ev.exchange) for ev in req.evidence for f in ev.failures]


def first_failure_title(req: RequirementResult) -> str:
    """The title a one-line summary shows: the first failure's, else the reason."""
    for ev in req.evidence:
        if ev.failures:
            return ev.failures[0].title
    return req.reason or "failed"


def failed(result: RunResult) -> Iterator[RequirementResult]:
    """Failed requirements, MUST first, each group in result order."""
    fails = [r for r in result.requirements if r.outcome is Outcome.FAIL]
    yield from (r for r in fails if r.level == "MUST")
    yield from (r for r in fails if r.level != "MUST")


def ordered_counts(verdict: Verdict) -> list[tuple[str, int]]:
    """Counts in Outcome order, then any unknown keys sorted, so every report lists them alike."""
    known = [o.value for o in Outcome]
    extra = sorted(k for k in verdict.counts if k not in known)
    return [(k, verdict.counts.get(k, 0)) for k in known + extra]


def header_rows(header: RunHeader) -> list[tuple[str, str]]:
    """The run header as label/value pairs, in the order DESIGN.md lists them."""
    return [
        ("Kit version", header.kit_version),
        ("Spec SHA-256", header.spec_sha256),
        ("Target", header.target),
        ("Declared profiles", ", ".join(header.profiles) or "(none)"),
        ("Seed", "(none)" if header.seed is None else str(header.seed)),
        ("Started", header.started),
        ("Finished", header.finished),
    ]


def verdict_line(verdict: Verdict) -> str:
    """`NOT CONFORMANT: 2 MUST failures, 1 SHOULD warning, 1 kit error`."""
    parts = [
        _plural(len(verdict.must_failures), "MUST failure"),
        _plural(len(verdict.should_failures), "SHOULD warning"),
        _plural(verdict.kit_errors, "kit error"),
    ]
    return f"{verdict.label}: " + ", ".join(parts)


def coverage_line(c: Coverage) -> str:
    """`MUST coverage: 200 of 225 tested, 20 not applicable, 5 not testable (the spec says why),
    0 untested`."""
    return (
        f"MUST coverage: {c.must_tested} of {c.must_total} tested, "
        f"{c.must_not_applicable} not applicable (profile not declared), "
        f"{c.must_with_reason} not testable (the spec says why), "
        f"{len(c.untested)} untested"
    )


def status_class(verdict: Verdict) -> str:
    """A CSS/style key per status: conformant, partial, not-conformant, incomplete."""
    return {
        Status.CONFORMANT: "conformant",
        Status.PARTIAL_PASS: "partial",
        Status.NOT_CONFORMANT: "not-conformant",
        Status.INCOMPLETE: "incomplete",
    }[verdict.status]


def status_text(exchange: ExchangeSummary) -> str:
    return "no response" if exchange.status is None else str(exchange.status)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
