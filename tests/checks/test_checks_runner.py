"""The registry and the runner: names, requirements, duplicates, and crashes kept apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from checks_fixture import exchange, mini_context

from conformance.checks import Check, all_checks, check, run_checks
from conformance.checks import registry as registry_module
from conformance.checks.requirement_ids import REQ
from conformance.model import Failure, Outcome

# check name -> the keys of REQ it cites (ids are renumbered as the spec is rewritten)
EXPECTED = {
    "response_body_is_json": ("json_body",),
    "success_body_has_warnings_array": ("warnings_array",),
    "error_body_is_error_envelope": ("error_envelope",),
    "warning_items_are_well_formed": ("warning_items",),
    "success_body_carries_no_error": ("no_error_on_success",),
    "status_code_is_documented": ("status_documented",),
    "response_conforms_to_schema": ("schema",),
    "error_codes_are_catalog_errors": ("error_kind",),
    "warning_codes_are_catalog_warnings": ("warning_kind",),
    "http_status_matches_catalog": ("http_status",),
    "codes_are_emitted_by_operation": ("code_operation",),
    "messages_match_catalog": ("message",),
}


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    """Let a test register throwaway checks; the real registry is restored afterwards."""
    all_checks()  # register the built-ins first so that the snapshot holds them
    saved = dict(registry_module._REGISTRY)
    yield
    registry_module._REGISTRY.clear()
    registry_module._REGISTRY.update(saved)


# --- registry --------------------------------------------------------------------------------


def test_every_check_is_registered_under_its_name_citing_its_requirement() -> None:
    checks = all_checks()
    assert {name: c.requirements for name, c in checks.items()} == {
        name: tuple(REQ[key] for key in keys) for name, keys in EXPECTED.items()
    }
    for name, c in checks.items():
        assert c.name == name == c.run.__name__
        assert set(c.requirements) <= set(REQ.values())


def test_every_check_has_a_one_line_doc_from_its_docstring() -> None:
    for c in all_checks().values():
        assert c.run.__doc__ is not None
        assert c.doc == c.run.__doc__.strip().splitlines()[0]
        assert c.doc.endswith(".")


def test_all_checks_returns_a_copy() -> None:
    checks = all_checks()
    checks.pop("response_body_is_json")
    assert "response_body_is_json" in all_checks()


def test_registration_records_the_check_and_returns_the_function(scratch_registry) -> None:
    def probe_cites_two(ctx, ex) -> Iterator[Failure]:
        """First line of the doc.

        More prose that the registry does not keep.
        """
        yield from ()

    def applies(ctx, ex) -> bool:
        return False

    assert check("LKP-GEN-001", "LKP-GEN-002", applies=applies)(probe_cites_two) is probe_cites_two
    assert all_checks()["probe_cites_two"] == Check(
        "probe_cites_two",
        ("LKP-GEN-001", "LKP-GEN-002"),
        "First line of the doc.",
        probe_cites_two,
        applies,
    )


@pytest.mark.parametrize("docstring", [None, "", "   ", " \n\t \n  "])
def test_a_check_without_doc_text_registers_with_an_empty_doc(
    scratch_registry, docstring: str | None
) -> None:
    def probe_undocumented(ctx, ex) -> Iterator[Failure]:
        yield from ()

    probe_undocumented.__doc__ = docstring
    assert check("LKP-GEN-001")(probe_undocumented) is probe_undocumented
    assert all_checks()["probe_undocumented"].doc == ""


def test_a_docstring_with_leading_blank_lines_keeps_its_first_text_line(scratch_registry) -> None:
    def probe_late_doc(ctx, ex) -> Iterator[Failure]:
        """

        The first line with text.
        """
        yield from ()

    check("LKP-GEN-001")(probe_late_doc)
    assert all_checks()["probe_late_doc"].doc == "The first line with text."


def test_registry_rejects_a_duplicate_name(scratch_registry) -> None:
    def response_body_is_json(ctx, ex) -> Iterator[Failure]:
        yield from ()

    original = all_checks()["response_body_is_json"]
    with pytest.raises(ValueError, match=r"^check 'response_body_is_json' is registered twice$"):
        check("LKP-GEN-001")(response_body_is_json)
    assert all_checks()["response_body_is_json"] is original


def test_registry_rejects_a_second_registration_of_a_new_check(scratch_registry) -> None:
    def probe_twice(ctx, ex) -> Iterator[Failure]:
        yield from ()

    check("LKP-GEN-001")(probe_twice)
    with pytest.raises(ValueError, match=r"^check 'probe_twice' is registered twice$"):
        check("LKP-GEN-002")(probe_twice)
    assert all_checks()["probe_twice"].requirements == ("LKP-GEN-001",)


def test_registry_rejects_a_check_citing_no_requirement(scratch_registry) -> None:
    def probe_uncited(ctx, ex) -> Iterator[Failure]:
        yield from ()

    with pytest.raises(ValueError, match=r"^check 'probe_uncited' cites no requirement$"):
        check()(probe_uncited)
    assert "probe_uncited" not in all_checks()


# --- runner ----------------------------------------------------------------------------------


def _check(fn, applies=lambda ctx, ex: True, requirements=("LKP-TEST-001",)) -> Check:
    return Check(fn.__name__, requirements, "", fn, applies)


def test_run_checks_runs_every_registered_check_by_default() -> None:
    ctx = mini_context()
    results = run_checks(ctx, exchange(200, {"customer": {"id": 1}, "warnings": []}))
    assert [r.check for r in results] == list(all_checks())
    assert {r.check: r.outcome for r in results} == {
        "response_body_is_json": Outcome.PASS,
        "success_body_has_warnings_array": Outcome.PASS,
        "error_body_is_error_envelope": Outcome.NOT_APPLICABLE,
        "warning_items_are_well_formed": Outcome.NOT_APPLICABLE,
        "success_body_carries_no_error": Outcome.PASS,
        "status_code_is_documented": Outcome.PASS,
        "response_conforms_to_schema": Outcome.PASS,
        "error_codes_are_catalog_errors": Outcome.NOT_APPLICABLE,
        "warning_codes_are_catalog_warnings": Outcome.NOT_APPLICABLE,
        "http_status_matches_catalog": Outcome.NOT_APPLICABLE,
        "codes_are_emitted_by_operation": Outcome.NOT_APPLICABLE,
        "messages_match_catalog": Outcome.NOT_APPLICABLE,
    }


def test_run_checks_on_a_conforming_error_fails_nothing() -> None:
    ctx = mini_context()
    body = {
        "errors": [
            {
                "status": False,
                "code": 8015,
                "message": "Customer not found for the given identifiers.",
            }
        ]
    }
    results = run_checks(ctx, exchange(404, body))
    assert {r.check for r in results if r.outcome is not Outcome.PASS} == {
        "success_body_has_warnings_array",
        "warning_items_are_well_formed",
        "success_body_carries_no_error",
        "warning_codes_are_catalog_warnings",
    }
    assert {r.outcome for r in results} == {Outcome.PASS, Outcome.NOT_APPLICABLE}


def test_a_crashing_check_is_an_error_never_a_failure() -> None:
    ctx = mini_context()

    def probe_crashes(ctx, ex) -> Iterator[Failure]:
        yield Failure("probe_crashes", "t", "e", "r")
        raise KeyError("customerId")

    (result,) = run_checks(ctx, exchange(200, {}), [_check(probe_crashes)])
    assert result.outcome is Outcome.ERROR
    assert result.error == "KeyError: 'customerId'"
    assert result.failures == ()
    assert result.requirements == ("LKP-TEST-001",)


def test_a_crashing_applicability_test_is_an_error() -> None:
    ctx = mini_context()

    def probe_never_runs(ctx, ex) -> Iterator[Failure]:
        yield Failure("probe_never_runs", "t", "e", "r")

    def applies(ctx, ex) -> bool:
        return 1 / 0 > 0

    (result,) = run_checks(ctx, exchange(200, {}), [_check(probe_never_runs, applies)])
    assert (result.outcome, result.error) == (Outcome.ERROR, "ZeroDivisionError: division by zero")


def test_one_crash_does_not_stop_the_other_checks() -> None:
    ctx = mini_context()

    def probe_raises(ctx, ex) -> Iterator[Failure]:
        raise RuntimeError("boom")

    def probe_fails(ctx, ex) -> Iterator[Failure]:
        yield Failure("probe_fails", "Title", "expected", "received")

    results = run_checks(ctx, exchange(200, {}), [_check(probe_raises), _check(probe_fails)])
    assert [(r.check, r.outcome, r.error) for r in results] == [
        ("probe_raises", Outcome.ERROR, "RuntimeError: boom"),
        ("probe_fails", Outcome.FAIL, None),
    ]


def test_runner_fills_requirements_only_where_the_failure_cites_none() -> None:
    ctx = mini_context()

    def probe_mixed(ctx, ex) -> Iterator[Failure]:
        yield Failure("probe_mixed", "A", "e", "r", "/a", "fix a")
        yield Failure("probe_mixed", "B", "e", "r", requirements=("LKP-OWN-009",))

    (result,) = run_checks(
        ctx, exchange(200, {}), [_check(probe_mixed, requirements=("R-1", "R-2"))]
    )
    assert result.outcome is Outcome.FAIL
    assert result.failures == (
        Failure("probe_mixed", "A", "e", "r", "/a", "fix a", ("R-1", "R-2")),
        Failure("probe_mixed", "B", "e", "r", requirements=("LKP-OWN-009",)),
    )


def test_not_applicable_skips_the_check_body() -> None:
    ctx = mini_context()
    calls: list[str] = []

    def probe_counts(ctx, ex) -> Iterator[Failure]:
        calls.append("ran")
        yield from ()

    (result,) = run_checks(ctx, exchange(200, {}), [_check(probe_counts, lambda c, e: False)])
    assert (result.outcome, result.failures, result.error) == (Outcome.NOT_APPLICABLE, (), None)
    assert calls == []
