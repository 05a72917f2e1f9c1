"""Reference lookups: GET lookup and GET customerDetails at 10k, 100k and 1M seeded customers.

Servers: `lookup-reference serve` on each seeded database, and the framework's ceiling
(benchmarks/_ceiling_app.py: a constant-JSON Starlette route under the same uvicorn settings).
All servers run at once, idle but one; the load generator (benchmarks/_loadgen.py, another
process, raw asyncio keep-alive connections, closed loop, concurrency 8) measures each in turn,
repetition by repetition, so the ratios to the ceiling come from the same run. With --pin (the
default) every server runs on CPU 0 and the load generator on CPU 1 (taskset).

Each request looks up a random bulk customer of the database by mobile (source INSTORE) with
the demo org's HTTP Basic credentials; every repetition draws new customers (and the load
generator new start offsets), so a server that remembers recent lookups gains only what random
traffic over its customers would give it. Seeding is timed too:
`lookup-reference seed --customers N` into a new file, 5 times per size (the last one is served).

    .venv/bin/python benchmarks/bench_lookups.py [--reps 5] [--seconds 3] [--sizes 10000,...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c

from reference_impl.seed import bulk_identifiers

CEILING_SHARE = 0.70  # target: >= 70% of the ceiling's lookups/s
P50_GROWTH = 1.2  # target: p50 at the largest size within 1.2x of p50 at the smallest
SEED_SECONDS = 60.0  # target: seeding 1M customers in under 60 s
DIAGNOSTIC = "lookup by externalId, largest db"  # not a target: mobile's share of a lookup
ENDPOINTS = {
    "lookup": "/v2/customers/lookup",
    "customerDetails": "/v2/customers/lookup/customerDetails",
}


def bulk_ids(db: Path) -> tuple[int, int]:
    """Lowest and highest id of the bulk customers (their email is bulk{id}@seed.example.com)."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT MIN(customer_id), MAX(customer_id) FROM identifiers"
            " WHERE org_id = 1 AND type = 'email' AND value LIKE 'bulk%@seed.example.com'"
        ).fetchone()
    return int(row[0]), int(row[1])


def write_targets(
    path: Path,
    endpoint: str,
    lo: int,
    hi: int,
    n: int = 20_000,
    rep: int = 0,
    identifier: str = "mobile",
) -> Path:
    """`n` lookups of random customers lo..hi by `identifier` (mobile, or externalId for the
    diagnostic point); each repetition `rep` draws other ones."""
    rnd = random.Random(lo * 7 + hi + 1_000_003 * rep)
    with path.open("w", encoding="utf-8") as f:
        for _ in range(n):
            mobile, _, external_id = bulk_identifiers(rnd.randint(lo, hi))
            value = mobile if identifier == "mobile" else external_id
            f.write(
                f"{endpoint}?source=INSTORE&identifierName={identifier}&identifierValue={value}\n"
            )
    return path


def load(
    port: int, targets: Path, args: argparse.Namespace, auth: bool, rep: int = 0
) -> dict[str, Any]:
    cmd = [str(c.BIN / "python"), str(c.BENCH_DIR / "_loadgen.py"), "--port", str(port)]
    cmd += ["--paths", str(targets), "--concurrency", str(args.concurrency)]
    cmd += ["--seed", str(rep + 1)]
    cmd += ["--seconds", str(args.seconds), "--warmup", str(args.warmup)]
    if auth:
        cmd += ["--header", f"Authorization: {c.basic_authorization()}"]
    if args.pin:
        cmd = ["taskset", "-c", "1", *cmd]
    t = c.run_timed(cmd, timeout=args.seconds + args.warmup + 60)
    c.require_ok(t, "load generator")
    return json.loads(t.output.strip().splitlines()[-1])


