"""The pytest plugin, driven through pytester: options, markers, not-applicable, evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# No request reaches this address: these tests never send traffic.
URL = "http://127.0.0.1:9"
ACTIVE = ["--lookup-base-url", URL, "--lookup-user", "u", "--lookup-password", "p"]

VENDOR_TESTS = """
import pytest
from conformance.model import Failure
from conformance.session import ConformanceFailure


@pytest.mark.requirement("LKP-ID-013")
def test_passes(lookup):
    assert lookup.target.base_url == "http://127.0.0.1:9"


@pytest.mark.requirement("LKP-ID-009")
def test_fails(lookup):
    raise ConformanceFailure([Failure("suite", "Wrong customer", "id 1", "id 2", "/entity")])


@pytest.mark.requirement("LKP-IMG-001")
def test_media(lookup):
    pass


@pytest.mark.requirement("LKP-ID-010")
def test_kit_bug(lookup):
    raise KeyError("oops")
"""


def test_plugin_is_inert_without_a_base_url(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.requirement("LKP-ID-001")
        @pytest.mark.profile("core")
        def test_marked():
            pass

        def test_needs_lookup(lookup):
            pass
        """
    )
    result = pytester.runpytest("--strict-markers", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*lookup-conformance is not enabled: pass --lookup-base-url URL*"])


def test_missing_credentials_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest("--lookup-base-url", URL)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*lookup-conformance: no credentials: pass --lookup-user*"])
    assert "Traceback" not in result.stderr.str()


def test_a_bad_declaration_names_the_file(pytester: pytest.Pytester) -> None:
    decl = pytester.makefile(".yaml", declaration="declaration_version: 1\nprofiles: [telepathy]\n")
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest(*ACTIVE, "--lookup-declaration", str(decl))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{decl}: unknown profile(s) telepathy; known: core*"])


def test_outcomes_become_evidence_per_requirement(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    decl = pytester.makefile(
        ".yaml",
        declaration="declaration_version: 1\nprofiles: [identifier-mobile, identifier-email]\n",
    )
    pytester.makepyfile(VENDOR_TESTS)
    evidence = tmp_path / "evidence.json"
    result = pytester.runpytest(
        *ACTIVE, "--lookup-declaration", str(decl), "--lookup-results", str(evidence), "-rs"
    )
    result.assert_outcomes(passed=1, failed=2, skipped=1)
    result.stdout.fnmatch_lines(["*not applicable: profile media not declared*"])
    reqs = json.loads(evidence.read_text())["requirements"]
    assert reqs["LKP-ID-013"]["counts"] == {"pass": 1}
    assert reqs["LKP-ID-009"]["counts"] == {"fail": 1}
    failure = reqs["LKP-ID-009"]["evidence"][0]["failures"][0]
    assert (failure["title"], failure["expected"], failure["received"]) == (
        "Wrong customer",
        "id 1",
        "id 2",
    )
    assert reqs["LKP-IMG-001"]["counts"] == {"not-applicable": 1}
    assert reqs["LKP-ID-010"]["counts"] == {"error": 1}
    assert reqs["LKP-ID-010"]["evidence"][0]["detail"] == "kit: KeyError: 'oops'"
    assert any("KeyError" in e for e in json.loads(evidence.read_text())["kit_errors"])
    result.stdout.fnmatch_lines(["lookup-conformance: MUST requirement(s) failed: LKP-ID-009"])


def test_include_deselects_other_requirements(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(VENDOR_TESTS)
    result = pytester.runpytest(*ACTIVE, "--lookup-include", "LKP-ID-01*")
    result.assert_outcomes(passed=1, failed=1)  # ID-013 passes, ID-010 errors; others deselected
    result.stdout.fnmatch_lines(["*2 deselected*"])
