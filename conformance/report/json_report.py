"""report.json: the run as data, keys in a fixed order, as spec/schemas/report.schema.json says."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from conformance.model import Failure
from conformance.report.view import ordered_counts
from conformance.results import (
    Coverage,
    Evidence,
    ExchangeSummary,
    RequirementResult,
    RunHeader,
    RunResult,
    Untested,
    Verdict,
)

REPORT_FORMAT_VERSION = "1.1.0"


def to_json_dict(result: RunResult) -> dict[str, Any]:
    """The whole report; dict order is the key order written (requirements keep result order)."""
    return {
        "report_version": REPORT_FORMAT_VERSION,
        "header": _header(result.header),
        "verdict": _verdict(result.verdict),
        "coverage": _coverage(result.coverage),
        "requirements": [_requirement(r) for r in result.requirements],
        "kit_errors": list(result.kit_errors),
    }


def dumps(result: RunResult) -> str:
    return json.dumps(to_json_dict(result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(result: RunResult, path: Path) -> Path:
    path.write_text(dumps(result), encoding="utf-8", newline="\n")
    return path


def _header(h: RunHeader) -> dict[str, Any]:
    return {
        "kit_version": h.kit_version,
        "spec_sha256": h.spec_sha256,
        "target": h.target,
        "profiles": list(h.profiles),
        "seed": h.seed,
        "started": h.started,
        "finished": h.finished,
        "options": _plain(h.options),
        "replay": h.replay,
    }


def _verdict(v: Verdict) -> dict[str, Any]:
    return {
        "status": v.status.value,
        "label": v.label,
        "conformant": v.conformant,
        "reasons": v.reasons(),
        "scope": list(v.scope),
        "stopped": v.stopped,
        "must_failures": list(v.must_failures),
        "should_failures": list(v.should_failures),
        "untested": [_untested(u) for u in v.untested],
        "counts": dict(ordered_counts(v)),
        "kit_errors": v.kit_errors,
    }


def _untested(u: Untested) -> dict[str, str]:
    return {"id": u.id, "reason": u.reason}


def _coverage(c: Coverage) -> dict[str, Any]:
    return {
        "must_total": c.must_total,
        "must_tested": c.must_tested,
        "must_not_applicable": c.must_not_applicable,
        "must_with_reason": c.must_with_reason,
        "must_untested": list(c.must_untested),
        "untested": [_untested(u) for u in c.untested],
    }


def _requirement(r: RequirementResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "level": r.level,
        "title": r.title,
        "profile": r.profile,
        "outcome": r.outcome.value,
        "reason": r.reason,
        "checked": r.checked,
        "evidence": [_evidence(e) for e in r.evidence],
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "source": e.source,
        "outcome": e.outcome.value,
        "detail": e.detail,
        "failures": [_failure(f) for f in e.failures],
        "exchange": None if e.exchange is None else _exchange(e.exchange),
    }


def _failure(f: Failure) -> dict[str, Any]:
    return {
        "check": f.check,
        "title": f.title,
        "expected": f.expected,
        "received": f.received,
        "pointer": f.pointer,
        "remedy": f.remedy,
        "requirements": list(f.requirements),
    }


def _exchange(x: ExchangeSummary) -> dict[str, Any]:
    return {
        "method": x.method,
        "url": x.url,
        "status": x.status,
        "curl": x.curl,
        "response_excerpt": x.response_excerpt,
    }


def _plain(value: Any) -> Any:
    """Options as JSON data: mappings sorted by key, sequences as lists, anything else as str."""
    if isinstance(value, Mapping):
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_plain(v) for v in items]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and Infinity are not JSON
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
