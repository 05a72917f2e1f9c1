"""The `lookup-reference` command line, the seeded fixtures file, and the layering rule."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jsonschema
import pytest

from reference_impl.cli import main
from reference_impl.faults import FAULTS
from reference_impl.seed import bulk_identifiers

ROOT = Path(__file__).parents[2]


def test_faults_lists_every_fault(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == list(FAULTS)


def _exit(argv: list[str]) -> None:
    raise SystemExit(main(argv))


@pytest.mark.parametrize(
    "argv",
    [["bogus"], ["serve", "--port", "x"], ["seed"], ["serve", "--faults", "nope"], []],
)
def test_usage_errors_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _exit(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_seed_writes_customers_and_valid_fixtures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fixtures.json"
    argv = ["seed", "--db", str(tmp_path / "s.sqlite"), "--customers", "500"]
    assert main([*argv, "--fixtures-out", str(out)]) == 0
    assert main(argv) == 0  # seeding again adds customers, never duplicates the special ones
    schema = json.loads((ROOT / "spec" / "schemas" / "fixtures.schema.json").read_text())
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, schema)
    assert set(doc["customers"]) == {"fraud", "non_loyalty", "merged_victim", "multi_account"} | {
        "loyalty",
        "referral",
    }
    assert "seeded 500 customers" in capsys.readouterr().out


def test_bulk_identifiers_are_valid_and_distinct() -> None:
    from reference_impl.identifiers import canonical_value

    mobile, email, external = bulk_identifiers(123)
    assert canonical_value("mobile", mobile, "91") == mobile
    assert canonical_value("email", email, "91") == email
    assert bulk_identifiers(124)[0] != mobile
    assert external == "bulk-123"


def test_reference_never_imports_conformance() -> None:
    for path in (ROOT / "reference_impl").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "conformance" for n in names), path
