"""`docs --out DIR` on the project spec: the seed's code rows, every operation and requirement."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from seed_table import seed_rows

from conformance.docs.command import docs
from conformance.docs.render import HTML_FILE

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
HEADINGS = {"success": "Success codes", "error": "Error codes", "warning": "Warning codes"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(
        docs, ["--out", str(out), "--spec", str(SPEC), "--no-validate"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"files written to {out} (HTML: {out / HTML_FILE})\n")
    return out


def _spec(name: str) -> dict[str, object]:
    loaded = yaml.load((SPEC / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(loaded, dict)
    return loaded


def generated_rows(codes_md: str) -> dict[str, dict[str, set[tuple[int, str]]]]:
    """kind -> origin -> {(code, message)} parsed back out of codes.md's three tables."""
    found: dict[str, dict[str, set[tuple[int, str]]]] = defaultdict(lambda: defaultdict(set))
    for kind, heading in HEADINGS.items():
        section = codes_md.split(f"## {heading}\n")[1].split("\n## ")[0]
        for line in section.splitlines():
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            if len(cells) == 5 and cells[0].strip().isdigit():
                code, origin = int(cells[0]), cells[3].strip()
                for message in cells[2].strip().split("<br>"):
                    found[kind][origin].add((code, message.replace("\\|", "|")))
    return found


def test_code_tables_hold_exactly_the_seed_rows(site: Path) -> None:
    tables = generated_rows((site / "codes.md").read_text(encoding="utf-8"))
    for kind in HEADINGS:
        seed = {(code, message) for code, k, message in seed_rows() if k == kind}
        assert tables[kind]["seed"] == seed, kind
        others = set().union(*(rows for origin, rows in tables[kind].items() if origin != "seed"))
        assert {code for code, _ in others} & {code for code, _ in seed} == set(), kind


def test_html_holds_every_seed_message(site: Path) -> None:
    page = (site / HTML_FILE).read_text(encoding="utf-8")
    cells = set(re.findall(r'<tr id="code-(\d+)">.*?</tr>', page))
    messages = re.findall(r'<div class="message">(.*?)</div>', page)
    assert {str(code) for code, _, _ in seed_rows()} <= cells
    escaped = [m.replace("&#39;", "'").replace("&amp;", "&") for m in messages]
    assert [msg for _, _, msg in seed_rows() if msg not in escaped] == []


def test_every_operation_has_a_page_and_a_section(site: Path) -> None:
    page = (site / HTML_FILE).read_text(encoding="utf-8")
    index = (site / "index.md").read_text(encoding="utf-8")
    op_ids = [
        op["operationId"]
        for item in _spec("openapi.yaml")["paths"].values()  # type: ignore[attr-defined]
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert len(op_ids) >= 26
    for op_id in op_ids:
        assert (site / "operations" / f"{op_id}.md").is_file(), op_id
        assert f"(operations/{op_id}.md)" in index, op_id
        assert f'<section id="op-{op_id}">' in page, op_id


def test_operation_page_lists_its_codes_with_http_status(site: Path) -> None:
    text = (site / "operations" / "getCustomerByLookup.md").read_text(encoding="utf-8")
    codes = text.split("## Codes this operation can emit")[1].split("## Requirements")[0]
    assert "| 8015 | error | 404 | No customer found with the given identifier. |" in codes
    assert "| 401 | error | 401 |" in codes  # resource-wide codes too
    assert "| 1303 |" not in codes


def test_every_requirement_appears(site: Path) -> None:
    md = (site / "requirements.md").read_text(encoding="utf-8")
    page = (site / HTML_FILE).read_text(encoding="utf-8")
    ids = [r["id"] for r in _spec("requirements.yaml")["requirements"]]  # type: ignore[index]
    assert ids
    assert [rid for rid in ids if f"### {rid}\n" not in md] == []
    assert [rid for rid in ids if f'<tr id="{rid}">' not in page] == []


def test_html_is_self_contained(site: Path) -> None:
    page = (site / HTML_FILE).read_text(encoding="utf-8")
    assert "<style>" in page
    assert "<script>" in page
    for remote in ("<link", " src=", "@import", "url(", 'href="http'):
        assert remote not in page, remote


def test_changelog_hook_says_how_to_fill_it(site: Path) -> None:
    text = (site / "changelog.md").read_text(encoding="utf-8")
    assert "--changelog-from OLD" in text
