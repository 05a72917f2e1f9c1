"""Runs `lookup-conformance run` in a child process against a hostile server and measures it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostile_servers import Hostile

# A short run: one suite-driven requirement per driver path, plus checks that judge every body.
INCLUDE = ("LKP-AUTH-001", "LKP-GEN-004", "LKP-GEN-001", "LKP-ERR-002")
REQUEST_TIMEOUT = 2  # seconds: the kit's --timeout
HARD_LIMIT = 120.0  # seconds: the child is killed after this, whatever the case's budget


@dataclass(frozen=True)
class KitRun:
    exit_code: int
    output: str  # stdout and stderr, interleaved
    report: dict[str, Any] | None
    seconds: float
    peak_rss_mib: float  # the child's own peak (ru_maxrss of wait4), not the parent's
    killed: bool

    def findings(self) -> str:
        """All the kit told the vendor: its output, then report.json's failures, one a line."""
        lines = [self.output]
        report = self.report or {}
        lines += report.get("kit_errors") or []
        for req in report.get("requirements") or []:
            lines.append(f"{req['id']}: {req['outcome']}: {req['reason']}")
            for ev in req["evidence"]:
                lines.append(ev["detail"])
                lines += [f"{f['title']}: {f['received']}" for f in ev["failures"]]
        return "\n".join(lines)

    def names(self, pattern: str) -> bool:
        return self.headline(pattern) != ""

    def headline(self, pattern: str, width: int = 1000) -> str:
        """The first line the kit wrote, to screen or report, that names the problem."""
        found = re.search(f"^(.*?)({pattern})(.*)$", self.findings(), re.MULTILINE)
        if found is None:
            return ""
        line = found.group(0).strip()
        if len(line) <= width:
            return line
        before, problem, after = found.groups()
        return f"{before.strip()[:40]} … {problem}{after[:20]}"


def run_kit(
    base_url: str, workdir: Path, include: tuple[str, ...] = INCLUDE, args: tuple[str, ...] = ()
) -> KitRun:
    """One `run` of the kit; wait4 gives this child's own peak RSS, so runs may overlap."""
    reports = workdir / "reports"
    command = [sys.executable, "-m", "conformance", "run", "--base-url", base_url]
    command += ["--user", "u", "--password", "p", "--report-dir", str(reports)]
    command += ["--timeout", str(REQUEST_TIMEOUT), *args]
    for rid in include:
        command += ["--include", rid]
    log = workdir / "output.txt"
    started = time.monotonic()
    with log.open("wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)
    status, usage, killed = _reap(child, started + HARD_LIMIT)
    seconds = time.monotonic() - started
    report_path = reports / "report.json"
    report = json.loads(report_path.read_text("utf-8")) if report_path.is_file() else None
    return KitRun(
        exit_code=os.waitstatus_to_exitcode(status),
        output=log.read_text("utf-8", "replace"),
        report=report,
        seconds=seconds,
        peak_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        killed=killed,
    )


def _reap(child: subprocess.Popen[bytes], deadline: float) -> tuple[int, Any, bool]:
    killed = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline and not killed:
            child.kill()
            killed = True
        time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait
    return status, usage, killed


class KitRuns:
    """The corpus's runs, started ahead in a small pool: each case is its own server and child."""

    def __init__(self, root: Path, workers: int) -> None:
        self._root = root
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="hostile")
        self._runs: dict[str, tuple[Hostile, Future[KitRun]]] = {}

    def start(self, case: Hostile) -> None:
        if case.name not in self._runs:
            self._runs[case.name] = (case, self._pool.submit(self._run, case))

    def result(self, case: Hostile) -> KitRun:
        self.start(case)
        return self._runs[case.name][1].result()

    def done(self) -> list[tuple[Hostile, KitRun]]:
        return [
            (case, run.result())
            for case, run in self._runs.values()
            if run.done() and not run.cancelled() and run.exception() is None
        ]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, case: Hostile) -> KitRun:
        workdir = self._root / case.name
        workdir.mkdir()
        with case.serve() as url:
            return run_kit(url, workdir, case.include or INCLUDE, case.kit_args)


def assert_survived(case: Hostile, run: KitRun) -> None:
    """What every hostile server must leave: a verdict in time, bounded memory, a named problem."""
    assert not run.killed, f"{case.name}: killed after {HARD_LIMIT:g} s\n{run.output[-2000:]}"
    assert run.seconds <= case.max_seconds, f"{case.name}: took {run.seconds:.1f} s"
    assert "Traceback" not in run.output, run.output
    assert run.exit_code in (1, 2, 3), f"{case.name}: exit {run.exit_code}\n{run.output[-2000:]}"
    assert run.report is not None, f"{case.name}: no report.json\n{run.output[-2000:]}"
    assert run.exit_code == case.exit_code, f"{case.name}: exit {run.exit_code}\n{run.output}"
    assert run.names(case.names_problem), f"{case.name}: no {case.names_problem!r} in\n{run.output}"
    assert run.peak_rss_mib < case.max_rss_mib, f"{case.name}: peak RSS {run.peak_rss_mib:.0f} MiB"
