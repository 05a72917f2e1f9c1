"""`diff OLD NEW` on the command line: exit codes, one-line usage errors, --fail-on, ignore file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from tinyspec import level_lowered, new_source, status_to_400, write_spec

from conformance.diff.command import diff

STATUS_LINE = "breaking  code-http-status-changed  code 8015: HTTP status changed from 404 to 400"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(diff, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return write_spec(tmp_path / "old")


def test_identical_spec_diffs_clean(old: Path, tmp_path: Path) -> None:
    assert run(str(old), str(write_spec(tmp_path / "new"))) == (
        0, "0 changes: 0 breaking, 0 warning, 0 info\n", ""
    )  # fmt: skip


def test_breaking_change_fails(old: Path, tmp_path: Path) -> None:
    code, out, _ = run(str(old), str(write_spec(tmp_path / "new", status_to_400)))
    assert code == 1
    assert out.splitlines() == [STATUS_LINE, "1 change: 1 breaking, 0 warning, 0 info"]


def test_info_change_passes(old: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        str(old), str(write_spec(tmp_path / "new", new_source)), "--fail-on", "warning"
    )
    assert code == 0
    assert out.splitlines()[0] == (
        "info      request-parameter-enum-value-added  GET /v2/customers/lookup/coupons "
        '(getCouponsByLookup): added the enum value(s) "WEBSITE" '
        "to the query request parameter source"
    )


@pytest.mark.parametrize(("fail_on", "exit_code"), [("breaking", 0), ("warning", 1)])
def test_fail_on_sets_the_threshold(
    old: Path, tmp_path: Path, fail_on: str, exit_code: int
) -> None:
    new = write_spec(tmp_path / "new", level_lowered)
    code, out, _ = run(str(old), str(new), "--fail-on", fail_on)
    assert code == exit_code
    assert out.splitlines()[0] == (
        "warning   requirement-level-lowered  LKP-CPN-001: level lowered from SHOULD to MAY"
    )


def test_missing_directory_is_a_usage_error(old: Path, tmp_path: Path) -> None:
    assert run(str(old), str(tmp_path / "nope")) == (
        2, "", f"lookup-conformance diff: {tmp_path / 'nope'}: no such directory "
        "(a git revision is written REV:PATH)\n"
    )  # fmt: skip


def test_unreadable_spec_is_one_line(old: Path, tmp_path: Path) -> None:
    new = write_spec(tmp_path / "new")
    (new / "codes.yaml").write_text("codes: [\n", encoding="utf-8")
    code, out, err = run(str(old), str(new))
    assert (code, out) == (2, "")
    assert err.startswith(f"lookup-conformance diff: {new}: {new / 'codes.yaml'}: invalid YAML")
    assert err.count("\n") == 1


def test_missing_spec_file_is_one_line(old: Path, tmp_path: Path) -> None:
    new = write_spec(tmp_path / "new")
    (new / "openapi.yaml").unlink()
    assert run(str(old), str(new))[0:2] == (2, "")
    assert run(str(old), str(new))[2] == (
        f"lookup-conformance diff: {new}: {new / 'openapi.yaml'}: file not found\n"
    )


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write_spec(root / "spec")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "spec")
    git(root, "commit", "-q", "-m", "spec")
    return root


def test_git_revision_against_working_tree(repo: Path) -> None:
    write_spec(repo / "spec", status_to_400)
    code, out, _ = run("main:spec", str(repo / "spec"), "--repo", str(repo))
    assert (code, out.splitlines()[0]) == (1, STATUS_LINE)


def test_bad_revision_is_a_usage_error(repo: Path) -> None:
    code, out, err = run("nosuchbranch:spec", str(repo / "spec"), "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err.startswith("lookup-conformance diff: nosuchbranch:spec: not a git tree: ")
    assert err.count("\n") == 1


def test_ignore_file_accepts_a_change(old: Path, tmp_path: Path) -> None:
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(
        "- rule: code-http-status-changed\n  location: code 8015\n"
        "  reason: The real API sends 400 here; the docs were wrong.\n",
        encoding="utf-8",
    )
    new = write_spec(tmp_path / "new", status_to_400)
    code, out, _ = run(str(old), str(new), "--ignore", str(ignore))
    assert (code, out) == (0, "0 changes: 0 breaking, 0 warning, 0 info (1 ignored)\n")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- rule: code-removed\n  location: code 1\n", "entry 1: reason is required"),
        (
            "- rule: code-gone\n  location: code 1\n  reason: typo\n",
            "entry 1: unknown rule code-gone",
        ),
        ("rule: code-removed\n", "must be a list of {rule, location, reason} entries"),
    ],
)
def test_bad_ignore_file_is_a_usage_error(
    old: Path, tmp_path: Path, content: str, problem: str
) -> None:
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(content, encoding="utf-8")
    assert run(str(old), str(old), "--ignore", str(ignore)) == (
        2, "", f"lookup-conformance diff: {ignore}: {problem}\n"
    )  # fmt: skip


def test_output_file(old: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    new = write_spec(tmp_path / "new", status_to_400)
    assert run(str(old), str(new), "-o", str(report)) == (1, "", "")
    assert report.read_text(encoding="utf-8").splitlines()[0] == STATUS_LINE