# Where a reference server's time goes: the first category any frame of a sample matches.
SERVER_CATEGORIES = (
    ("auth: authenticate (2-3 SQL queries, MD5 compare)", "authenticate (reference_impl"),
    ("lookup params: parse_lookup (phonenumbers canonical form)", "parse_lookup (reference_impl"),
    ("resolve: identifier -> customer (SQL)", "resolve (reference_impl"),
    ("response: Responder.ok (envelope, JSON)", "Responder.ok (reference_impl"),
    ("handler: the operation's own work (SQL, views)", "(reference_impl/routes/"),
    ("other reference_impl", "(reference_impl/"),
)
FRAMEWORK = "framework: uvicorn, h11, Starlette, asyncio"


def server_categories(raw: Path) -> dict[str, float]:
    """Share (%) of the server's busy samples per category; the rest is uvicorn/h11/Starlette."""
    totals: dict[str, int] = {}
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if "reference_impl/cli.py" not in f]
        name = next(
            (label for label, key in SERVER_CATEGORIES if any(key in f for f in frames)),
            FRAMEWORK,
        )
        totals[name] = totals.get(name, 0) + int(count)
    busy = sum(totals.values()) or 1
    return {k: round(100 * v / busy, 1) for k, v in sorted(totals.items(), key=lambda x: -x[1])}


def profile_server(
    pid: int, port: int, targets: Path, args: argparse.Namespace, auth: bool, work: Path
) -> dict[str, Any]:
    spy = shutil.which("py-spy") or str(c.BIN / "py-spy")
    if not Path(spy).is_file():
        return {"profiler": "none: py-spy is not installed"}
    raw = work / f"server-{port}.raw"
    seconds = args.seconds + args.warmup
    cmd = [spy, "record", "-r", "200", "-f", "raw", "-o", str(raw), "-p", str(pid)]
    cmd += ["-d", str(int(seconds) + 1)]
    spy_proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        r = load(port, targets, args, auth)
        spy_proc.wait(timeout=seconds + 30)
    finally:
        c.stop(spy_proc)
    shares = server_categories(raw) if raw.is_file() else {}
    return {
        "profiler": "py-spy 200 Hz",
        "requests_per_s_under_profiler": r["requests_per_s"],
        **shares,
    }


