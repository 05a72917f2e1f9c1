"""report.json: valid against its schema, stable key order, faithful round trip; write_reports."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from report_fixture import CURL_QUOTED, SCRIPT, load_report_schema, make_result

from conformance.model import Outcome
from conformance.report import to_json_dict, write_reports
from conformance.report.json_report import dumps
from conformance.results import RunResult, Status

SCHEMA = load_report_schema()


@pytest.fixture
def result() -> RunResult:
    return make_result()


def _errors(schema: dict[str, Any], doc: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def _req(doc: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in doc["requirements"] if r["id"] == rid)


def test_schema_is_a_valid_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_written_report_validates_and_round_trips(result: RunResult, tmp_path: Path) -> None:
    path = write_reports(result, tmp_path)["json"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert _errors(SCHEMA, doc) == []
    assert doc == to_json_dict(result)
    assert path.read_text(encoding="utf-8") == dumps(result) == dumps(result)


def test_key_order_is_fixed(result: RunResult) -> None:
    doc = to_json_dict(result)
    assert list(doc) == [
        "report_version", "header", "verdict", "coverage", "requirements", "kit_errors",
    ]  # fmt: skip
    assert list(doc["header"]) == [
        "kit_version", "spec_sha256", "target", "profiles", "seed", "started", "finished",
        "options",
        "replay",
    ]  # fmt: skip
    req = _req(doc, "LKP-CODE-001")
    assert list(req) == [
        "id", "level", "title", "profile", "outcome", "reason", "checked", "evidence",
    ]  # fmt: skip
    evidence = req["evidence"][0]
    assert list(evidence) == ["source", "outcome", "detail", "failures", "exchange"]
    assert list(evidence["failures"][0]) == [
        "check", "title", "expected", "received", "pointer", "remedy", "requirements",
    ]  # fmt: skip
    assert list(evidence["exchange"]) == ["method", "url", "status", "curl", "response_excerpt"]
    assert list(doc["verdict"]["counts"]) == ["pass", "fail", "not-applicable", "skip", "error"]


def test_content_is_the_result_verbatim(result: RunResult) -> None:
    doc = to_json_dict(result)
    assert [r["id"] for r in doc["requirements"]] == [r.id for r in result.requirements]
    failure = _req(doc, "LKP-CODE-001")["evidence"][0]["failures"][0]
    assert failure["received"] == SCRIPT  # data stays raw; renderers escape
    assert failure["pointer"] == "/status/message"
    assert failure["requirements"] == ["LKP-CODE-001"]
    assert _req(doc, "LKP-CODE-001")["evidence"][0]["exchange"]["curl"] == CURL_QUOTED
    assert _req(doc, "LKP-AUTH-002")["evidence"][0]["exchange"] is None
    assert _req(doc, "LKP-ID-009")["evidence"][0]["exchange"]["status"] is None
    assert _req(doc, "LKP-LOY-002")["outcome"] == "not-applicable"
    assert _req(doc, "LKP-LOY-002")["reason"] == "profile loyalty not declared"
    untested = [{"id": "LKP-ID-009", "reason": "network: connection reset"}]
    assert doc["verdict"] == {
        "status": "NOT CONFORMANT",
        "label": "NOT CONFORMANT",
        "conformant": False,
        "reasons": ["1 kit or network error(s)", "1 MUST requirement(s) untested"],
        "scope": [],
        "stopped": "",
        "must_failures": ["LKP-CODE-001", "LKP-AUTH-002"],
        "should_failures": ["LKP-WARN-003"],
        "untested": untested,
        "counts": {"pass": 1, "fail": 3, "not-applicable": 1, "skip": 1, "error": 1},
        "kit_errors": 1,
    }
    assert doc["coverage"]["must_untested"] == ["LKP-ID-009"]
    assert doc["coverage"]["untested"] == untested
    assert doc["coverage"]["must_not_applicable"] == 1
    assert doc["kit_errors"] == ["driver schemathesis: RuntimeError: worker 2 died"]


def test_options_become_plain_json(result: RunResult) -> None:
    header = replace(
        result.header,
        options={"z": {Path("/tmp/x"), "b"}, "a": math.nan, "m": {"k2": 1, "k1": (Path("p"),)}},
    )
    doc = json.loads(dumps(replace(result, header=header)))
    assert doc["header"]["options"] == {
        "a": "nan",
        "m": {"k1": ["p"], "k2": 1},
        "z": ["/tmp/x", "b"],
    }
    assert list(doc["header"]["options"]) == ["a", "m", "z"]
    assert _errors(SCHEMA, doc) == []


def test_conformant_run_validates(result: RunResult) -> None:
    passing = tuple(replace(r, outcome=Outcome.PASS) for r in result.requirements)
    doc = to_json_dict(make_result(passing))
    assert doc["verdict"]["label"] == "CONFORMANT"
    assert _errors(SCHEMA, doc) == []


def test_partial_and_incomplete_runs_validate_and_never_read_as_certificates(
    result: RunResult,
) -> None:
    passing = tuple(replace(r, outcome=Outcome.PASS) for r in result.requirements)
    base = make_result(passing)
    scoped = replace(base, verdict=replace(base.verdict, status=Status.PARTIAL_PASS, scope=("X*",)))
    doc = to_json_dict(scoped)
    assert doc["verdict"]["label"] == "PARTIAL PASS — X*"
    assert doc["verdict"]["conformant"] is False
    assert _errors(SCHEMA, doc) == []
    stopped = replace(base, verdict=replace(base.verdict, status=Status.INCOMPLETE, stopped="x"))
    doc = to_json_dict(stopped)
    assert doc["verdict"]["reasons"] == ["run stopped early: x"]
    assert _errors(SCHEMA, doc) == []
    doc["verdict"]["stopped"] = ""  # INCOMPLETE with no reason at all is not a report
    assert _errors(SCHEMA, doc)


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["requirements"][0].update(outcome="passed"), "['requirements', 0, 'outcome']"),
        (lambda d: d["verdict"].update(conformant=True), "['verdict']"),
        (lambda d: d["verdict"].update(label="INCOMPLETE"), "['verdict']"),
        (lambda d: d["verdict"].update(status="CONFORMANT"), "['verdict']"),
        (lambda d: d["verdict"].update(status="PARTIAL PASS"), "['verdict']"),
        (lambda d: d["coverage"].pop("untested"), "untested"),
        (lambda d: d["header"].update(spec_sha256="xyz"), "['header', 'spec_sha256']"),
        (lambda d: d["requirements"][1]["evidence"][0].pop("exchange"), "exchange"),
        (lambda d: d.update(extra=1), "extra"),
    ],
)
def test_schema_rejects_a_broken_report(
    result: RunResult,
    mutate: Callable[[dict[str, Any]], None],
    where: str,
) -> None:
    doc = to_json_dict(result)
    mutate(doc)
    errors = _errors(SCHEMA, doc)
    assert errors
    assert any(where in e for e in errors)


def test_write_reports_writes_four_files(result: RunResult, tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    paths = write_reports(result, out)
    assert {k: p.name for k, p in paths.items()} == {
        "json": "report.json",
        "html": "report.html",
        "junit": "junit.xml",
        "markdown": "report.md",
    }
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths.values())
