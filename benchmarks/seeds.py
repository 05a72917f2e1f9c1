"""No false failures: certify the reference server, no fault on, under many seeds.

Each seed is one full `lookup-conformance run --reference --seed N` (every requirement, the
default --max-examples); a clean seed is exit 0 with no requirement failed and no kit error.
Reports "clean seeds N/N" and, per unclean seed, the requirements that failed.

    .venv/bin/python benchmarks/seeds.py                 # seeds 1..20
    .venv/bin/python benchmarks/seeds.py --seeds 1,2,3 --workers 2

A full run takes about 90 s alone on 2 cores; 20 seeds two at a time take about 20 minutes.
Writes benchmarks/results/seeds.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))

import fault_runs as fr  # noqa: E402

RESULT = ROOT / "benchmarks" / "results" / "seeds.json"


def clean(run: fr.RunOutcome) -> bool:
    return run.usable and run.exit_code == 0 and not run.failed and not run.errored


def describe(run: fr.RunOutcome) -> str:
    if clean(run):
        return "clean"
    if not run.usable:
        return f"no report: {run.problem}"
    parts = []
    if run.failed:
        parts.append("failed " + ", ".join(sorted(run.failed)))
    if run.errored:
        parts.append("kit errors on " + ", ".join(sorted(run.errored)))
    return f"exit {run.exit_code}: " + "; ".join(parts or ["(no failed requirement)"])


def parse_seeds(text: str | None, count: int) -> list[int]:
    if not text:
        return list(range(1, count + 1))
    return [int(s) for s in text.split(",") if s.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", help="comma list (default: 1..--count)")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--max-examples", type=int, default=None)
    parser.add_argument("--json", type=Path, default=RESULT)
    args = parser.parse_args()
    seeds = parse_seeds(args.seeds, args.count)
    workers = max(1, min(args.workers, 4))
    started = time.monotonic()

    def one(seed: int) -> fr.RunOutcome:
        return fr.certify_reference((), (), seed=seed, max_examples=args.max_examples)

    runs: dict[int, fr.RunOutcome] = {}
    print(f"{len(seeds)} seeds, full runs, {workers} at a time", flush=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for seed, run in zip(seeds, pool.map(one, seeds), strict=True):
            runs[seed] = run
            print(f"  seed {seed:>4}  {run.seconds:5.1f} s  {describe(run)}", flush=True)
    wall = time.monotonic() - started
    n_clean = sum(clean(r) for r in runs.values())
    print(f"\nclean seeds {n_clean}/{len(runs)} in {wall:.0f} s")
    for seed, run in runs.items():
        if not clean(run):
            print(f"  seed {seed}: {describe(run)}")
            for rid in sorted(run.failed | run.errored):
                print(f"      {rid} {run.titles.get(rid, '')}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "benchmark": "seeds",
        "finished": time.strftime("%Y-%m-%d %H:%M"),
        "max_examples": args.max_examples,
        "workers": workers,
        "wall_s": round(wall, 1),
        "clean": n_clean,
        "total": len(runs),
        "seeds": {
            str(seed): {
                "clean": clean(run),
                "exit_code": run.exit_code,
                "seconds": round(run.seconds, 1),
                "failed": sorted(run.failed),
                "errored": sorted(run.errored),
                "problem": run.problem,
            }
            for seed, run in runs.items()
        },
    }
    args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0 if n_clean == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
