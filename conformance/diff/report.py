"""One result model for a diff, and its human renderings: text, JSON and Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass

from conformance.diff.model import Finding, Level


@dataclass(frozen=True, slots=True)
class Report:
    """The findings that count, the ones the ignore file accepted, and the failing threshold."""

    findings: tuple[Finding, ...]
    ignored: tuple[Finding, ...] = ()
    fail_on: Level = Level.BREAKING
    spec_path: str = "spec"  # where NEW's files live in the repository, for annotations

    def fails(self, finding: Finding) -> bool:
        return finding.level.rank >= self.fail_on.rank

    @property
    def failing(self) -> bool:
        return any(self.fails(f) for f in self.findings)

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level is level)

    @property
    def summary(self) -> str:
        """`3 changes: 1 breaking, 1 warning, 1 info (2 ignored)`."""
        levels = (Level.BREAKING, Level.WARNING, Level.INFO)
        head = f"{len(self.findings)} change{'' if len(self.findings) == 1 else 's'}"
        parts = ", ".join(f"{self.count(lv)} {lv.value}" for lv in levels)
        tail = f" ({len(self.ignored)} ignored)" if self.ignored else ""
        return f"{head}: {parts}{tail}"


def render_text(report: Report) -> str:
    width = max((len(f.rule) for f in report.findings), default=0)
    lines = [f"{f.level.value:<8}  {f.rule:<{width}}  {f.message}" for f in report.findings]
    return "\n".join([*lines, report.summary]) + "\n"


def render_json(report: Report) -> str:
    data = {
        "summary": {
            "breaking": report.count(Level.BREAKING),
            "warning": report.count(Level.WARNING),
            "info": report.count(Level.INFO),
            "ignored": len(report.ignored),
            "fail_on": report.fail_on.value,
            "failing": report.failing,
        },
        "findings": [f.as_dict() for f in report.findings],
        "ignored": [f.as_dict() for f in report.ignored],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, heading: str = "## Contract changes") -> str:
    lines = [heading, "", report.summary, ""]
    if report.findings:
        lines += ["| Level | Rule | Change |", "| --- | --- | --- |"]
        lines += [f"| {f.level.value} | `{f.rule}` | {_cell(f.message)} |" for f in report.findings]
        lines.append("")
    return "\n".join(lines)
