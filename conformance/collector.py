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


def _rank(ev: Evidence) -> tuple[str, ...]:
    """A total order on evidence: which is kept does not depend on arrival order (xdist workers
    finish in any order), so `--workers 2` keeps what `--workers 1` keeps."""
    first = ev.failures[0] if ev.failures else None
    return (
        ev.source,
        ev.detail,
        first.title if first else "",
        first.received if first else "",
        ev.exchange.url if ev.exchange else "",
    )


@dataclass(slots=True)
class _Tally:
    counts: dict[str, int] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, ev: Evidence, count: int = 1) -> None:
        self.counts[ev.outcome.value] = self.counts.get(ev.outcome.value, 0) + count
        self.keep(ev)

    def keep(self, ev: Evidence) -> None:
        """Keep the first MAX_FAILING_EVIDENCE failures or errors and one of each other
        outcome, first by `_rank`."""
        limit = MAX_FAILING_EVIDENCE if ev.outcome in (Outcome.FAIL, Outcome.ERROR) else 1
        same = [e for e in self.evidence if e.outcome is ev.outcome]
        if len(same) >= limit:
            worst = max(same, key=_rank)
            if _rank(ev) >= _rank(worst):
                return
            self.evidence.remove(worst)
        self.evidence.append(ev)
        self.evidence.sort(key=lambda e: (_OUTCOME_ORDER[e.outcome], _rank(e)))


_OUTCOME_ORDER = {
    o: i
    for i, o in enumerate(
        (Outcome.FAIL, Outcome.ERROR, Outcome.SKIP, Outcome.NOT_APPLICABLE, Outcome.PASS)
    )
}


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

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data (what crosses from an xdist worker to the controller)."""
        return {
            "kit_errors": list(self.kit_errors),
            "requirements": {
                rid: {"counts": counts, "evidence": [asdict(e) for e in evidence]}
                for rid, (counts, evidence) in self.tallies().items()
            },
        }

    def drain(self) -> dict[str, Any] | None:
        """What was collected since the last drain, as data, and forget it (None: nothing)."""
        with self._lock:
            if not self._tallies and not self.kit_errors:
                return None
            data = {
                "kit_errors": self.kit_errors,
                "requirements": {
                    rid: {"counts": t.counts, "evidence": [asdict(e) for e in t.evidence]}
                    for rid, t in self._tallies.items()
                },
            }
            self._tallies, self.kit_errors = {}, []
        return data

    def merge(self, data: dict[str, Any]) -> None:
        """Add another collector's data (`to_data` / `drain`): counts add up, the evidence kept
        is the same as if every item had been added here."""
        for message in data.get("kit_errors") or ():
            self.kit_error(str(message))
        with self._lock:
            for rid, tally in (data.get("requirements") or {}).items():
                t = self._tallies.setdefault(str(rid), _Tally())
                for outcome, n in tally["counts"].items():
                    t.counts[str(outcome)] = t.counts.get(str(outcome), 0) + int(n)
                for e in tally["evidence"]:
                    t.keep(_evidence(e))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Collector:
        out = cls()
        out.merge(data)
        return out

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_data(), default=str), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Collector:
        return cls.from_data(json.loads(path.read_text(encoding="utf-8")))


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
