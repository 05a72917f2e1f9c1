"""Every named fault is caught, and caught on exactly the requirements it is documented to break.

Each case certifies the reference server with one fault switched on, restricted with --include to
the area of the fault's requirement(s) (LKP-ID-013 -> 'LKP-ID-*'): the run must fail (exit 1) and
the failed requirements must be exactly the documented ones, so that no fault can hide behind an
unrelated failure of its area (a fault of a SHOULD requirement: exit 0, the requirement warned).
The default run covers DEFAULT (one or two faults of each category of reference_impl/faults.py);
`-m slow` covers all of them (a fault's run is shared by both tests: it runs once).
`benchmarks/fault_matrix.py` runs them all and writes docs/fault-matrix.md.
"""

from __future__ import annotations

import pytest
from fault_runs import (
    EXIT_FAIL,
    FaultRun,
    FaultRuns,
    RunOutcome,
    all_faults,
    area_glob,
    categories,
    documented,
    include_globs,
)

from reference_impl.faults import FAULTS

DEFAULT = (  # faults the kit catches on exactly their documented requirements (fault matrix)
    "email_case_sensitive",  # identifier equivalence
    "mobile_plus_kept",
    "precedence_auth_after_source",  # precedence
    "precedence_batch_before_format",
    "code_8065_for_not_found",  # code choice
    "status_200_for_not_found",  # HTTP status mapping
    "status_400_for_fraud",
    "message_wrong_text",  # message text and envelope shape (a SHOULD: exit 0, warned)
    "envelope_errors_object",
    "warning_91006_dropped",
    "org_isolation_leak",  # org isolation, source and accountId
    "account_not_checked",
    "dual_first_value_wins",  # dual eligibility
    "pagination_offset_not_echoed",  # pagination, dates
    "auth_plain_password_accepted",  # auth, states, bodies
)


def assert_caught_exactly(fault_runs: FaultRuns, fault: str) -> None:
    run = fault_runs.get(fault)
    assert run.run.usable, run.explain()
    assert run.verdict == "killed", run.explain()
    assert run.run.failed == run.documented, run.explain()


@pytest.mark.network
@pytest.mark.parametrize("fault", DEFAULT)
def test_fault_is_caught_on_its_requirements(fault_runs: FaultRuns, fault: str) -> None:
    assert_caught_exactly(fault_runs, fault)


@pytest.mark.network
@pytest.mark.slow
@pytest.mark.parametrize("fault", all_faults())
def test_every_fault_is_caught_on_its_requirements(fault_runs: FaultRuns, fault: str) -> None:
    assert_caught_exactly(fault_runs, fault)


# --------------------------------------------------------------------------- fast checks


def test_default_subset_covers_every_category() -> None:
    cats = categories()
    assert set(cats) == set(FAULTS), "every fault of the registry sits under a category comment"
    assert "uncategorised" not in cats.values()
    missing = sorted(set(cats.values()) - {cats[f] for f in DEFAULT})
    assert not missing, f"add a fault of each category to DEFAULT: {missing}"
    assert set(DEFAULT) <= set(FAULTS)


def test_every_fault_documents_requirements_of_the_spec() -> None:
    import yaml
    from project_paths import SPEC_DIR

    known = {
        r["id"]
        for r in yaml.safe_load((SPEC_DIR / "requirements.yaml").read_text())["requirements"]
    }
    for name, fault in FAULTS.items():
        ids = documented(fault)
        assert ids, name
        assert ids <= known, (name, sorted(ids - known))
        assert include_globs(fault) == tuple(sorted({area_glob(i) for i in ids}))


def test_area_glob() -> None:
    assert area_glob("LKP-ID-013") == "LKP-ID-*"
    assert area_glob("LKP-STATE-007") == "LKP-STATE-*"
    with pytest.raises(ValueError):
        area_glob("nonsense")


def _judged(documented: set[str], failed: set[str], must: set[str], exit_code: int) -> str:
    out = RunOutcome(
        ("f",), (), 1, exit_code, 1.0, failed=frozenset(failed), must_failed=frozenset(must)
    )
    return FaultRun("f", frozenset(documented), out).verdict


def test_verdicts_of_a_fault_run() -> None:
    must, should = "LKP-ID-009", "LKP-ERR-009"
    assert _judged({must}, {must}, {must}, EXIT_FAIL) == "killed"
    assert _judged({should}, {should}, set(), 0) == "killed"  # a SHOULD warns: exit 0
    assert _judged({should}, {should}, set(), EXIT_FAIL) == "hidden"  # something else failed
    assert _judged({must}, {must, "LKP-ID-010"}, {must, "LKP-ID-010"}, EXIT_FAIL) == "hidden"
    assert _judged({must}, {"LKP-ID-010"}, {"LKP-ID-010"}, EXIT_FAIL) == "survived"
    assert _judged({must}, set(), set(), 0) == "survived"
