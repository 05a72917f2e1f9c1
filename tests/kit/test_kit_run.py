"""`lookup-conformance run`: usage errors, an unreachable target, and certifying the reference."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from project_paths import SPEC_DIR


def run_kit(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "conformance", "run", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give --base-url URL (or --reference to certify the embedded server)"),
        (("--reference", "--base-url", "http://127.0.0.1:1"), "--reference and --base-url exclude"),
        (
            ("--base-url", "http://x", "--reference-faults", "a"),
            "--reference-faults needs --reference",
        ),
        (("--base-url", "http://x", "--user", "u"), "--user and --password go together"),
        (
            (
                "--base-url",
                "http://x",
                "--user",
                "u",
                "--password",
                "p",
                "--declaration",
                "nope.yaml",
            ),
            "nope.yaml: file not found",
        ),
        (
            ("--reference", "--include", "LKP-ID-*", "--include", "LKP-NOPE-*"),
            "--include 'LKP-NOPE-*' matches no requirement",
        ),
    ],
)
def test_usage_errors_exit_2_in_one_line(args: tuple[str, ...], message: str) -> None:
    proc = run_kit(*args, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_an_invalid_spec_exits_2(spec_copy: Path) -> None:
    (spec_copy / "codes.yaml").write_text("codes: [", encoding="utf-8")
    proc = run_kit(
        "--spec", str(spec_copy), "--base-url", "http://x", "--user", "u", "--password", "p"
    )
    assert proc.returncode == 2
    assert "codes.yaml: invalid YAML" in proc.stderr


@pytest.mark.network
def test_an_unreachable_target_exits_3(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{unused_port()}"
    proc = run_kit(
        "--base-url", url, "--user", "u", "--password", "p", "--report-dir", str(tmp_path)
    )
    assert proc.returncode == 3
    assert proc.stderr.startswith(
        f"lookup-conformance run: preflight: no usable answer from {url}: ConnectError"
    )
    assert "Traceback" not in proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"]["status"] == "INCOMPLETE"
    assert report["verdict"]["stopped"].startswith("preflight: no usable answer")
    assert report["coverage"]["must_tested"] == 0


@pytest.mark.network
def test_the_reference_server_certifies_clean(tmp_path: Path) -> None:
    """The kit's first customer: every requirement passes, is not testable, or says why not."""
    proc = run_kit(
        "--reference", "--seed", "7", "--max-examples", "5", "--report-dir", str(tmp_path)
    )
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    failed = [r["id"] for r in report["requirements"] if r["outcome"] == "fail"]
    assert failed == [], proc.stdout[-3000:]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    schema = json.loads((SPEC_DIR / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(report)
    assert report["verdict"]["conformant"] is True
    assert report["verdict"]["status"] == "CONFORMANT"
    assert report["coverage"]["untested"] == []  # every MUST exercised or not testable
    assert report["header"]["seed"] == 7
    assert report["kit_errors"] == []
    errors = [r["id"] for r in report["requirements"] if r["outcome"] == "error"]
    assert errors == []
    assert {p.name for p in tmp_path.iterdir()} >= {
        "report.json",
        "report.html",
        "junit.xml",
        "report.md",
    }
    assert "CONFORMANT" in proc.stdout


@pytest.mark.network
def test_an_include_run_reports_the_failure_its_tests_met_elsewhere(tmp_path: Path) -> None:
    """`--include 'LKP-SRC-*'` against a server that sends 8015 with HTTP 200: the source tests
    meet the wrong status, which is LKP-ERR-004's; the subset run must not certify past it."""
    proc = run_kit(
        "--reference",
        "--reference-faults",
        "status_200_for_not_found",
        "--include",
        "LKP-SRC-*",
        "--seed",
        "1",
        "--report-dir",
        str(tmp_path),
    )
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    outcomes = {r["id"]: r["outcome"] for r in report["requirements"]}
    assert outcomes["LKP-ERR-004"] == "fail"
    assert report["verdict"]["conformant"] is False
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert {r for r in outcomes if not r.startswith("LKP-SRC-")} <= {
        r for r, o in outcomes.items() if o == "fail"
    }  # beyond the included set, only failures
    assert report["coverage"]["must_total"] == sum(
        1 for r in report["requirements"] if r["id"].startswith("LKP-SRC-") and r["level"] == "MUST"
    )
