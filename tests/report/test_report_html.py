"""report.html: one self-contained page, vendor text escaped, every section the vendor needs."""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from markupsafe import escape
from report_fixture import CURL_QUOTED, SCRIPT, make_result

from conformance.model import Outcome
from conformance.report.html_report import TEMPLATE, environment, render_html
from conformance.results import RunResult


@pytest.fixture
def result() -> RunResult:
    return make_result()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def _row(page: str, rid: str) -> str:
    match = re.search(rf'<tr id="req-{rid}">(.*?)</tr>', page, re.S)
    assert match, rid
    return match.group(1)


def test_template_ships_inside_the_package_with_autoescape() -> None:
    assert importlib.resources.files("conformance.report").joinpath("templates", TEMPLATE).is_file()
    assert environment().autoescape is True


def test_page_is_self_contained(result: RunResult) -> None:
    page = render_html(result)
    for needle in ("<link", "<script", "@import", "url(", "<img", "<iframe", " src="):
        assert needle not in page.lower(), needle
    tags = _tags(page)
    assert [t for t, _ in tags].count("style") == 1
    assert all(a["href"].startswith("#") for t, a in tags if t == "a" and a.get("href"))
    # the only URLs are the vendor's own, escaped: target, exchange URLs, curl lines
    rest = page
    urls = {result.header.target}
    for r in result.requirements:
        for ev in r.evidence:
            if ev.exchange:
                urls |= {ev.exchange.curl, ev.exchange.url}
    for text in sorted(urls, key=len, reverse=True):
        rest = rest.replace(str(escape(text)), "")
    assert "http://" not in rest
    assert "https://" not in rest


def test_vendor_text_is_escaped(result: RunResult) -> None:
    page = render_html(result)
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "script" not in [t for t, _ in _tags(page)]


def test_curl_line_is_in_a_pre_exactly(result: RunResult) -> None:
    page = render_html(result)
    assert f'<pre class="curl">{escape(CURL_QUOTED)}</pre>' in page
    assert "&#39;&#34;&#39;&#34;&#39;s" in page  # the shell-quoted apostrophe survives
    assert page.count('<pre class="curl">') == 3  # two MUST failures + one SHOULD, with exchange


def test_summary_banner_header_counts_and_coverage(result: RunResult) -> None:
    page = render_html(result)
    assert '<div class="banner not-conformant" id="verdict">\nNOT CONFORMANT' in page
    assert "NOT CONFORMANT: 2 MUST failures, 1 SHOULD warning, 1 kit error" in page
    for label, value in [
        ("Kit version", "0.1.0"),
        ("Spec SHA-256", "ab" * 32),
        ("Target", "https://api.example.test/v2"),
        ("Declared profiles", "core, engagement"),
        ("Seed", "1234"),
        ("Started", "2025-01-02T03:04:05Z"),
        ("Finished", "2025-01-02T03:09:00Z"),
    ]:
        assert f'<th scope="row">{label}</th><td><code>{value}</code></td>' in page
    for outcome, n in [("pass", 1), ("fail", 3), ("not-applicable", 1), ("skip", 1), ("error", 1)]:
        assert f'<span class="o o-{outcome}">{outcome}</span></th><td>{n}</td>' in page
    assert '<th scope="row">MUST requirements</th><td>5</td>' in page
    assert '<th scope="row">tested</th><td>3</td>' in page
    assert '<th scope="row">not applicable (profile not declared)</th><td>1</td>' in page
    assert "<tr><td><code>LKP-ID-009</code></td><td>network: connection reset</td></tr>" in page
    assert "driver schemathesis: RuntimeError: worker 2 died" in page


def test_requirement_table_has_every_requirement(result: RunResult) -> None:
    page = render_html(result)
    for r in result.requirements:
        row = _row(page, r.id)
        assert f"<td>{r.level}</td><td>{r.title}</td><td>{r.profile}</td>" in row
        assert f'<span class="o o-{r.outcome.value}">' in row
        assert f"<td>{r.reason}</td>" in row
    assert '<a href="#fail-LKP-CODE-001">' in _row(page, "LKP-CODE-001")
    assert "<a " not in _row(page, "LKP-ID-001")


def test_each_failure_shows_expected_received_pointer_remedy(result: RunResult) -> None:
    page = render_html(result)
    section = page.split('<h3 id="fail-LKP-CODE-001">')[1].split("<h3")[0]
    assert "<dt>Expected</dt><dd>Customer not found</dd>" in section
    assert "<dt>Where</dt><dd><code>/status/message</code></dd>" in section
    assert "<dt>Remedy</dt><dd>Build error messages from spec/codes.yaml.</dd>" in section
    assert "<dt>Received</dt><dd>500</dd>" in section
    assert "→ 500</dd>" in section
    assert "<summary>Response excerpt</summary>" in section
    no_exchange = page.split('<h3 id="fail-LKP-AUTH-002">')[1].split("<h3")[0]
    assert "Undocumented HTTP status code" in no_exchange
    assert "<pre" not in no_exchange
    warning = page.split('<h3 id="fail-LKP-WARN-003">')[1].split("<h3")[0]
    assert "SHOULD warning" in warning
    assert '<div class="failure warning">' in warning


def test_must_failures_come_before_warnings(result: RunResult) -> None:
    page = render_html(result)
    order = re.findall(r'<h3 id="fail-([A-Z0-9-]+)">', page)
    assert order == ["LKP-CODE-001", "LKP-AUTH-002", "LKP-WARN-003"]


def test_conformant_run(result: RunResult) -> None:
    passing = tuple(replace(r, outcome=Outcome.PASS) for r in result.requirements)
    page = render_html(make_result(passing))
    assert '<div class="banner conformant" id="verdict">\nCONFORMANT' in page
    assert 'id="failures"' not in page
    assert 'id="errors"' not in page
