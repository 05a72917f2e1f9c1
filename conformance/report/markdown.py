"""report.md: the verdict, the run, the failures with replay commands, then every requirement."""

from __future__ import annotations

import re
from pathlib import Path

from conformance.report.view import (
    FailureView,
    coverage_line,
    failed,
    failures_of,
    header_rows,
    is_warning,
    ordered_counts,
    status_text,
    verdict_line,
)
from conformance.results import RequirementResult, RunResult

# Backslash-escaping every Markdown metacharacter (HTML's < > & included) keeps a vendor's text
# literal: `<script>` renders as text, never as a tag, wherever the .md is displayed.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_text(text: str) -> str:
    """Inline text: metacharacters escaped, line breaks folded so a table row stays one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_code(text: str, *, in_table: bool = False) -> str:
    """A code span whose fence is longer than any backtick run inside it.

    GFM splits table cells on `|` even inside code spans, so table cells escape it.
    """
    flat = " ".join(text.split())
    if in_table:
        flat = flat.replace("|", "\\|")
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def fenced(text: str, lang: str = "") -> list[str]:
    """A fenced block whose fence is longer than any backtick run inside it."""
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return [fence + lang, text, fence]


def render_markdown(result: RunResult) -> str:
    lines = _summary(result)
    if result.kit_errors:
        lines += ["", "## Kit errors", ""]
        lines += [f"- {md_text(err)}" for err in result.kit_errors]
    failing = list(failed(result))
    if failing and result.header.replay:
        lines += ["", "## Replaying a failure", ""]
        lines += ["Each failure's `curl` line reads its credentials from the environment:", ""]
        lines += fenced(result.header.replay, "sh")
    if failing:
        lines += ["", "## Failures"]
        for req in failing:
            lines += _failure_section(req)
    lines += ["", "## Requirements", "", *_requirement_table(result)]
    return "\n".join(lines) + "\n"


def write_markdown(result: RunResult, path: Path) -> Path:
    path.write_text(render_markdown(result), encoding="utf-8", newline="\n")
    return path


def _summary(result: RunResult) -> list[str]:
    verdict = result.verdict
    lines = [f"# Conformance report: {md_text(verdict.label)}", "", md_text(verdict_line(verdict))]
    reasons = verdict.reasons()
    if reasons:
        lines += ["", *(f"- {md_text(r)}" for r in reasons)]
    lines += ["", "## Run", "", "| | |", "|---|---|"]
    for label, value in header_rows(result.header):
        lines.append(f"| {label} | {md_code(value, in_table=True)} |")
    lines += ["", "## Outcomes", "", "| Outcome | Requirements |", "|---|---:|"]
    lines += [f"| {outcome} | {n} |" for outcome, n in ordered_counts(verdict)]
    return [*lines, "", _coverage_line(result)]


def _coverage_line(result: RunResult) -> str:
    lines = [md_text(coverage_line(result.coverage)) + "."]
    untested = result.coverage.untested
    if untested:
        lines += ["", "Untested MUST requirements:", ""]
        lines += [f"- {md_text(u.id)}: {md_text(u.reason)}" for u in untested]
    return "\n".join(lines)


def _failure_section(req: RequirementResult) -> list[str]:
    kind = f"{req.level} warning" if is_warning(req) else f"{req.level} failure"
    lines = ["", f"### {md_text(req.id)} {md_text(req.title)} ({kind})"]
    views = failures_of(req)
    if not views:
        lines += ["", md_text(req.reason or "Failed without a recorded failure.")]
    for view in views:
        lines += _failure_block(view)
    return lines


def _failure_block(view: FailureView) -> list[str]:
    f = view.failure
    lines = ["", f"**{md_text(f.title)}** ({md_code(f.check)})", ""]
    lines += [f"- Expected: {md_text(f.expected)}", f"- Received: {md_text(f.received)}"]
    if f.pointer:
        lines.append(f"- Where: {md_code(f.pointer)}")
    if f.remedy:
        lines.append(f"- Remedy: {md_text(f.remedy)}")
    x = view.exchange
    if x is not None:
        lines.append(f"- Exchange: {md_code(f'{x.method} {x.url}')} → {status_text(x)}")
        lines += ["", "Replay:", "", *fenced(x.curl, "sh")]
    return lines


def _requirement_table(result: RunResult) -> list[str]:
    lines = [
        "| ID | Level | Title | Profile | Outcome | Checked | Reason |",
        "|---|---|---|---|---|---:|---|",
    ]
    for r in result.requirements:
        cells = [r.id, r.level, r.title, r.profile, r.outcome.value]
        row = " | ".join(md_text(c) for c in cells)
        lines.append(f"| {row} | {r.checked} | {md_text(r.reason)} |")
    return lines
