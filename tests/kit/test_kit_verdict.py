"""Verdict and per-requirement aggregation: one function decides, MUST fails, SHOULD warns."""

from __future__ import annotations

from conformance.collector import Collector
from conformance.model import Failure, Outcome
from conformance.results import (
    Evidence,
    RequirementResult,
    RunHeader,
    Status,
    Untested,
    compute_coverage,
    compute_verdict,
)
from conformance.runner import assemble
from conformance.spec.loader import Profile, Requirement
from conformance.target import Credentials, Target


def result(rid: str, level: str, outcome: Outcome) -> RequirementResult:
    return RequirementResult(rid, level, "t", "core", outcome)


def test_must_failure_fails_the_verdict() -> None:
    v = compute_verdict((result("A", "MUST", Outcome.FAIL), result("B", "MUST", Outcome.PASS)))
    assert not v.conformant
    assert v.must_failures == ("A",)
    assert v.label == "NOT CONFORMANT"


def test_should_failure_only_warns() -> None:
    v = compute_verdict((result("A", "SHOULD", Outcome.FAIL), result("B", "MAY", Outcome.FAIL)))
    assert v.conformant
    assert v.status is Status.CONFORMANT
    assert v.should_failures == ("A", "B")
    assert v.counts["fail"] == 2
    assert v.counts["pass"] == 0


def test_a_must_left_untested_makes_the_run_incomplete() -> None:
    """Not tested is not passed: a skipped MUST (missing fixture, interrupted run, a test that
    could not run) blocks a certificate unless the spec says it cannot be tested."""
    reqs = (
        result("A", "MUST", Outcome.PASS),
        RequirementResult("B", "MUST", "t", "core", Outcome.SKIP, "no fixture: a card"),
        result("C", "MUST", Outcome.SKIP),
        result("D", "MUST", Outcome.NOT_APPLICABLE),
    )
    cov = compute_coverage(reqs, lambda rid: rid == "C")
    v = compute_verdict(reqs, coverage=cov)
    assert v.status is Status.INCOMPLETE
    assert not v.conformant
    assert v.untested == (Untested("B", "no fixture: a card"),)
    assert (cov.must_tested, cov.must_not_applicable, cov.must_with_reason) == (1, 1, 1)
    assert "1 MUST requirement(s) untested" in v.reasons()
    both = compute_verdict((*reqs, result("E", "MUST", Outcome.FAIL)), coverage=cov)
    assert both.status is Status.NOT_CONFORMANT  # a failure outranks what is missing


def test_every_must_tested_or_excused_certifies() -> None:
    reqs = (
        result("A", "MUST", Outcome.PASS),
        result("C", "MUST", Outcome.SKIP),
        result("D", "MUST", Outcome.NOT_APPLICABLE),
        result("S", "SHOULD", Outcome.SKIP),  # untested SHOULDs never block
    )
    v = compute_verdict(reqs, coverage=compute_coverage(reqs, lambda rid: rid == "C"))
    assert v.status is Status.CONFORMANT
    assert v.conformant
    assert v.label == "CONFORMANT"
    assert v.reasons() == []


def test_a_scoped_run_is_a_partial_pass_named_by_its_filter() -> None:
    reqs = (result("LKP-ID-001", "MUST", Outcome.PASS),)
    cov = compute_coverage(reqs, lambda rid: False)
    v = compute_verdict(reqs, coverage=cov, scope=("LKP-ID-*",))
    assert v.status is Status.PARTIAL_PASS
    assert not v.conformant
    assert v.label == "PARTIAL PASS — LKP-ID-*"
    failed = compute_verdict(
        (result("LKP-ID-001", "MUST", Outcome.FAIL),), coverage=cov, scope=("LKP-ID-*",)
    )
    assert failed.label == "NOT CONFORMANT — LKP-ID-*"


def test_a_stopped_run_is_incomplete_whatever_it_saw() -> None:
    reqs = (result("A", "MUST", Outcome.PASS),)
    v = compute_verdict(reqs, coverage=compute_coverage(reqs, bool), stopped="interrupted")
    assert v.status is Status.INCOMPLETE
    assert v.reasons()[0] == "run stopped early: interrupted"


def test_skips_errors_and_not_applicable_never_fail() -> None:
    v = compute_verdict(
        (
            result("A", "MUST", Outcome.SKIP),
            result("B", "MUST", Outcome.ERROR),
            result("C", "MUST", Outcome.NOT_APPLICABLE),
        ),
        kit_errors=1,
    )
    assert not v.conformant  # a broken run certifies nothing
    assert v.label == "INCOMPLETE"
    assert v.must_failures == ()
    assert v.kit_errors == 1
    assert v.counts == {"pass": 0, "fail": 0, "not-applicable": 1, "skip": 1, "error": 1}


class FakeBundle:
    def __init__(self, reqs: list[Requirement]) -> None:
        self.requirements = {r.id: r for r in reqs}
        self.profiles = {
            "core": Profile("core", "core things", True),
            "media": Profile("media", "m"),
        }


