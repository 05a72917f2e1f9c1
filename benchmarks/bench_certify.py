"""Certification: `lookup-conformance run --reference` at default settings.

Per run: wall time of the whole command (seeding and starting the embedded server, preflight,
every suite, the four reports), HTTP requests the reference server received (counted by the
benchmarks' hook, benchmarks/_hooks/sitecustomize.py, which wraps the served ASGI app in the
server subprocess; nothing in conformance/ or reference_impl/ is changed), requests per second,
and the peak RSS of the kit process (its struct rusage from wait4: the RUSAGE_CHILDREN figure of
that one child; the server's own peak is reported apart, from the hook).

Each run starts in a fresh working directory (no .hypothesis database), without --seed (the
default), so runs differ in generated data as vendors' runs would.

    .venv/bin/python benchmarks/bench_certify.py [--reps 3]

A run takes about two minutes, so the default is 3 repetitions, not 5.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c

SUMMARY = re.compile(r"^=*\s*(?P<counts>\d+ \w+.*) in (?P<secs>[\d.]+)s", re.M)


def pytest_summary(output: str) -> dict[str, Any]:
    """`11 failed, 2039 passed, 1 skipped, ... in 110.16s` -> counts and the pytest seconds."""
    found = SUMMARY.findall(output)
    if not found:
        return {}
    counts_text, secs = found[-1]
    counts = {}
    for part in counts_text.split(","):
        m = re.match(r"\s*(\d+) (\w+)", part)
        if m:
            counts[m.group(2)] = int(m.group(1))
    return {"counts": counts, "pytest_seconds": float(secs)}


def one_run(work: Path, rep: int) -> dict[str, Any]:
    cwd = c.fresh_dir(work, f"run{rep}")
    counts = cwd / "counts"
    counts.mkdir()
    reports = cwd / "reports"
    cmd = [str(c.BIN / "lookup-conformance"), "run", "--reference", "--report-dir", str(reports)]
    t = c.run_timed(cmd, cwd=cwd, env=c.hook_env(counts), timeout=900)
    c.require_ok(t, "lookup-conformance run --reference", ok=(0, 1))
    served = c.read_counts(counts)
    report = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    summary = pytest_summary(t.output)
    requests = served["requests"]
    return {
        "wall": t.wall,
        "exit": t.returncode,
        "requests": requests,
        "rps": requests / t.wall,
        "rps_during_pytest": requests / summary["pytest_seconds"] if summary else None,
        "pytest_seconds": summary.get("pytest_seconds"),
        "tests": summary.get("counts", {}),
        "kit_maxrss_mib": t.maxrss_kib / 1024,
        "server_maxrss_mib": served["maxrss_kib"] / 1024,
        "cpu_s_kit_tree": t.user + t.system,
        "by_status": served["by_status"],
        "verdict": report["verdict"]["label"],
        "requirement_counts": report["verdict"]["counts"],
        "evidence_checked_total": sum(r.get("checked", 0) for r in report["requirements"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--budget", type=float, default=600.0, help="seconds for all repetitions")
    args = ap.parse_args()
    budget = c.Budget(args.budget)
    contention = c.Contention()
    work = Path(tempfile.mkdtemp(prefix="bench-certify-"))
    runs: list[dict[str, Any]] = []
    try:
        for rep in range(args.reps):
            if not budget.allows(f"run {rep + 1}", 150):
                break
            r = one_run(work, rep)
            runs.append(r)
            print(
                f"run {rep + 1}: {r['wall']:6.1f} s  {r['requests']} requests"
                f"  {r['rps']:6.1f} req/s  kit peak RSS {r['kit_maxrss_mib']:.0f} MiB"
                f"  ({r['verdict']}, tests {r['tests']})",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    suites = sorted(p.name for p in (c.ROOT / "conformance" / "suites").glob("test_*.py"))
    result = {
        "command": "python benchmarks/bench_certify.py " + " ".join(sys.argv[1:]),
        "measured": "lookup-conformance run --reference --report-dir DIR (defaults otherwise)",
        "wall_s": c.summary([r["wall"] for r in runs]),
        "requests": c.summary([r["requests"] for r in runs]),
        "requests_per_s": c.summary([r["rps"] for r in runs]),
        "requests_per_s_during_pytest": c.summary(
            [r["rps_during_pytest"] for r in runs if r["rps_during_pytest"]]
        ),
        "pytest_seconds": c.summary([r["pytest_seconds"] for r in runs if r["pytest_seconds"]]),
        "kit_peak_rss_mib": c.summary([r["kit_maxrss_mib"] for r in runs]),
        "cpu_s_kit_and_server": c.summary([r["cpu_s_kit_tree"] for r in runs]),
        "server_peak_rss_mib": c.summary([r["server_maxrss_mib"] for r in runs]),
        "suite_files": len(suites),
        "runs": runs,
        "skipped_for_time": budget.cut,
    }
    print()
    c.table(
        [
            ["wall s", result["wall_s"]["median"]],
            ["requests", result["requests"]["median"]],
            ["requests/s (whole command)", result["requests_per_s"]["median"]],
            ["requests/s (pytest phase)", result["requests_per_s_during_pytest"]["median"]],
            ["kit peak RSS MiB", result["kit_peak_rss_mib"]["median"]],
            ["CPU s (kit + its server)", result["cpu_s_kit_and_server"]["median"]],
            ["server peak RSS MiB", result["server_peak_rss_mib"]["median"]],
            ["runs", len(runs)],
        ],
        ["certification (median)", "value"],
    )
    c.write_result("certify", result, contention)


if __name__ == "__main__":
    main()
