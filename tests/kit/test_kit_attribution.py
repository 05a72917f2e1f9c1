"""One defect, one requirement: how a failure is attributed to the requirement it breaks.

A test counts for the requirements it is marked with, unless its failure names another one (a
step it depends on failed: an unreadable error envelope, a code with the wrong HTTP status, a
precondition refused); checks report a wrong status against the code's own status requirement.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from project_paths import SPEC_DIR

from conformance.checks.runner import CheckResult
from conformance.collector import Collector
from conformance.model import Exchange, Failure, Outcome, RecordedRequest, RecordedResponse
from conformance.pytest_plugin import _attributed
from conformance.results import Evidence
from conformance.session import ConformanceFailure
from conformance.spec.loader import load_bundle
from conformance.suites.expect import expect_error, expect_warning

BUNDLE = load_bundle(SPEC_DIR, validate=False)
LOOKUP: Any = SimpleNamespace(bundle=BUNDLE)


def exchange(status: int, body: Any) -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    kind = "text/html" if isinstance(body, bytes) else "application/json"
    path = "/v2/customers/lookup"
    return Exchange(
        RecordedRequest("GET", "https://api.example.test" + path, path),
        RecordedResponse(status, (("Content-Type", kind),), raw),
        "getCustomerByLookup",
    )


def failure(*requirements: str, title: str = "t") -> Failure:
    return Failure("suite", title, "e", "r", requirements=requirements)


def evidence(outcome: Outcome, *failures: Failure) -> Evidence:
    return Evidence("tests/x.py::test_x", outcome, "detail", failures)


# --------------------------------------------------------------------------- plugin


def test_a_pass_counts_for_every_marked_requirement() -> None:
    got = _attributed(["A", "B"], evidence(Outcome.PASS))
    assert {k: v.outcome for k, v in got.items()} == {"A": Outcome.PASS, "B": Outcome.PASS}


def test_an_unnamed_failure_fails_the_marked_requirements() -> None:
    got = _attributed(["A", "B"], evidence(Outcome.FAIL, failure()))
    assert {k: v.outcome for k, v in got.items()} == {"A": Outcome.FAIL, "B": Outcome.FAIL}


def test_a_named_failure_fails_only_its_requirement_and_leaves_the_test_unverified() -> None:
    got = _attributed(["LKP-ERR-024"], evidence(Outcome.FAIL, failure("LKP-ERR-004")))
    assert got["LKP-ERR-004"].outcome is Outcome.FAIL
    assert got["LKP-ERR-004"].failures == (failure("LKP-ERR-004"),)
    assert got["LKP-ERR-024"].outcome is Outcome.SKIP
    assert got["LKP-ERR-024"].detail == "not verified: LKP-ERR-004 failed first (detail)"
    assert got["LKP-ERR-024"].failures == ()


def test_named_and_unnamed_failures_each_go_their_way() -> None:
    named, unnamed = failure("LKP-ERR-002", title="n"), failure(title="u")
    got = _attributed(["LKP-ID-009"], evidence(Outcome.FAIL, named, unnamed))
    assert got["LKP-ERR-002"].failures == (named,)
    assert got["LKP-ID-009"].outcome is Outcome.FAIL
    assert got["LKP-ID-009"].failures == (unnamed,)


def test_a_named_failure_of_a_marked_requirement_stays_a_failure() -> None:
    got = _attributed(["A", "B"], evidence(Outcome.FAIL, failure("A")))
    assert got["A"].outcome is Outcome.FAIL
    assert got["B"].outcome is Outcome.SKIP


def test_skips_and_errors_are_never_reattributed() -> None:
    got = _attributed(["A"], evidence(Outcome.ERROR, failure("B")))
    assert list(got) == ["A"]
    assert got["A"].outcome is Outcome.ERROR


# --------------------------------------------------------------------------- collector


def test_check_failures_count_for_the_requirement_each_names() -> None:
    collector = Collector()
    status, other = failure("LKP-ERR-004", title="status"), failure(title="plain")
    res = CheckResult("http_status_matches_catalog", ("LKP-ERR-001",), Outcome.FAIL, (status,))
    collector.add_check_results(exchange(200, {}), [res], "t")
    res = CheckResult("x", ("LKP-GEN-009",), Outcome.FAIL, (other,))
    collector.add_check_results(exchange(200, {}), [res], "t")
    tallies = collector.tallies()
    assert "LKP-ERR-001" not in tallies
    assert tallies["LKP-ERR-004"][0] == {"fail": 1}
    assert tallies["LKP-ERR-004"][1][0].failures == (status,)
    assert tallies["LKP-GEN-009"][1][0].failures == (other,)


def test_a_passing_check_counts_for_its_own_requirement() -> None:
    collector = Collector()
    res = CheckResult("http_status_matches_catalog", ("LKP-ERR-001",), Outcome.PASS)
    collector.add_check_results(exchange(404, {}), [res], "t")
    assert collector.tallies()["LKP-ERR-001"][0] == {"pass": 1}


# --------------------------------------------------------------------------- expect_error


def named(ex: Exchange, code: int, owner: str = "") -> tuple[str, ...]:
    with pytest.raises(ConformanceFailure) as caught:
        expect_error(LOOKUP, ex, code, owner=owner)
    return tuple(r for f in caught.value.failures for r in f.requirements)


def error(status: int, code: object) -> Exchange:
    return exchange(status, {"errors": [{"status": False, "code": code, "message": "m"}]})


def test_the_expected_error_passes() -> None:
    expect_error(LOOKUP, error(404, 8015), 8015)


@pytest.mark.parametrize(
    ("ex", "code", "requirements"),
    [
        (error(200, 8015), 8015, ("LKP-ERR-004",)),  # right code, wrong status
        (error(400, 618), 618, ("LKP-ERR-007",)),
        (error(404, 1001), 1001, ("LKP-ERR-001",)),
        (error(404, "8015"), 8015, ("LKP-ERR-002",)),  # code unreadable
        (exchange(404, {"errors": {"0": {"code": 8015}}}), 8015, ("LKP-ERR-002",)),
        (exchange(500, b"<html>oops</html>"), 8015, ("LKP-GEN-001",)),
        (exchange(201, {"errors": [{"code": "1036"}]}), 1036, ("LKP-ERR-002",)),
        (error(404, 8065), 8015, ()),  # another code: the test's own requirement
        (exchange(200, {"warnings": []}), 8015, ()),
    ],
)
def test_a_mismatch_names_the_requirement_it_breaks(
    ex: Exchange, code: int, requirements: tuple[str, ...]
) -> None:
    assert named(ex, code) == requirements


def test_an_owner_takes_a_wrong_code_but_not_a_wrong_status() -> None:
    assert named(error(404, 8065), 8015, owner="LKP-ERR-024") == ("LKP-ERR-024",)
    assert named(error(200, 8015), 8015, owner="LKP-ERR-024") == ("LKP-ERR-004",)


def test_a_success_without_warnings_array_is_the_envelope_requirement() -> None:
    with pytest.raises(ConformanceFailure) as caught:
        expect_warning(exchange(200, {"entity": 1}), 91015)
    assert caught.value.failures[0].requirements == ("LKP-GEN-014",)
    with pytest.raises(ConformanceFailure) as caught:
        expect_warning(exchange(200, {"warnings": []}), 91015)
    assert caught.value.failures[0].requirements == ()


# --------------------------------------------------------------------------- end to end

BLOCKED_TESTS = """
import pytest
from conformance.model import Failure
from conformance.session import ConformanceFailure


