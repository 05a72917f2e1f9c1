"""`lookup-conformance validate`: exit 0 on the spec, else exit 2 and one named line per problem."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from project_paths import SPEC_DIR

from conformance.cli import cli


def run_validate(spec: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--spec", str(spec)], catch_exceptions=False)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def edit_yaml(spec: Path, name: str, change: Callable[[Any], Any]) -> None:
    """Load, change in place (the change's return value is ignored), write back."""
    path = spec / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def first_op(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/v2/customers/lookup"]["get"]  # type: ignore[no-any-return]


def code_entry(doc: dict[str, Any], code: int) -> dict[str, Any]:
    return next(c for c in doc["codes"] if c["code"] == code)


def _dup_code(d: Any) -> None:
    d["codes"].append(dict(d["codes"][0]))


def _dup_req(d: Any) -> None:
    d["requirements"].append(dict(d["requirements"][0]))


def _bad_example(d: Any) -> None:
    media = first_op(d)["responses"]["200"]["content"]["application/json"]
    media.pop("examples", None)
    media["example"] = {"entity": "not-a-number", "warnings": "nope"}


BREAKAGES: list[tuple[str, Callable[[Path], None], str]] = [
    ("missing file", lambda s: (s / "openapi.yaml").unlink(), "openapi.yaml: file not found"),
    (
        "unreadable YAML",
        lambda s: (s / "codes.yaml").write_text("codes: [\n  - code: 1\n", encoding="utf-8"),
        "codes.yaml: invalid YAML (line",
    ),
    (
        "not UTF-8",
        lambda s: (s / "requirements.yaml").write_bytes(b"\xff\xfe\x00garbage"),
        "requirements.yaml: cannot read",
    ),
    (
        "top level not a mapping",
        lambda s: (s / "requirements.yaml").write_text("- a\n- b\n", encoding="utf-8"),
        "requirements.yaml: top level must be a mapping, got list",
    ),
    (
        "$ref points nowhere",
        lambda s: edit_yaml(
            s,
            "openapi.yaml",
            lambda d: first_op(d)["responses"].__setitem__(
                "200", {"$ref": "#/components/responses/NoSuchThing"}
            ),
        ),
        "openapi.yaml",
    ),
    (
        "OpenAPI 3.0",
        lambda s: edit_yaml(s, "openapi.yaml", lambda d: d.__setitem__("openapi", "3.0.3")),
        "'openapi' must be 3.1.x, got '3.0.3'",
    ),
    (
        "code without kind",
        lambda s: edit_yaml(s, "codes.yaml", lambda d: code_entry(d, 8015).pop("kind")),
        "codes.yaml: codes[",
    ),
    (
        "code with unknown kind",
        lambda s: edit_yaml(
            s, "codes.yaml", lambda d: code_entry(d, 8015).__setitem__("kind", "fatal")
        ),
        "(code 8015) kind: 'fatal' is not one of",
    ),
    ("duplicate code", lambda s: edit_yaml(s, "codes.yaml", _dup_code), "listed 2 times"),
    (
        "code names an unknown operation",
        lambda s: edit_yaml(
            s,
            "codes.yaml",
            lambda d: code_entry(d, 1001).__setitem__("operations", ["registerCustomr"]),
        ),
        "codes.yaml: code 1001: operation registerCustomr is not in openapi.yaml",
    ),
    (
        "requirement names an unknown operation",
        lambda s: edit_yaml(
            s,
            "requirements.yaml",
            lambda d: d["requirements"][0].__setitem__("operations", ["noSuchOperation"]),
        ),
        "operation noSuchOperation is not in openapi.yaml",
    ),
    (
        "requirement names an unknown code",
        lambda s: edit_yaml(
            s, "requirements.yaml", lambda d: d["requirements"][0].__setitem__("codes", [99999])
        ),
        "code 99999 is not in codes.yaml",
    ),
    (
        "requirement in an undeclared profile",
        lambda s: edit_yaml(
            s,
            "requirements.yaml",
            lambda d: d["requirements"][0].__setitem__("profile", "telepathy"),
        ),
        "profile telepathy is not declared under profiles",
    ),
    ("duplicate requirement id", lambda s: edit_yaml(s, "requirements.yaml", _dup_req), "used 2"),
    (
        "x-codes misses a code",
        lambda s: edit_yaml(
            s, "openapi.yaml", lambda d: first_op(d).__setitem__("x-codes", [8015])
        ),
        "codes.yaml lists getCustomerByLookup for code 8013, missing from x-codes",
    ),
    ("example against its schema", lambda s: edit_yaml(s, "openapi.yaml", _bad_example), "/entity"),
]


def test_the_spec_is_valid() -> None:
    code, output = run_validate(SPEC_DIR)
    assert code == 0, output
    assert output.strip().endswith(": valid")


@pytest.mark.parametrize(("case", "breakage", "expected"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_copies_exit_2_naming_the_problem(
    spec_copy: Path, case: str, breakage: Callable[[Path], None], expected: str
) -> None:
    breakage(spec_copy)
    code, output = run_validate(spec_copy)
    assert code == 2, output
    assert expected in output, output
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert lines[-1].endswith(f"problem(s) in {spec_copy}")
    assert all(line.strip() for line in lines)


def test_missing_spec_directory(tmp_path: Path) -> None:
    code, output = run_validate(tmp_path / "nowhere")
    assert code == 2
    assert "spec directory not found" in output


def test_console_script_never_prints_a_traceback(spec_copy: Path) -> None:
    (spec_copy / "openapi.yaml").write_text("paths: {\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "conformance", "validate", "--spec", str(spec_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "openapi.yaml: invalid YAML" in proc.stderr
