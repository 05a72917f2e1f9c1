"""A run that is stopped (SIGINT, SIGTERM, --max-duration) writes its reports, INCOMPLETE."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.network

RUN = [sys.executable, "-m", "conformance", "run", "--reference", "--seed", "3"]


def started(tmp: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*RUN, "--report-dir", str(tmp / "reports"), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def report(tmp: Path) -> dict[str, object]:
    return json.loads((tmp / "reports" / "report.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_ends_the_run_incomplete_with_reports(tmp_path: Path, sig: signal.Signals) -> None:
    proc = started(tmp_path)
    time.sleep(10)  # the embedded server is up, the preflight passed, the suites run
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 3, err
    assert "Traceback" not in err
    verdict = report(tmp_path)["verdict"]
    assert isinstance(verdict, dict)
    assert verdict["status"] == "INCOMPLETE"
    assert verdict["stopped"] == f"interrupted ({sig.name})"
    # whatever it had seen (most MUSTs are met early), a stopped run certifies nothing
    assert verdict["conformant"] is False
    assert verdict["reasons"][0] == f"run stopped early: interrupted ({sig.name})"
    for name in ("report.html", "junit.xml", "report.md"):
        assert (tmp_path / "reports" / name).is_file()


def test_the_time_limit_ends_the_run_incomplete_with_reports(tmp_path: Path) -> None:
    proc = started(tmp_path, "--max-duration", "8")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err
    verdict = report(tmp_path)["verdict"]
    assert isinstance(verdict, dict)
    assert verdict["status"] == "INCOMPLETE"
    assert verdict["stopped"] == "time limit: --max-duration 8 s reached"
