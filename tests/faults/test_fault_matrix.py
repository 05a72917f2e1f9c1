"""Every named fault is caught, and caught on exactly the requirements it is documented to break.

Each case certifies the reference server with one fault switched on, restricted with --include to
the area of the fault's requirement(s) (LKP-ID-013 -> 'LKP-ID-*'): the run must fail (exit 1) and
the failed requirements must be exactly the documented ones, so that no fault can hide behind an
unrelated failure of its area. The default run covers DEFAULT (one or two faults of each category
of reference_impl/faults.py, but those of NOT_EXACT_YET, chosen among the faults the fault matrix
shows killed); `-m slow` covers all of them (a fault's run is shared by both tests: it runs once).
`benchmarks/fault_matrix.py` runs them all and writes docs/fault-matrix.md.
"""

from __future__ import annotations

import pytest
from fault_runs import (
    EXIT_FAIL,
    FaultRuns,
    all_faults,
    area_glob,
    categories,
    documented,
    include_globs,
)

from reference_impl.faults import FAULTS

DEFAULT = (  # faults the kit catches on exactly their documented requirements (fault matrix)
    "email_case_sensitive",  # identifier equivalence
    "whitespace_not_trimmed",
    "precedence_auth_after_source",  # precedence
    "precedence_batch_before_format",
    "code_8013_for_missing_value",  # code choice
    "message_placeholder_unfilled",  # message text and envelope shape
    "warning_91006_dropped",  # warnings dropped
    "org_isolation_leak",  # org isolation, source and accountId
    "account_not_checked",
    "dual_list_accepted_when_disabled",  # dual eligibility
    "pagination_negative_offset_accepted",  # pagination, dates
    "fraud_writes_allowed",  # auth, states, bodies
)
# Categories whose faults all break more requirements than faults.py documents ("hidden" in
# docs/fault-matrix.md): HTTP-status faults also break the envelope and schema clauses. Until
# their documented lists are completed (issue 5), only `-m slow` runs them.
NOT_EXACT_YET = {"HTTP status mapping"}


def assert_caught_exactly(fault_runs: FaultRuns, fault: str) -> None:
    run = fault_runs.get(fault)
    assert run.run.usable, run.explain()
    assert run.run.exit_code == EXIT_FAIL, run.explain()
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
    missing = sorted(set(cats.values()) - {cats[f] for f in DEFAULT} - NOT_EXACT_YET)
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