@pytest.mark.requirement("LKP-ERR-024")
def test_code_choice(lookup):
    raise ConformanceFailure(
        [Failure("suite", "Code 8015 with the wrong HTTP status", "HTTP 404", "HTTP 200",
                 requirements=("LKP-ERR-004",))]
    )
"""


def test_a_blocked_test_fails_the_named_requirement_in_the_results(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    pytester.makepyfile(BLOCKED_TESTS)
    results = tmp_path / "evidence.json"
    run = pytester.runpytest(
        *("--lookup-base-url", "http://127.0.0.1:9", "--lookup-user", "u"),
        *("--lookup-password", "p", "--lookup-results", str(results)),
    )
    run.assert_outcomes(failed=1)
    reqs = json.loads(results.read_text())["requirements"]
    assert reqs["LKP-ERR-004"]["counts"] == {"fail": 1}
    assert reqs["LKP-ERR-024"]["counts"] == {"skip": 1}
    run.stdout.fnmatch_lines(["lookup-conformance: MUST requirement(s) failed: LKP-ERR-004"])


# --------------------------------------------------------------------------- schemathesis driver


def test_a_schemathesis_failure_counts_for_the_requirement_of_its_check() -> None:
    """test_contract raises the kit's failure, attributed, from schemathesis' own; Hypothesis may
    wrap several distinct ones in an exception group."""
    from schemathesis.core.failures import ServerError
    from schemathesis.openapi.checks import UndefinedStatusCode

    from conformance.pytest_plugin import _classify
    from conformance.suites.test_contract_fuzz import _failure

    server = ServerError(operation="GET /x", status_code=500)
    undocumented = UndefinedStatusCode(
        operation="GET /x",
        status_code=418,
        defined_status_codes=["200"],
        allowed_status_codes=[200],
        message="Received: 418",
    )
    first = ConformanceFailure([_failure(server)])
    second = ConformanceFailure([_failure(undocumented)])
    group = BaseExceptionGroup("Hypothesis found 2 distinct failures", [first, second])
    call = SimpleNamespace(excinfo=SimpleNamespace(value=group))
    report = SimpleNamespace(passed=False, skipped=False)
    outcome, detail, failures = _classify(report, call)  # type: ignore[arg-type]
    assert outcome is Outcome.FAIL
    assert [f.requirements for f in failures] == [("LKP-GEN-010",), ("LKP-GEN-008",)]
    assert detail.startswith(f"{server.title}: expected no failure of this check, received ")
    got = _attributed(["LKP-GEN-010", "LKP-GEN-008"], evidence(Outcome.FAIL, *failures))
    assert {k: v.outcome for k, v in got.items()} == {
        "LKP-GEN-010": Outcome.FAIL,
        "LKP-GEN-008": Outcome.FAIL,
    }
