"""The five renderings of one diff result, asserted exactly."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from conformance.diff.model import Finding, Level
from conformance.diff.report import Report, render_json, render_markdown, render_text
from conformance.diff.report_ci import render_github, render_junit

REMOVED = Finding(
    "code-removed", Level.BREAKING, "code 1303: removed from the catalog (error, HTTP 400)",
    "code 1303", "codes.yaml",
)  # fmt: skip
ADDED = Finding(
    "endpoint-added", Level.INFO, "GET /x|y (getX): endpoint added", "getX", "openapi.yaml"
)
LOWERED = Finding(
    "requirement-level-lowered", Level.WARNING, "LKP-ID-004: level lowered from MUST to SHOULD",
    "LKP-ID-004", "requirements.yaml",
)  # fmt: skip
REPORT = Report((REMOVED, LOWERED, ADDED), ignored=(ADDED,), spec_path="spec")


def test_text() -> None:
    assert render_text(REPORT) == (
        "breaking  code-removed               "
        "code 1303: removed from the catalog (error, HTTP 400)\n"
        "warning   requirement-level-lowered  LKP-ID-004: level lowered from MUST to SHOULD\n"
        "info      endpoint-added             GET /x|y (getX): endpoint added\n"
        "3 changes: 1 breaking, 1 warning, 1 info (1 ignored)\n"
    )


def test_json() -> None:
    data = json.loads(render_json(REPORT))
    assert data["summary"] == {
        "breaking": 1, "warning": 1, "info": 1,
        "ignored": 1, "fail_on": "breaking", "failing": True,
    }  # fmt: skip
    assert data["findings"][0] == {
        "rule": "code-removed",
        "level": "breaking",
        "message": "code 1303: removed from the catalog (error, HTTP 400)",
        "location": "code 1303",
        "source": "codes.yaml",
    }
    assert [f["rule"] for f in data["ignored"]] == ["endpoint-added"]


def test_markdown_escapes_pipes() -> None:
    assert render_markdown(REPORT).splitlines() == [
        "## Contract changes",
        "",
        "3 changes: 1 breaking, 1 warning, 1 info (1 ignored)",
        "",
        "| Level | Rule | Change |",
        "| --- | --- | --- |",
        "| breaking | `code-removed` | code 1303: removed from the catalog (error, HTTP 400) |",
        "| warning | `requirement-level-lowered` | LKP-ID-004: level lowered from MUST to SHOULD |",
        "| info | `endpoint-added` | GET /x\\|y (getX): endpoint added |",
    ]


def test_junit_fails_only_at_or_above_fail_on() -> None:
    suite = ET.fromstring(render_junit(Report((REMOVED, LOWERED), fail_on=Level.WARNING)))
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    suite = ET.fromstring(render_junit(Report((REMOVED, LOWERED))))
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failure = suite.find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == "code 1303: removed from the catalog (error, HTTP 400)"


def test_junit_clean_run_has_one_passing_case() -> None:
    suite = ET.fromstring(render_junit(Report(())))
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")


def test_github_annotations() -> None:
    assert render_github(REPORT).splitlines() == [
        "::error file=spec/codes.yaml,title=code-removed::"
        "code 1303: removed from the catalog (error, HTTP 400)",
        "::warning file=spec/requirements.yaml,title=requirement-level-lowered::"
        "LKP-ID-004: level lowered from MUST to SHOULD",
        "::notice file=spec/openapi.yaml,title=endpoint-added::GET /x|y (getX): endpoint added",
        "3 changes: 1 breaking, 1 warning, 1 info (1 ignored)",
    ]


def test_github_escapes_newlines_and_percent() -> None:
    odd = Finding("code-added", Level.INFO, "50% off\nnow", "code 1", "codes.yaml")
    assert render_github(Report((odd,))).splitlines()[0] == (
        "::notice file=spec/codes.yaml,title=code-added::50%25 off%0Anow"
    )
