"""Scaling of the schemathesis driver: time against --lookup-max-examples and against workers.

The driver alone (`pytest --pyargs conformance.suites.test_contract_fuzz`, seed 1) against one
served reference (`lookup-reference serve`, request-counting hook), from a fresh working
directory each run. Points: max-examples 25, 50, 100, 200 at 1 worker; workers 2 and 4
(pytest-xdist `-n`) at 25 examples. Requests are counted at the server.

Per point: wall, requests, requests/s, wall per request; over the examples sweep a least-squares
line wall = fixed + per_request * requests (the kit's marginal cost per request, generation
included) and the growth of each step against the growth of max-examples.

Repetitions: a run at 100 examples takes about 2 minutes and at 200 about 4, so by default every
point runs once (--reps 1) and the 25-example point, which bench_overhead.py measures 5 times, is
the check on noise. `--reps N` repeats every point N times (medians).

    .venv/bin/python benchmarks/bench_scaling.py [--reps 1] [--examples 25,50,100,200]
        [--workers 2,4]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c


def fit(xs: list[float], ys: list[float]) -> tuple[float, float] | None:
    """Least squares y = a + b x."""
    n = len(xs)
    if n < 2 or len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return my - b * mx, b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", default="25,50,100,200")
    ap.add_argument("--workers", default="2,4", help="worker counts besides 1, at 25 examples")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=1080.0)
    args = ap.parse_args()
    examples = [int(x) for x in args.examples.split(",")]
    workers = [int(x) for x in args.workers.split(",") if x]
    budget = c.Budget(args.budget)
    contention = c.Contention()
    work = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    # cheap points first: the workers at the smallest count, then the examples upwards
    points = [(examples[0], 1)] + [(examples[0], w) for w in workers]
    points += [(n, 1) for n in examples[1:]]
    runs: dict[tuple[int, int], list[dict[str, Any]]] = {p: [] for p in points}
    try:
        with c.served_reference(work) as server:
            last: tuple[int, float] | None = None
            for rep in range(args.reps):
                for n, w in points:
                    # expected time of this point: the last measured run scaled by the examples
                    # (an over-estimate: the coverage phase does not grow with them)
                    expect = last[1] * n / last[0] if last else 0.0
                    if not budget.allows(f"rep {rep + 1} examples {n} workers {w}", expect):
                        continue
                    cwd = c.fresh_dir(work, f"e{n}w{w}")
                    cmd = c.driver_cmd(
                        server.base_url, cwd, max_examples=n, seed=args.seed, workers=w
                    )
                    before = server.count()
                    t = c.run_timed(cmd, cwd=cwd, timeout=900)
                    c.require_ok(t, f"driver examples {n} workers {w}", ok=(0, 1))
                    sent = server.count() - before
                    if w == 1:
                        last = (n, t.wall)
                    runs[(n, w)].append(
                        {
                            "wall": t.wall,
                            "cpu": t.user + t.system,
                            "requests": sent,
                            "rc": t.returncode,
                        }
                    )
                    print(
                        f"rep {rep + 1} examples {n:4d} workers {w}: {t.wall:6.1f} s"
                        f"  {sent:6d} requests  {sent / t.wall:6.1f} req/s"
                        f"  {1000 * t.wall / max(sent, 1):6.2f} ms/request",
                        flush=True,
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table: list[dict[str, Any]] = []
    for (n, w), rs in runs.items():
        if not rs:
            continue
        wall = c.summary([r["wall"] for r in rs])
        cpu = c.summary([r["cpu"] for r in rs])
        req = c.summary([r["requests"] for r in rs])
        table.append(
            {
                "max_examples": n,
                "workers": w,
                "wall_s": wall,
                "cpu_s": cpu,
                "requests": req,
                "requests_per_s": round(req["median"] / wall["median"], 1),
                "ms_per_request": round(1000 * wall["median"] / max(req["median"], 1), 2),
                "cpu_ms_per_request": round(1000 * cpu["median"] / max(req["median"], 1), 2),
            }
        )
    sweep = [t for t in table if t["workers"] == 1]
    line = fit([t["requests"]["median"] for t in sweep], [t["wall_s"]["median"] for t in sweep])
    cpu_line = fit([t["requests"]["median"] for t in sweep], [t["cpu_s"]["median"] for t in sweep])
    steps = [
        {
            "from": a["max_examples"],
            "to": b["max_examples"],
            "examples_x": round(b["max_examples"] / a["max_examples"], 2),
            "requests_x": round(b["requests"]["median"] / a["requests"]["median"], 2),
            "wall_x": round(b["wall_s"]["median"] / a["wall_s"]["median"], 2),
            "marginal_ms_per_request": round(
                1000
                * (b["wall_s"]["median"] - a["wall_s"]["median"])
                / max(1, b["requests"]["median"] - a["requests"]["median"]),
                2,
            ),
        }
        for a, b in itertools.pairwise(sweep)
    ]
    base = next((t for t in table if t["workers"] == 1 and t["max_examples"] == examples[0]), None)
    speedup = {
        str(t["workers"]): round(base["wall_s"]["median"] / t["wall_s"]["median"], 2)
        for t in table
        if base and t["max_examples"] == examples[0]
    }
    result = {
        "command": "python benchmarks/bench_scaling.py " + " ".join(sys.argv[1:]),
        "settings": {"seed": args.seed, "reps": args.reps},
        "points": table,
        "examples_steps": steps,
        "linear_fit_wall_vs_requests": (
            {"fixed_s": round(line[0], 2), "ms_per_request": round(1000 * line[1], 2)}
            if line
            else None
        ),
        "linear_fit_cpu_vs_requests": (
            {"fixed_s": round(cpu_line[0], 2), "ms_per_request": round(1000 * cpu_line[1], 2)}
            if cpu_line
            else None
        ),
        "workers_speedup_at_25": speedup,
        "skipped_for_time": budget.cut,
    }
    print()
    c.table(
        [
            [
                t["max_examples"],
                t["workers"],
                t["wall_s"]["median"],
                t["requests"]["median"],
                t["requests_per_s"],
                t["ms_per_request"],
                t["cpu_ms_per_request"],
                t["wall_s"]["n"],
            ]
            for t in table
        ],
        ["examples", "workers", "wall s", "requests", "req/s", "ms/req", "cpu ms/req", "runs"],
    )
    print()
    for s in steps:
        print(
            f"{s['from']} -> {s['to']} examples: x{s['examples_x']} examples,"
            f" x{s['requests_x']} requests, x{s['wall_x']} wall;"
            f" marginal {s['marginal_ms_per_request']} ms per added request"
        )
    print(f"fit: {result['linear_fit_wall_vs_requests']}; workers speedup: {speedup}")
    c.write_result("scaling", result, contention)


if __name__ == "__main__":
    main()