def shares_of_ceiling(
    runs: list[dict[str, Any]], ceiling: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per repetition, a point against the ceiling's measurement of the same repetition: its
    requests/s over the ceiling's, and the ceiling's server CPU per request over its own."""
    pairs = list(zip(runs, ceiling, strict=False))
    by_rate = [r["requests_per_s"] / x["requests_per_s"] for r, x in pairs]
    by_cpu = [
        x["server_cpu_us_per_request"] / r["server_cpu_us_per_request"]
        for r, x in pairs
        if r["server_cpu_us_per_request"]
    ]
    return c.summary(by_rate), c.summary(by_cpu)


def process_cpu(pid: int) -> float:
    """utime + stime of a running process, seconds (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed_sizes(work: Path, sizes: list[int], reps: int, budget: c.Budget) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for n in sizes:
        walls: list[float] = []
        reported: list[float] = []
        for rep in range(reps):
            if rep and not budget.allows(f"seed {n} rep {rep + 1}", 30):
                break
            db = work / f"db-{n}-{rep}.sqlite"
            t = c.seed(db, n, timeout=600)
            walls.append(t.wall)
            reported.append(float(t.output.split(" in ")[1].split(" s")[0]))
            keep = work / f"db-{n}.sqlite"
            if rep == reps - 1 or not budget.allows("(keep)", 60):
                for suffix in ("", "-wal", "-shm"):
                    src = Path(str(db) + suffix)
                    if src.exists():
                        src.replace(Path(str(keep) + suffix))
                break_now = True
            else:
                break_now = False
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
            print(f"seed {n:>8} customers: {t.wall:6.2f} s (command), {reported[-1]} s (bulk)")
            if break_now:
                break
        out[n] = {
            "db": work / f"db-{n}.sqlite",
            "command_wall_s": c.summary(walls),
            "bulk_insert_s": c.summary(reported),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seed-reps", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=3.0, help="measured seconds per point")
    ap.add_argument("--warmup", type=float, default=0.5)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--no-pin", dest="pin", action="store_false")
    ap.add_argument("--budget", type=float, default=480.0)
    ap.add_argument(
        "--profile", action="store_true", help="py-spy the largest server under each endpoint"
    )
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    budget = c.Budget(args.budget)
    contention = c.Contention()
    work = Path(tempfile.mkdtemp(prefix="bench-lookups-"))
    server_cpus = "0" if args.pin else None
    points: dict[str, list[dict[str, Any]]] = {}
    profiles: dict[str, Any] = {}
    pids: dict[int, int] = {}
    try:
        seeds = seed_sizes(work, sizes, args.seed_reps, budget)
        with contextlib.ExitStack() as stack:
            port = c.free_port()
            ceiling_cmd = [str(c.BIN / "python"), str(c.BENCH_DIR / "_ceiling_app.py")]
            ceiling_cmd += ["--port", str(port)]
            ceiling = stack.enter_context(
                c.served_command(ceiling_cmd, work, port=port, cpus=server_cpus)
            )
            pids[ceiling.port] = ceiling.proc.pid
            # (name, port, endpoint, lowest and highest customer id, authenticated, identifier)
            plan: list[tuple[str, int, str, int, int, bool, str]] = []
            for ep, path in ENDPOINTS.items():
                plan.append((f"ceiling {ep}", ceiling.port, path, 1, 1000, False, "mobile"))
            for n in sizes:
                served = stack.enter_context(
                    c.served_reference(work, db=seeds[n]["db"], counted=False, cpus=server_cpus)
                )
                pids[served.port] = served.proc.pid
                lo, hi = bulk_ids(seeds[n]["db"])
                for ep, path in ENDPOINTS.items():
                    plan.append((f"{ep} {n}", served.port, path, lo, hi, True, "mobile"))
                if n == sizes[-1]:  # where the time goes: the same lookup without phonenumbers
                    path = ENDPOINTS["lookup"]
                    plan.append((DIAGNOSTIC, served.port, path, lo, hi, True, "externalId"))
            per_rep = len(plan) * (args.seconds + args.warmup + 0.5)
            for rep in range(args.reps):
                if rep and not budget.allows(f"load rep {rep + 1}", per_rep):
                    break
                for name, p, path, lo, hi, auth, ident in plan:
                    targets = write_targets(
                        work / "targets.txt", path, lo, hi, rep=rep, identifier=ident
                    )
                    cpu0 = process_cpu(pids[p])
                    r = load(p, targets, args, auth, rep)
                    cpu = process_cpu(pids[p]) - cpu0
                    r["server_cpu_us_per_request"] = round(
                        1e6 * cpu / max(1, r["requests_with_warmup"]), 1
                    )
                    points.setdefault(name, []).append(r)
                    print(
                        f"rep {rep + 1} {name:24s} {r['requests_per_s']:8.1f} req/s"
                        f"  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms"
                        f"  server cpu {r['server_cpu_us_per_request']:7.1f} us/req"
                        f"  statuses {r['statuses']}{'  errors ' if r['errors'] else ''}"
                        f"{r['errors'] or ''}",
                        flush=True,
                    )
            if args.profile:
                for name, p, path, lo, hi, auth, _ident in plan:
                    if name.endswith(f" {sizes[-1]}"):
                        targets = write_targets(work / "targets.txt", path, lo, hi, rep=args.reps)
                        profiles[name] = profile_server(pids[p], p, targets, args, auth, work)
                        print(f"profile {name}: {profiles[name]}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def agg(name: str, key: str) -> dict[str, Any]:
        return c.summary([p[key] for p in points.get(name, [])])

    results: dict[str, Any] = {}
    for name in points:
        results[name] = {
            k: agg(name, k)
            for k in ("requests_per_s", "p50_ms", "p99_ms", "server_cpu_us_per_request")
        }
        results[name]["statuses_last"] = points[name][-1]["statuses"]
    share: dict[str, Any] = {}
    cpu_share: dict[str, Any] = {}  # ceiling CPU per request / reference CPU per request
    for ep in ENDPOINTS:
        ceil_runs = points.get(f"ceiling {ep}", [])
        for n in sizes:
            runs = points.get(f"{ep} {n}", [])
            share[f"{ep} {n}"], cpu_share[f"{ep} {n}"] = shares_of_ceiling(runs, ceil_runs)
    diagnostic: dict[str, Any] = {}  # the externalId lookup against the lookup ceiling
    ceil_runs = points.get("ceiling lookup", [])
    diag_runs = points.get(DIAGNOSTIC, [])
    if diag_runs:
        by_rate, by_cpu = shares_of_ceiling(diag_runs, ceil_runs)
        diagnostic[DIAGNOSTIC] = {
            "share_of_ceiling": by_rate,
            "share_of_ceiling_by_server_cpu": by_cpu,
        }
    growth = {}
    cpu_growth = {}
    for ep in ENDPOINTS:
        small, large = points.get(f"{ep} {sizes[0]}", []), points.get(f"{ep} {sizes[-1]}", [])
        growth[ep] = c.summary(
            [b["p50_ms"] / a["p50_ms"] for a, b in zip(small, large, strict=False)]
        )
        cpu_growth[ep] = c.summary(
            [
                b["server_cpu_us_per_request"] / a["server_cpu_us_per_request"]
                for a, b in zip(small, large, strict=False)
                if a["server_cpu_us_per_request"]
            ]
        )
    largest = seeds[sizes[-1]]["command_wall_s"]["median"]
    result = {
        "command": "python benchmarks/bench_lookups.py " + " ".join(sys.argv[1:]),
        "settings": {
            "concurrency": args.concurrency,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "pinned": "servers on CPU 0, load generator on CPU 1" if args.pin else "no",
            "client": "benchmarks/_loadgen.py (raw asyncio HTTP/1.1, keep-alive, closed loop)",
            "targets": "20,000 lookups of random bulk customers, drawn anew each repetition",
            "server": "uvicorn.run(app, host='127.0.0.1', port=P, log_level='warning')",
        },
        "seeding": {str(n): {k: v for k, v in s.items() if k != "db"} for n, s in seeds.items()},
        "points": results,
        "share_of_ceiling": share,
        "share_of_ceiling_by_server_cpu": cpu_share,
        "diagnostic_without_phonenumbers": diagnostic,
        "p50_growth_largest_over_smallest": growth,
        "server_cpu_per_request_growth_largest_over_smallest": cpu_growth,
        "targets": {
            "share_of_ceiling_min": CEILING_SHARE,
            "p50_growth_max": P50_GROWTH,
            "seed_1m_max_s": SEED_SECONDS,
            "share_met": all(
                s["median"] is not None and s["median"] >= CEILING_SHARE for s in share.values()
            ),
            "p50_growth_met": all(
                g["median"] is not None and g["median"] <= P50_GROWTH for g in growth.values()
            ),
            "seed_met": largest is not None and largest < SEED_SECONDS,
        },
        "server_profiles": profiles,
        "skipped_for_time": budget.cut,
    }
    print()
    rows = []
    for name, r in results.items():
        diag = diagnostic.get(name, {})
        sh = share.get(name, diag.get("share_of_ceiling", {})).get("median")
        cs = cpu_share.get(name, diag.get("share_of_ceiling_by_server_cpu", {})).get("median")
        rows.append(
            [
                name,
                r["requests_per_s"]["median"],
                r["p50_ms"]["median"],
                r["p99_ms"]["median"],
                "" if sh is None else f"{100 * sh:.0f}%",
                r["server_cpu_us_per_request"]["median"],
                "" if cs is None else f"{100 * cs:.0f}%",
            ]
        )
    c.table(
        rows,
        ["point", "req/s", "p50 ms", "p99 ms", "of ceiling", "srv cpu us/req", "of ceiling (cpu)"],
    )
    print(f"\np50 growth {sizes[-1]} vs {sizes[0]}: " + json.dumps(growth))
    print(f"server CPU/request growth {sizes[-1]} vs {sizes[0]}: " + json.dumps(cpu_growth))
    print("seeding: " + json.dumps(result["seeding"]))
    print("targets: " + json.dumps(result["targets"]))
    for name, shares in profiles.items():
        print(f"server profile {name} (% of busy samples): {shares}")
    c.write_result("lookups", result, contention)


if __name__ == "__main__":
    main()