def req(
    rid: str, profile: str = "core", level: str = "MUST", reason: str | None = None
) -> Requirement:
    return Requirement(rid, level, "title " + rid, "text", ("*",), (), profile, None, reason)


HEADER = RunHeader("0", "sha", "http://x", ("core",), None, "s", "f")


def test_assemble_aggregates_evidence_per_requirement() -> None:
    bundle = FakeBundle(
        [
            req("LKP-A-001"),
            req("LKP-A-002"),
            req("LKP-A-003", reason="needs a restart of the server"),
            req("LKP-A-004"),
            req("LKP-M-001", profile="media"),
        ]
    )
    col = Collector()
    failure = Failure("suite", "Wrong", "x", "y")
    col.add("LKP-A-001", Evidence("t1", Outcome.PASS))
    col.add("LKP-A-001", Evidence("t2", Outcome.FAIL, "boom", (failure,)))
    col.add("LKP-A-002", Evidence("t3", Outcome.PASS))
    target = Target("http://x", Credentials("u", "p"), frozenset({"core"}))
    run = assemble(bundle, target, col, HEADER)  # type: ignore[arg-type]
    by_id = {r.id: r for r in run.requirements}
    assert by_id["LKP-A-001"].outcome is Outcome.FAIL
    assert by_id["LKP-A-001"].checked == 2
    assert by_id["LKP-A-002"].outcome is Outcome.PASS
    assert by_id["LKP-A-003"].outcome is Outcome.SKIP
    assert by_id["LKP-A-003"].reason == "not testable: needs a restart of the server"
    assert by_id["LKP-A-004"].reason == "no test of this kit exercised it"
    assert by_id["LKP-M-001"].outcome is Outcome.NOT_APPLICABLE
    assert run.verdict.must_failures == ("LKP-A-001",)
    assert run.coverage.must_total == 5
    assert run.coverage.must_tested == 2  # a pass or a fail on it
    assert run.coverage.must_not_applicable == 1
    assert run.coverage.must_with_reason == 1
    assert run.coverage.must_untested == ("LKP-A-004",)
    assert run.coverage.untested == (Untested("LKP-A-004", "no test of this kit exercised it"),)


def test_include_limits_the_report() -> None:
    bundle = FakeBundle([req("LKP-ID-001"), req("LKP-GEN-001")])
    target = Target("http://x", Credentials("u", "p"), frozenset({"core"}))
    run = assemble(bundle, target, Collector(), HEADER, ("LKP-ID-*",))  # type: ignore[arg-type]
    assert [r.id for r in run.requirements] == ["LKP-ID-001"]
    assert run.verdict.status is Status.INCOMPLETE  # nothing ran: LKP-ID-001 untested
    assert run.verdict.label == "INCOMPLETE — LKP-ID-*"


def test_include_keeps_a_failure_attributed_outside_it() -> None:
    """An included test that stopped on another requirement's failure (LKP-ERR-004: the right
    code with the wrong status) must not leave a conformant subset run."""
    bundle = FakeBundle([req("LKP-ID-001"), req("LKP-ERR-004"), req("LKP-GEN-001")])
    target = Target("http://x", Credentials("u", "p"), frozenset({"core"}))
    col = Collector()
    failure = Failure("suite", "Wrong status", "404", "200", requirements=("LKP-ERR-004",))
    col.add("LKP-ERR-004", Evidence("t1", Outcome.FAIL, "8015 with 200", (failure,)))
    col.add("LKP-ID-001", Evidence("t1", Outcome.SKIP, "not verified: LKP-ERR-004 failed first"))
    run = assemble(bundle, target, col, HEADER, ("LKP-ID-*",))  # type: ignore[arg-type]
    assert [r.id for r in run.requirements] == ["LKP-ID-001", "LKP-ERR-004"]
    assert not run.verdict.conformant
    assert run.verdict.must_failures == ("LKP-ERR-004",)
    assert run.coverage.must_total == 1  # coverage is of what was asked for


def test_collector_round_trips_through_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    col = Collector()
    col.add(
        "R", Evidence("t", Outcome.FAIL, "d", (Failure("c", "T", "e", "r", "/p", "fix", ("R",)),))
    )
    col.kit_error("check x crashed")
    path = tmp_path / "e.json"
    col.dump(path)
    back = Collector.load(path)
    assert back.tallies() == col.tallies()
    assert back.kit_errors == ["check x crashed"]


def test_collector_keeps_bounded_evidence() -> None:
    col = Collector()
    for i in range(50):
        col.add("R", Evidence(f"t{i}", Outcome.FAIL))
        col.add("R", Evidence(f"p{i}", Outcome.PASS))
    counts, evidence = col.tallies()["R"]
    assert counts == {"fail": 50, "pass": 50}
    assert len(evidence) == 6  # five failures and one pass kept
