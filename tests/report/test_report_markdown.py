"""report.md: verdict, run table, counts, failures with fenced curl, and the requirement table."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from report_fixture import CURL_QUOTED, SCRIPT, make_result

from conformance.report import write_reports
from conformance.report.markdown import fenced, md_code, md_text, render_markdown
from conformance.results import RunResult


@pytest.fixture
def result() -> RunResult:
    return make_result()


def _cells(row: str) -> list[str]:
    """A GFM table row split on pipes that are not backslash-escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_opens_with_verdict_run_and_counts(result: RunResult) -> None:
    md = render_markdown(result)
    assert md.startswith(
        "# Conformance report: NOT CONFORMANT\n\n"
        "NOT CONFORMANT: 2 MUST failures, 1 SHOULD warning, 1 kit error\n"
    )
    assert f"| Spec SHA-256 | `{'ab' * 32}` |" in md
    assert "| Target | `https://api.example.test/v2` |" in md
    assert "| Declared profiles | `core, engagement` |" in md
    assert "| Seed | `1234` |" in md
    assert "| pass | 1 |\n| fail | 3 |\n| not-applicable | 1 |\n| skip | 1 |\n| error | 1 |" in md
    assert (
        "MUST coverage: 3 of 5 tested, 1 not applicable (profile not declared), "
        "0 not testable (the spec says why), 1 untested." in md
    )
    assert "- LKP-ID-009: network: connection reset" in md
    assert "- driver schemathesis: RuntimeError: worker 2 died" in md


def test_failures_section_has_fenced_curl(result: RunResult) -> None:
    md = render_markdown(result)
    failures = md.split("## Failures")[1].split("## Requirements")[0]
    headings = re.findall(r"^### (\S+) .* \((.+)\)$", failures, re.M)
    assert headings == [
        ("LKP-CODE-001", "MUST failure"),
        ("LKP-AUTH-002", "MUST failure"),
        ("LKP-WARN-003", "SHOULD warning"),
    ]
    assert f"```sh\n{CURL_QUOTED}\n```" in failures
    assert "- Where: `/status/message`" in failures
    assert "- Remedy: Build error messages from spec/codes.yaml." in failures
    auth = failures.split("### LKP-AUTH-002")[1].split("###")[0]
    assert "```" not in auth  # no exchange, no replay


def test_html_in_vendor_text_is_escaped(result: RunResult) -> None:
    md = render_markdown(result)
    assert not re.search(r"(?<!\\)<", md)  # every `<` is backslash-escaped: no raw HTML
    assert r"- Received: \<script\>alert('x')\</script\>" in md
    assert SCRIPT not in md


def test_requirement_table_lists_every_requirement(result: RunResult) -> None:
    md = render_markdown(result)
    table = md.split("## Requirements\n\n")[1].strip().splitlines()
    assert _cells(table[0]) == ["ID", "Level", "Title", "Profile", "Outcome", "Checked", "Reason"]
    rows = [_cells(line) for line in table[2:]]
    assert [r[0] for r in rows] == [r.id for r in result.requirements]
    assert rows[4] == [
        "LKP-LOY-002", "MUST", "Loyalty points are returned", "loyalty", "not-applicable", "0",
        "profile loyalty not declared",
    ]  # fmt: skip


def test_pipes_and_newlines_keep_a_row_on_one_line(result: RunResult) -> None:
    req = replace(result.requirements[4], title="a | b", reason="line one\nline | two")
    md = render_markdown(make_result((req,)))
    row = md.rstrip().splitlines()[-1]
    assert _cells(row) == [
        "LKP-LOY-002", "MUST", r"a \| b", "loyalty", "not-applicable", "0", r"line one line \| two",
    ]  # fmt: skip


def test_escaping_helpers() -> None:
    assert md_text("*a* _b_ [c](d) `e` & <f> ~g~") == (r"\*a\* \_b\_ \[c\](d) \`e\` \& \<f\> \~g\~")
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("a|b", in_table=True) == r"`a\|b`"
    assert fenced("echo ```", "sh") == ["````sh", "echo ```", "````"]


def test_every_report_says_once_how_to_set_the_replay_credentials(
    result: RunResult, tmp_path: Path
) -> None:
    """The curl lines read $LOOKUP_AUTHORIZATION: the reports say how to set it for the run's
    credentials, and never hold the secret itself."""
    paths = write_reports(result, tmp_path)
    recipe = result.header.replay
    assert "export LOOKUP_AUTHORIZATION=" in recipe
    assert "'till.user'" in recipe
    for name in ("json", "html", "markdown", "junit"):
        text = paths[name].read_text(encoding="utf-8")
        assert "secret-password" not in text
        assert "LOOKUP_PASSWORD" in text, name
    md = paths["markdown"].read_text(encoding="utf-8")
    assert md.count("export LOOKUP_AUTHORIZATION=") == 1
