"""`docs`: usage errors are one line with exit 2; `--changelog-from` fills changelog.md."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from conformance.docs.command import docs


def test_missing_spec_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        docs, ["--out", str(tmp_path / "site"), "--spec", str(tmp_path / "x")]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"lookup-conformance docs: {tmp_path / 'x'}: spec directory not found\n"


def test_invalid_spec_is_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "openapi.yaml").write_text("openapi: [\n", encoding="utf-8")
    result = CliRunner().invoke(docs, ["--out", str(tmp_path / "site"), "--spec", str(spec)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"lookup-conformance docs: {spec / 'openapi.yaml'}: invalid YAML"
    )
    assert result.stderr.endswith("more; run validate)\n")
    assert result.stderr.count("\n") == 1


def write_spec(root: Path, status: int) -> Path:
    """A one-operation contract whose code 8015 travels with HTTP `status`."""
    root.mkdir(parents=True)
    op = {"operationId": "getCouponsByLookup", "x-profile": "core", "summary": "List coupons",
          "responses": {"200": {"description": "Coupons."}}}  # fmt: skip
    files = {
        "openapi.yaml": {"openapi": "3.1.0", "info": {"title": "Tiny", "version": "1"},
                         "paths": {"/v2/customers/lookup/coupons": {"get": op}}},
        "codes.yaml": {"catalog_version": "1.0.0", "codes": [
            {"code": 8015, "kind": "error", "messages": ["No customer found."],
             "http_status": status, "operations": ["getCouponsByLookup"], "origin": "seed",
             "triggerable": True}]},
        "requirements.yaml": {"requirements_version": "1.0.0",
                              "profiles": {"core": {"description": "Core lookup."}},
                              "requirements": [{"id": "LKP-CPN-001", "level": "MUST",
                                                "title": "Coupons", "text": "Coupons listed.",
                                                "operations": ["*"], "profile": "core"}]},
    }  # fmt: skip
    for name, doc in files.items():
        (root / name).write_text(yaml.safe_dump(doc), encoding="utf-8")
    return root


def test_changelog_from_lists_the_diff(tmp_path: Path) -> None:
    old, new = write_spec(tmp_path / "old", 404), write_spec(tmp_path / "new", 400)
    out = tmp_path / "site"
    args = ["--out", str(out), "--spec", str(new), "--no-validate", "--changelog-from", str(old)]
    assert CliRunner().invoke(docs, args).exit_code == 0
    assert (out / "changelog.md").read_text(encoding="utf-8").splitlines()[:9] == [
        "# Changelog",
        "",
        f"## Changes since `{old}`",
        "",
        "1 change: 1 breaking, 0 warning, 0 info",
        "",
        "| Level | Rule | Change |",
        "| --- | --- | --- |",
        "| breaking | `code-http-status-changed` | "
        "code 8015: HTTP status changed from 404 to 400 |",
    ]
    assert (out / "operations" / "getCouponsByLookup.md").is_file()
