"""`--workers 2` reports what `--workers 1` reports: worker evidence comes back through xdist."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.network

ARGS = ("--reference", "--reference-faults", "mobile_separators_kept", "--seed", "7")
ARGS += ("--include", "LKP-ID-01*", "--max-examples", "3")


def run(tmp: Path, workers: int) -> tuple[int, dict[str, Any]]:
    out = tmp / f"w{workers}"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "conformance",
            "run",
            *ARGS,
            "--workers",
            str(workers),
            "--report-dir",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.returncode, json.loads((out / "report.json").read_text(encoding="utf-8"))


def shape(report: dict[str, Any]) -> list[Any]:
    """Per requirement: outcome, how much was checked, and the evidence kept, exchanges and
    their curl lines included (a test's identifiers are its own slot's, whatever the worker);
    only the embedded server's port differs."""
    text = json.dumps(report["requirements"]).replace(report["header"]["target"], "TARGET")
    return [(r["id"], r["outcome"], r["checked"], r["evidence"]) for r in json.loads(text)]


def test_two_workers_report_what_one_does(tmp_path: Path) -> None:
    code1, one = run(tmp_path, 1)
    code2, two = run(tmp_path, 2)
    assert code1 == code2 == 1  # the fault is caught either way
    assert one["verdict"]["status"] == two["verdict"]["status"] == "NOT CONFORMANT"
    assert one["verdict"]["must_failures"] == two["verdict"]["must_failures"] == ["LKP-ID-010"]
    assert one["verdict"]["counts"] == two["verdict"]["counts"]
    assert one["coverage"] == two["coverage"]
    assert one["coverage"]["must_tested"] == one["coverage"]["must_total"] > 0
    assert shape(one) == shape(two)
    assert one["kit_errors"] == two["kit_errors"] == []
