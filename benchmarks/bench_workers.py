"""`--workers 2` against `--workers 1`: certification wall time, same seed, side by side.

Each repetition runs `lookup-conformance run --reference --seed SEED` once with `--workers 1` and
once with `--workers 2` (alternating which goes first, so drift in the machine's load is shared),
each in a fresh working directory, and compares the two report.json files: per requirement the
outcome and the evidence kept must be identical (the embedded server's port aside), and how many
exchanges each requirement checked is reported where it differs.

    .venv/bin/python benchmarks/bench_workers.py [--reps 3] [--seed 11]

Issue 12's goal: wall(--workers 2) <= 0.65 x wall(--workers 1) with identical outcomes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c


def one_run(work: Path, name: str, workers: int, seed: int) -> tuple[c.Timed, dict[str, Any]]:
    cwd = c.fresh_dir(work, name)
    reports = cwd / "reports"
    cmd = [str(c.BIN / "lookup-conformance"), "run", "--reference", "--seed", str(seed)]
    cmd += ["--workers", str(workers), "--report-dir", str(reports)]
    t = c.run_timed(cmd, cwd=cwd, timeout=900)
    c.require_ok(t, f"lookup-conformance run --reference --workers {workers}", ok=(0, 1))
    return t, json.loads((reports / "report.json").read_text(encoding="utf-8"))


def compare(one: dict[str, Any], two: dict[str, Any]) -> dict[str, Any]:
    def norm(report: dict[str, Any]) -> dict[str, Any]:
        text = json.dumps(report["requirements"]).replace(report["header"]["target"], "TARGET")
        return {r["id"]: r for r in json.loads(text)}

    a, b = norm(one), norm(two)
    outcomes = [i for i in a if a[i]["outcome"] != b.get(i, {}).get("outcome")]
    evidence = [i for i in a if a[i]["evidence"] != b.get(i, {}).get("evidence")]
    checked = {
        i: (a[i]["checked"], b[i]["checked"]) for i in a if a[i]["checked"] != b[i]["checked"]
    }
    return {
        "verdicts": [one["verdict"]["label"], two["verdict"]["label"]],
        "outcomes_differ": outcomes,
        "evidence_differs": evidence,
        "checked_differs": checked,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--budget", type=float, default=900.0, help="seconds for all repetitions")
    args = ap.parse_args()
    budget = c.Budget(args.budget)
    contention = c.Contention()
    work = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    pairs: list[dict[str, Any]] = []
    try:
        for rep in range(args.reps):
            if not budget.allows(f"pair {rep + 1}", 150):
                break
            order = (1, 2) if rep % 2 == 0 else (2, 1)
            walls: dict[int, float] = {}
            reports: dict[int, dict[str, Any]] = {}
            for workers in order:
                t, reports[workers] = one_run(work, f"r{rep}w{workers}", workers, args.seed)
                walls[workers] = t.wall
            pair = {"wall_1": walls[1], "wall_2": walls[2], "ratio": walls[2] / walls[1]}
            pair |= compare(reports[1], reports[2])
            pairs.append(pair)
            print(
                f"pair {rep + 1}: workers 1 {walls[1]:6.1f} s, workers 2 {walls[2]:6.1f} s, "
                f"ratio {pair['ratio']:.2f}; outcomes differ: {len(pair['outcomes_differ'])}, "
                f"evidence differs: {len(pair['evidence_differs'])}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "command": "python benchmarks/bench_workers.py " + " ".join(sys.argv[1:]),
        "measured": "lookup-conformance run --reference --seed N --workers 1|2",
        "wall_workers_1_s": c.summary([p["wall_1"] for p in pairs]),
        "wall_workers_2_s": c.summary([p["wall_2"] for p in pairs]),
        "ratio": c.summary([p["ratio"] for p in pairs]),
        "pairs": pairs,
        "skipped_for_time": budget.cut,
    }
    print()
    c.table(
        [
            ["wall s, --workers 1", result["wall_workers_1_s"]["median"]],
            ["wall s, --workers 2", result["wall_workers_2_s"]["median"]],
            ["ratio (2 / 1)", result["ratio"]["median"]],
            ["pairs", len(pairs)],
        ],
        ["measure", "median"],
    )
    c.write_result("bench_workers", result, contention)


if __name__ == "__main__":
    main()
