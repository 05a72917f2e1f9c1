"""The CI renderings of a diff: JUnit XML and GitHub workflow annotations."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree as ET

from conformance.diff.model import Finding, Level
from conformance.diff.report import Report, render_json, render_markdown, render_text

_ANNOTATION = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def render_junit(report: Report) -> str:
    """One test case per finding; those at or above --fail-on are failures."""
    failures = sum(1 for f in report.findings if report.fails(f))
    suite = ET.Element(
        "testsuite",
        name="lookup-contract-diff",
        tests=str(max(len(report.findings), 1)),
        failures=str(failures),
        errors="0",
        skipped=str(len(report.ignored)),
    )
    if not report.findings:
        ET.SubElement(suite, "testcase", classname="contract", name="no breaking change")
    for f in report.findings:
        case = ET.SubElement(suite, "testcase", classname=f.source, name=f"{f.rule} {f.location}")
        if report.fails(f):
            ET.SubElement(case, "failure", message=f.message, type=f.level.value).text = f.message
        else:
            ET.SubElement(case, "system-out").text = f"{f.level.value}: {f.message}"
    for f in report.ignored:
        case = ET.SubElement(suite, "testcase", classname=f.source, name=f"{f.rule} {f.location}")
        ET.SubElement(case, "skipped", message=f"ignored: {f.message}")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(report: Report, f: Finding) -> str:
    """`::error file=spec/codes.yaml,title=code-removed::code 8015: removed ...`."""
    props = f"file={_escape_property(report.spec_path + '/' + f.source)}"
    props += f",title={_escape_property(f.rule)}"
    return f"::{_ANNOTATION[f.level]} {props}::{_escape_data(f.message)}"


def render_github(report: Report) -> str:
    lines = [annotation(report, f) for f in report.findings]
    return "\n".join([*lines, report.summary]) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "junit": render_junit,
    "github": render_github,
}
