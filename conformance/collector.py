"""Collects what tests and checks observed, per requirement; serialisable between processes."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from conformance.checks.runner import CheckResult
from conformance.model import Exchange, Failure, Outcome
from conformance.results import Evidence, ExchangeSummary

MAX_FAILING_EVIDENCE = 5  # per requirement: enough to act on, bounded for long fuzz runs
EXCERPT_BYTES = 300


@dataclass(slots=True)
class _Tally:
    counts: dict[str, int] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, ev: Evidence) -> None:
        self.counts[ev.outcome.value] = self.counts.get(ev.outcome.value, 0) + 1
        keep = ev.outcome in (Outcome.FAIL, Outcome.ERROR)
        kept = sum(1 for e in self.evidence if e.outcome is ev.outcome)
        if (keep and kept < MAX_FAILING_EVIDENCE) or (not keep and kept < 1):
            self.evidence.append(ev)


def summarize(ex: Exchange) -> ExchangeSummary:
    body = ex.response.body[:EXCERPT_BYTES].decode("utf-8", "replace")
    return ExchangeSummary(ex.request.method, ex.request.url, ex.response.status, ex.curl(), body)


class Collector:
    """Thread-safe tallies of evidence by requirement id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tallies: dict[str, _Tally] = {}
        self.kit_errors: list[str] = []

    def add(self, requirement: str, evidence: Evidence) -> None:
        with self._lock:
            self._tallies.setdefault(requirement, _Tally()).add(evidence)

    def add_check_results(self, ex: Exchange, results: list[CheckResult], source: str) -> None:
        for res in results:
            if res.outcome is Outcome.NOT_APPLICABLE:
                continue
            if res.outcome is Outcome.ERROR:
                self.kit_error(f"check {res.check} crashed: {res.error}")
            for rid, failures in _by_requirement(res).items():
                ev = Evidence(
                    f"{source} [check:{res.check}]",
                    res.outcome,
                    res.error or "",
                    failures,
                    summarize(ex) if res.outcome is not Outcome.PASS else None,
                )
                self.add(rid, ev)

    def kit_error(self, message: str) -> None:
        with self._lock:
            if message not in self.kit_errors:
                self.kit_errors.append(message)

    def tallies(self) -> dict[str, tuple[dict[str, int], tuple[Evidence, ...]]]:
        with self._lock:
            return {k: (dict(t.counts), tuple(t.evidence)) for k, t in self._tallies.items()}

    def dump(self, path: Path) -> None:
        data = {
            "kit_errors": self.kit_errors,
            "requirements": {
                rid: {"counts": counts, "evidence": [asdict(e) for e in evidence]}
                for rid, (counts, evidence) in self.tallies().items()
            },
        }
        path.write_text(json.dumps(data, default=str), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Collector:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = cls()
        out.kit_errors = list(data.get("kit_errors") or [])
        for rid, tally in (data.get("requirements") or {}).items():
            t = out._tallies.setdefault(rid, _Tally())
            t.counts = {str(k): int(v) for k, v in tally["counts"].items()}
            t.evidence = [_evidence(e) for e in tally["evidence"]]
        return out


def _by_requirement(res: CheckResult) -> dict[str, tuple[Failure, ...]]:
    """A failing check's failures by the requirement each names (a check may report a failure
    against a more specific requirement than its own); a pass or error counts for its own."""
    if res.outcome is not Outcome.FAIL:
        return dict.fromkeys(res.requirements, ())
    out: dict[str, tuple[Failure, ...]] = {}
    for failure in res.failures:
        for rid in failure.requirements or res.requirements:
            out[rid] = (*out.get(rid, ()), failure)
    return out


def _evidence(d: dict[str, Any]) -> Evidence:
    ex = d.get("exchange")
    return Evidence(
        source=d["source"],
        outcome=Outcome(d["outcome"]),
        detail=d.get("detail", ""),
        failures=tuple(
            Failure(**{**f, "requirements": tuple(f.get("requirements", ()))})
            for f in d.get("failures") or ()
        ),
        exchange=ExchangeSummary(**ex) if ex else None,
    )
