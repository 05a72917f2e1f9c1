"""The one-screen terminal summary: verdict, counts, first MUST failures, where the reports are."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from conformance.model import Outcome
from conformance.report.view import (
    coverage_line,
    first_failure_title,
    ordered_counts,
    status_class,
    verdict_line,
)
from conformance.results import RequirementResult, RunResult

MAX_LISTED = 10
_STYLE = {
    "pass": "green",
    "fail": "red",
    "not-applicable": "dim",
    "skip": "cyan",
    "error": "magenta",
}
_VERDICT_STYLE = {
    "conformant": "bold green",
    "partial": "bold yellow",
    "not-conformant": "bold red",
    "incomplete": "bold magenta",
}


def render_summary(result: RunResult, paths: Mapping[str, Path], console: Console) -> None:
    """Print the summary; vendor text goes through Text objects, so `[tags]` in it stay literal."""
    verdict = result.verdict
    console.print(Text(verdict_line(verdict), style=_VERDICT_STYLE[status_class(verdict)]))
    for reason in verdict.reasons():
        console.print(Text(f"  {reason}"))
    console.print(_counts(result))
    console.print(Text(coverage_line(result.coverage)))
    untested = result.coverage.untested
    if verdict.stopped:  # what a stopped run did not reach is in the reports, not on screen
        untested = tuple(u for u in untested if not u.reason.startswith("not run:"))
    for u in untested[:MAX_LISTED]:
        console.print(Text.assemble(("  untested ", "magenta"), (u.id, "bold"), f": {u.reason}"))
    if len(untested) > MAX_LISTED:
        console.print(Text(f"  … and {len(untested) - MAX_LISTED} more untested (see the report)"))
    must = [r for r in result.requirements if r.outcome is Outcome.FAIL and r.level == "MUST"]
    if must:
        console.print(_failure_table(must[:MAX_LISTED]))
        if len(must) > MAX_LISTED:
            console.print(Text(f"… and {len(must) - MAX_LISTED} more MUST failures", style="red"))
    if verdict.should_failures:
        ids = ", ".join(verdict.should_failures)
        console.print(Text(f"Warnings (SHOULD/MAY, not counted): {ids}", style="yellow"))
    if result.kit_errors:
        console.print(Text(f"Kit errors: {len(result.kit_errors)} (see the report)", "magenta"))
    for name, path in paths.items():
        console.print(Text.assemble((f"{name:>8}: ", "dim"), str(path)))


def _counts(result: RunResult) -> Text:
    text = Text()
    for i, (outcome, n) in enumerate(ordered_counts(result.verdict)):
        if i:
            text.append("  ")
        text.append(f"{outcome} {n}", style=_STYLE.get(outcome, "") if n else "dim")
    return text


def _failure_table(reqs: list[RequirementResult]) -> Table:
    table = Table(title="MUST failures", title_justify="left", show_edge=False, expand=False)
    # ids are what a vendor searches for: never shortened, even on an 80-column CI log
    table.add_column("ID", no_wrap=True, style="bold", min_width=13)
    table.add_column("Requirement", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("First failure", no_wrap=True, overflow="ellipsis", max_width=50)
    for r in reqs:
        table.add_row(Text(r.id), Text(r.title), Text(first_failure_title(r)))
    return table
