"""Reports of a run, all from one RunResult: report.json, report.html, junit.xml, report.md."""

from __future__ import annotations

from pathlib import Path

from conformance.report.html_report import write_html
from conformance.report.json_report import to_json_dict, write_json
from conformance.report.junit import write_junit
from conformance.report.markdown import write_markdown
from conformance.report.summary import render_summary
from conformance.results import RunResult

__all__ = ["REPORT_FILES", "render_summary", "to_json_dict", "write_reports"]

# Report kind → file name inside the output directory; the order the summary lists them in.
REPORT_FILES = {
    "json": "report.json",
    "html": "report.html",
    "junit": "junit.xml",
    "markdown": "report.md",
}


def write_reports(result: RunResult, out_dir: Path) -> dict[str, Path]:
    """Write all four reports into `out_dir` (created if missing); return kind → path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = {
        "json": write_json,
        "html": write_html,
        "junit": write_junit,
        "markdown": write_markdown,
    }
    return {kind: writers[kind](result, out_dir / name) for kind, name in REPORT_FILES.items()}
