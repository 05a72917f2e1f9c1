"""junit.xml: parsed back, one suite, one case per requirement, SHOULD failures never fail CI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from report_fixture import CURL_QUOTED, SCRIPT, make_result

from conformance.model import Failure, Outcome
from conformance.report import junit, write_reports
from conformance.results import Evidence, RunResult


@pytest.fixture
def result() -> RunResult:
    return make_result()


def _suite(result: RunResult, tmp_path: Path) -> ET.Element:
    root = ET.parse(write_reports(result, tmp_path)["junit"]).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    return suites[0]


def _case(suite: ET.Element, rid: str) -> ET.Element:
    matches = [c for c in suite.iter("testcase") if c.get("name", "").startswith(rid + " ")]
    assert len(matches) == 1, rid
    return matches[0]


def test_counts_match_the_testcases(result: RunResult, tmp_path: Path) -> None:
    suite = _suite(result, tmp_path)
    cases = suite.findall("testcase")
    assert suite.get("name") == "lookup-conformance"
    assert len(cases) == len(result.requirements) == 7
    actual = {
        "tests": len(cases),
        "failures": sum(c.find("failure") is not None for c in cases),
        "errors": sum(c.find("error") is not None for c in cases),
        "skipped": sum(c.find("skipped") is not None for c in cases),
    }
    assert actual == {"tests": 7, "failures": 2, "errors": 1, "skipped": 2}
    assert {k: int(suite.get(k, "-1")) for k in actual} == actual


def test_testcase_names_and_classnames(result: RunResult, tmp_path: Path) -> None:
    suite = _suite(result, tmp_path)
    got = [(c.get("classname"), c.get("name")) for c in suite.findall("testcase")]
    assert got == [(r.profile, f"{r.id} {r.title}") for r in result.requirements]


def test_must_failure_carries_expected_received_and_curl(result: RunResult, tmp_path: Path) -> None:
    failure = _case(_suite(result, tmp_path), "LKP-CODE-001").find("failure")
    assert failure is not None
    assert failure.get("message") == "Error message differs from the catalog"
    text = failure.text or ""
    assert "Error message differs from the catalog at /status/message\n" in text
    assert f"Expected: Customer not found\nReceived: {SCRIPT}\n" in text
    assert f"Reproduce with: {CURL_QUOTED}" in text
    assert "Expected: 200, 400, 401\nReceived: 500" in text  # the second failure too


def test_failure_without_exchange_has_no_replay_line(result: RunResult, tmp_path: Path) -> None:
    failure = _case(_suite(result, tmp_path), "LKP-AUTH-002").find("failure")
    assert failure is not None
    assert failure.get("message") == "Undocumented HTTP status code"
    assert "Reproduce with" not in (failure.text or "")


def test_should_failure_is_a_passing_case_with_a_warning(result: RunResult, tmp_path: Path) -> None:
    case = _case(_suite(result, tmp_path), "LKP-WARN-003")
    assert [child.tag for child in case] == ["system-out"]
    out = case.findtext("system-out") or ""
    assert out.startswith("WARNING (SHOULD failed, not counted against the verdict)\n")
    assert "Expected: warnings[] contains 8015\nReceived: warnings[] is empty" in out
    assert "system-out" in (junit.__doc__ or "")  # the choice is documented where it is made


def test_skip_not_applicable_error_and_pass(result: RunResult, tmp_path: Path) -> None:
    suite = _suite(result, tmp_path)
    na = _case(suite, "LKP-LOY-002").find("skipped")
    skip = _case(suite, "LKP-MRG-001").find("skipped")
    error = _case(suite, "LKP-ID-009").find("error")
    assert na is not None
    assert skip is not None
    assert error is not None
    assert (na.get("message"), na.text) == ("profile loyalty not declared", "not-applicable")
    assert (skip.get("message"), skip.text) == ("fixtures file lacks a merged customer", "skip")
    assert error.get("message") == "network: connection reset"
    assert error.text == (
        "tests/test_id.py::test_external: ConnectError: [Errno 104] Connection reset by peer"
    )
    assert list(_case(suite, "LKP-ID-001")) == []


def test_properties_and_kit_errors(result: RunResult, tmp_path: Path) -> None:
    suite = _suite(result, tmp_path)
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {
        "kit_version": "0.1.0",
        "spec_sha256": "ab" * 32,
        "target": "https://api.example.test/v2",
        "profiles": "core,engagement",
        "seed": "1234",
        "finished": "2025-01-02T03:09:00Z",
        "verdict": "NOT CONFORMANT",
        "verdict_status": "NOT CONFORMANT",
        "replay": result.header.replay,
    }
    assert suite.get("timestamp") == "2025-01-02T03:04:05Z"
    assert suite.findtext("system-err") == "driver schemathesis: RuntimeError: worker 2 died"


def test_characters_xml_cannot_carry_are_replaced(result: RunResult, tmp_path: Path) -> None:
    bad = Failure("c", "Title \x00 with NUL", "x", "body \x1b[31m")
    req = replace(
        result.requirements[1], evidence=(Evidence("check:c", Outcome.FAIL, failures=(bad,)),)
    )
    failure = _case(_suite(make_result((req,)), tmp_path), "LKP-CODE-001").find("failure")
    assert failure is not None
    assert failure.get("message") == "Title \ufffd with NUL"
    assert "Received: body \ufffd[31m" in (failure.text or "")
