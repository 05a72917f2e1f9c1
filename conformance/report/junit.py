"""junit.xml: one testsuite "lookup-conformance", one testcase per requirement, for CI gates.

Mapping: pass → a plain testcase; a MUST failure → <failure>; skip and not-applicable →
<skipped message=reason>; error → <error> (the kit's or the network's fault, which JUnit
consumers already keep apart from failures).

A failed SHOULD or MAY is written as a *passing* testcase carrying the failure text in
<system-out>, prefixed "WARNING". JUnit consumers gate on <failure> whatever its `type`, and
the verdict says SHOULD failures never fail certification; a warning type would still turn the
CI build red. The warnings stay visible in the test output and in every other report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conformance.model import Outcome
from conformance.report.view import FailureView, failures_of, first_failure_title, is_warning
from conformance.results import RequirementResult, RunResult

SUITE_NAME = "lookup-conformance"
# Characters XML 1.0 cannot carry at all; a vendor's response body may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def to_junit(result: RunResult) -> ET.Element:
    """The <testsuites> root holding the single <testsuite>."""
    reqs = result.requirements
    counts = {
        "tests": len(reqs),
        "failures": sum(r.outcome is Outcome.FAIL and not is_warning(r) for r in reqs),
        "errors": sum(r.outcome is Outcome.ERROR for r in reqs),
        "skipped": sum(r.outcome in (Outcome.SKIP, Outcome.NOT_APPLICABLE) for r in reqs),
    }
    attrs = {k: str(v) for k, v in counts.items()}
    root = ET.Element("testsuites", {"name": SUITE_NAME, **attrs})
    suite = ET.SubElement(
        root, "testsuite", {"name": SUITE_NAME, **attrs, "timestamp": result.header.started}
    )
    _properties(suite, result)
    for req in reqs:
        _testcase(suite, req)
    if result.kit_errors:
        ET.SubElement(suite, "system-err").text = "\n".join(result.kit_errors)
    _make_xml_safe(root)
    return root


def render_junit(result: RunResult) -> str:
    root = to_junit(result)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(result: RunResult, path: Path) -> Path:
    path.write_text(render_junit(result), encoding="utf-8", newline="\n")
    return path


def _properties(suite: ET.Element, result: RunResult) -> None:
    h = result.header
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("kit_version", h.kit_version),
        ("spec_sha256", h.spec_sha256),
        ("target", h.target),
        ("profiles", ",".join(h.profiles)),
        ("seed", "" if h.seed is None else str(h.seed)),
        ("finished", h.finished),
        ("verdict", result.verdict.label),
        ("verdict_status", result.verdict.status.value),
        ("replay", h.replay),
    ):
        ET.SubElement(props, "property", {"name": name, "value": value})


def _testcase(suite: ET.Element, req: RequirementResult) -> None:
    case = ET.SubElement(
        suite, "testcase", {"classname": req.profile, "name": f"{req.id} {req.title}"}
    )
    if req.outcome is Outcome.FAIL and is_warning(req):
        out = ET.SubElement(case, "system-out")
        out.text = f"WARNING ({req.level} failed, not counted against the verdict)\n" + _text(req)
    elif req.outcome is Outcome.FAIL:
        node = ET.SubElement(case, "failure", {"message": first_failure_title(req)})
        node.text = _text(req)
    elif req.outcome in (Outcome.SKIP, Outcome.NOT_APPLICABLE):
        node = ET.SubElement(case, "skipped", {"message": req.reason or req.outcome.value})
        node.text = req.outcome.value  # keeps not-applicable apart from could-not-test
    elif req.outcome is Outcome.ERROR:
        node = ET.SubElement(case, "error", {"message": req.reason or "kit error"})
        node.text = "\n".join(f"{ev.source}: {ev.detail}" for ev in req.evidence if ev.detail)


def _text(req: RequirementResult) -> str:
    views = failures_of(req)
    if not views:
        return req.reason
    return "\n\n".join(_failure_text(v) for v in views)


def _failure_text(view: FailureView) -> str:
    f = view.failure
    lines = [f.title + (f" at {f.pointer}" if f.pointer else "")]
    lines += [f"Expected: {f.expected}", f"Received: {f.received}"]
    if f.remedy:
        lines.append(f"Remedy: {f.remedy}")
    if view.exchange is not None:
        lines.append(f"Reproduce with: {view.exchange.curl}")
    return "\n".join(lines)


def _make_xml_safe(root: ET.Element) -> None:
    for node in root.iter():
        if node.text:
            node.text = _NOT_XML.sub("\ufffd", node.text)
        for key, value in list(node.attrib.items()):
            node.set(key, _NOT_XML.sub("\ufffd", value))
