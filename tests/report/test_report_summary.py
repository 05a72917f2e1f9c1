"""The terminal summary: verdict, counts, first ten MUST failures, report paths, on one screen."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from report_fixture import make_result
from rich.console import Console

from conformance.model import Outcome
from conformance.report.summary import render_summary
from conformance.results import RunResult, Untested, compute_verdict

PATHS = {"json": Path("out/report.json"), "html": Path("out/report.html")}


@pytest.fixture
def result() -> RunResult:
    return make_result()


def _render(result: RunResult, paths: dict[str, Path] | None = None) -> str:
    console = Console(file=io.StringIO(), width=120, color_system=None, record=True)
    render_summary(result, PATHS if paths is None else paths, console)
    return console.export_text()


def test_verdict_counts_coverage_and_paths(result: RunResult) -> None:
    text = _render(result)
    lines = text.splitlines()
    assert lines[0] == "NOT CONFORMANT: 2 MUST failures, 1 SHOULD warning, 1 kit error"
    assert lines[1:3] == ["  1 kit or network error(s)", "  1 MUST requirement(s) untested"]
    assert lines[3] == "pass 1  fail 3  not-applicable 1  skip 1  error 1"
    assert lines[4] == (
        "MUST coverage: 3 of 5 tested, 1 not applicable (profile not declared), "
        "0 not testable (the spec says why), 1 untested"
    )
    assert lines[5] == "  untested LKP-ID-009: network: connection reset"
    assert "Warnings (SHOULD/MAY, not counted): LKP-WARN-003" in text
    assert "Kit errors: 1 (see the report)" in text
    assert lines[-2:] == ["    json: out/report.json", "    html: out/report.html"]


def test_must_failures_show_id_title_and_first_failure(result: RunResult) -> None:
    text = _render(result)
    code = next(line for line in text.splitlines() if "LKP-CODE-001" in line)
    assert "Errors carry catalog messages" in code
    assert "Error message differs from the catalog" in code
    auth = next(line for line in text.splitlines() if "LKP-AUTH-002" in line)
    assert "Undocumented HTTP status code" in auth
    assert "LKP-WARN-003 " not in text  # warnings are listed by id only, not in the table


def test_only_ten_must_failures_fit_one_screen(result: RunResult) -> None:
    base = result.requirements[1]
    many = tuple(replace(base, id=f"LKP-CODE-{i:03d}") for i in range(1, 16))
    text = _render(make_result(many))
    assert [f"LKP-CODE-{i:03d}" in text for i in range(1, 16)] == [True] * 10 + [False] * 5
    assert "… and 5 more MUST failures" in text
    assert len(text.splitlines()) <= 30


def test_vendor_text_is_not_read_as_markup(result: RunResult) -> None:
    req = replace(result.requirements[2], title="[bold red]boom[/] and [link=x]y[/link]")
    text = _render(make_result((req,)), {"json": Path("[dim]odd[/dim]/report.json")})
    assert "[bold red]boom[/] and [link=x]y[/link]" in text
    assert "[dim]odd[/dim]/report.json" in text


def test_conformant_run(result: RunResult) -> None:
    passing = tuple(replace(r, outcome=Outcome.PASS) for r in result.requirements)
    text = _render(make_result(passing))
    assert text.splitlines()[0] == "CONFORMANT: 0 MUST failures, 0 SHOULD warnings, 0 kit errors"
    assert "MUST failures\n" not in text
    assert "Warnings" not in text


def test_a_run_with_kit_errors_is_incomplete(result: RunResult) -> None:
    passing = tuple(replace(r, outcome=Outcome.PASS) for r in result.requirements)
    broken = replace(result, requirements=passing, verdict=compute_verdict(passing, 1))
    line = _render(broken).splitlines()[0]
    assert line == "INCOMPLETE: 0 MUST failures, 0 SHOULD warnings, 1 kit error"


def test_a_stopped_run_names_why_and_not_every_requirement_it_did_not_reach(
    result: RunResult,
) -> None:
    unrun = tuple(
        Untested(f"LKP-GEN-{i:03d}", "not run: the run stopped early") for i in range(1, 40)
    )
    coverage = replace(result.coverage, untested=unrun)
    verdict = replace(result.verdict, stopped="interrupted (SIGINT)", untested=unrun)
    text = _render(replace(result, coverage=coverage, verdict=verdict))
    assert "run stopped early: interrupted (SIGINT)" in text
    assert "39 untested" in text  # counted in the coverage line
    assert "not run: the run stopped early" not in text  # listed in the reports only
