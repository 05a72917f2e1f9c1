"""report.html: one self-contained page (inline CSS, no scripts, no external URL) for the vendor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from conformance.model import Outcome
from conformance.report.view import (
    failed,
    failures_of,
    header_rows,
    is_warning,
    ordered_counts,
    status_class,
    status_text,
    verdict_line,
)
from conformance.results import RunResult

TEMPLATE = "report.html.j2"


def environment() -> Environment:
    """Autoescape is on for every template: vendor responses end up in the page verbatim."""
    return Environment(
        loader=PackageLoader("conformance.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(result: RunResult) -> str:
    return environment().get_template(TEMPLATE).render(**_context(result))


def write_html(result: RunResult, path: Path) -> Path:
    path.write_text(render_html(result), encoding="utf-8", newline="\n")
    return path


def _context(result: RunResult) -> dict[str, Any]:
    failing = list(failed(result))
    return {
        "result": result,
        "verdict_line": verdict_line(result.verdict),
        "status_class": status_class(result.verdict),
        "reasons": result.verdict.reasons(),
        "header_rows": header_rows(result.header),
        "counts": ordered_counts(result.verdict),
        "total": len(result.requirements),
        "failing": [
            {"req": r, "warning": is_warning(r), "failures": failures_of(r)} for r in failing
        ],
        "failing_ids": {r.id for r in failing},
        "errored": [r for r in result.requirements if r.outcome is Outcome.ERROR],
        "status_text": status_text,
    }
