"""Overhead of our checks: plain `st run` vs our schemathesis driver, same spec, seed, examples.

One served reference instance (`lookup-reference serve` with the request-counting hook) answers
every command; a repetition runs the commands back to back (st and driver in alternating
order), each from a fresh working directory (no Hypothesis example database carried over).
Requests are counted at the server.

Commands (default repetitions):
  st-matched (5)  `st run` with the driver's four built-in checks, plus
                  `--generation-with-security-parameters false --phases examples,coverage,fuzzing`:
                  what the driver's configuration amounts to (conftest.py turns security
                  parameters off; `schema.parametrize()` under pytest has no stateful phase), so
                  both send the same requests. The baseline of the ratio.
  driver (5)      pytest --pyargs conformance.suites.test_contract_fuzz: the kit's driver
  pytest-plain (3) schemathesis under pytest without the kit (benchmarks/_plain_schemathesis.py:
                  the driver's mechanism, one keep-alive session, st run's four checks):
                  splits the difference into "schemathesis' pytest mode" and "the kit"
  st-literal (1)  the issue's `st run` command as written (generates security parameters, so most
                  requests carry a random Authorization and end in 401; runs the stateful phase):
                  context only, not comparable request for request
Then driver start-up alone (`--collect-only`, 5 each), with this environment's
PYTHONDONTWRITEBYTECODE as set (the kit's modules compiled and assertion-rewritten on every run)
and with bytecode cached (in a private PYTHONPYCACHEPREFIX, warmed by one uncounted run).
`--startup-only` runs just that part (results/overhead_startup.json).

Options: --profile adds 3 runs of the driver without catalog checks (ablation, -p
bench_no_catalog_checks) and a py-spy profile (100 Hz) of st-matched, pytest-plain and driver;
--experiments adds 3 runs of a proposed driver change measured without editing the kit:
`--assert=plain` (no assertion rewriting of the kit's modules). (The shared-HTTP-session
experiment is gone: the driver has had one session since.)
With either option the results go to results/overhead_profile.json, not overhead.json.

    .venv/bin/python benchmarks/bench_overhead.py [--reps 5] [--max-examples 25] [--seed 1]
        [--profile] [--experiments]
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c

TARGET = 1.15

# Profile categories: the first match of a frame substring wins (stacks run outermost first).
CATEGORIES = (
    ("imports and pytest assertion rewriting", ("_find_and_load",)),
    ("kit: plugin init (load_bundle, validate_spec)", ("load_bundle (conformance",)),
    ("kit: catalog checks (LookupSession.observe)", ("observe (conformance/session.py",)),
    ("kit: response adapter", ("exchange_from_schemathesis",)),
    ("schemathesis: built-in checks", ("validate_response (schemathesis", "run_checks (schemat")),
    ("HTTP: case.call and transport", ("call (schemathesis/generation/case.py", "transport/")),
    ("Hypothesis: explicit (coverage) examples", ("execute_explicit_examples",)),
    ("Hypothesis: generation and engine", ("hypothesis/",)),
    ("pytest", ("_pytest/", "pluggy/")),
)


# Hot spots: seconds of samples of stacks containing the frame (inclusive; may overlap).
HOT_SPOTS = (
    ("kit: LookupSession.observe (catalog checks)", "observe (conformance/session.py"),
    ("kit: response_conforms_to_schema", "response_conforms_to_schema (conformance"),
    ("kit: plugin start (load_bundle)", "load_bundle (conformance"),
    ("kit: spec validation (validate_spec, validate_documents)", "validate_"),
    ("kit: lookup_schema fixture", "lookup_schema (conformance"),
    ("new TCP connection (urllib3 create_connection)", "create_connection (urllib3"),
    ("socket close", "_real_close (socket.py"),
    ("pytest assertion rewriting (_rewrite_test)", "_rewrite_test (_pytest"),
    ("pytest gc_collect_harder", "gc_collect_harder (_pytest"),
    ("HTTP: case.call", "call (schemathesis/generation/case.py"),
)


def hot_spots(raw: Path) -> dict[str, float]:
    totals: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        for label, key in HOT_SPOTS:
            if key == "validate_":  # either name, in the kit's spec package
                hit = "validate_spec (conformance" in stack or "validate_documents (conf" in stack
            else:
                hit = key in stack
            if hit:
                totals[label] += int(count)
    return {label: round(totals[label] / 100, 2) for label, _ in HOT_SPOTS}


def profile_categories(raw: Path) -> dict[str, float]:
    """Seconds of samples per category from py-spy's raw (collapsed) output at 100 Hz."""
    totals: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        name = next((n for n, keys in CATEGORIES if any(k in stack for k in keys)), "other")
        totals[name] += int(count)
    out = {k: round(v / 100, 2) for k, v in totals.most_common()}
    out["total sampled"] = round(sum(totals.values()) / 100, 2)
    return out


def profile_run(name: str, cmd: list[str], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    spy = shutil.which("py-spy") or str(c.BIN / "py-spy")
    if not Path(spy).is_file():
        return {"profiler": "none: py-spy is not installed (pip install py-spy)"}
    raw = cwd / f"{name}.raw"
    if not cmd[0].endswith("python"):
        cmd = [str(c.BIN / "python"), *cmd]  # st is a Python script
    full = [spy, "record", "-r", "100", "-f", "raw", "-o", str(raw), "--", *cmd]
    t = c.run_timed(full, cwd=cwd, env=env, timeout=900)
    cats = profile_categories(raw) if raw.is_file() else {}
    spots = hot_spots(raw) if raw.is_file() else {}
    return {
        "profiler": "py-spy 100 Hz",
        "wall_under_profiler": round(t.wall, 2),
        **cats,
        "hot_spots_inclusive_s": spots,
    }


def plain_env(base_url: str, args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "BENCH_BASE_URL": base_url,
        "BENCH_AUTHORIZATION": c.basic_authorization(),
        "BENCH_MAX_EXAMPLES": str(args.max_examples),
        "BENCH_SEED": str(args.seed),
        "BENCH_SPEC": str(c.OPENAPI),
    }


def plain_cmd(cwd: Path, seed: int) -> list[str]:
    cmd = [str(c.BIN / "python"), "-m", "pytest", str(c.BENCH_DIR / "_plain_schemathesis.py")]
    cmd += ["-p", "no:cacheprovider", "-c", str(c.pytest_ini(cwd)), "--rootdir", str(cwd)]
    return [*cmd, f"--hypothesis-seed={seed}", "-q", "--no-header", "-rN", "--tb=no"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5, help="reps of st-matched and driver")
    ap.add_argument("--plain-reps", type=int, default=3)
    ap.add_argument("--literal-reps", type=int, default=1)
    ap.add_argument("--startup-reps", type=int, default=5)
    ap.add_argument("--max-examples", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=900.0, help="seconds for all repetitions")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--experiments", action="store_true")
    ap.add_argument(
        "--startup-only", action="store_true", help="only the start-up part (overhead_startup)"
    )
    args = ap.parse_args()
    if args.startup_only:
        args.reps = args.plain_reps = args.literal_reps = 0
    budget = c.Budget(args.budget + 300 * (args.profile + args.experiments))
    contention = c.Contention()
    work = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    runs: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    startup: dict[str, list[float]] = collections.defaultdict(list)
    profiles: dict[str, Any] = {}
    n, seed = args.max_examples, args.seed
    try:
        with c.served_reference(work) as server:
            url = server.base_url
            hooked = c.hook_env()
            make_cmd = Callable[[Path], list[str]]
            commands: dict[str, tuple[make_cmd, dict[str, str] | None]] = {
                "st-matched": (
                    lambda cwd: c.st_cmd(url, max_examples=n, seed=seed, matched=True),
                    None,
                ),
                "st-literal": (
                    lambda cwd: c.st_cmd(url, max_examples=n, seed=seed, matched=False),
                    None,
                ),
                "driver": (lambda cwd: c.driver_cmd(url, cwd, max_examples=n, seed=seed), None),
                "pytest-plain": (lambda cwd: plain_cmd(cwd, seed), plain_env(url, args)),
                "driver-no-catalog-checks": (
                    lambda cwd: [
                        *c.driver_cmd(url, cwd, max_examples=n, seed=seed),
                        *("-p", "bench_no_catalog_checks"),
                    ],
                    hooked,
                ),
                "driver --assert=plain": (
                    lambda cwd: [
                        *c.driver_cmd(url, cwd, max_examples=n, seed=seed),
                        "--assert=plain",
                    ],
                    None,
                ),
            }
            extra = {"pytest-plain": args.plain_reps, "st-literal": args.literal_reps}
            if args.profile:
                extra["driver-no-catalog-checks"] = 3
            if args.experiments:
                extra["driver --assert=plain"] = 3
            for rep in range(max(args.reps, *extra.values(), 0)):
                order = []
                if rep < args.reps:
                    order = ["st-matched", "driver"] if rep % 2 == 0 else ["driver", "st-matched"]
                order += [name for name, k in extra.items() if rep < k]
                for name in order:
                    if not budget.allows(f"rep {rep + 1} {name}", 60):
                        continue
                    cwd = c.fresh_dir(work, "run")
                    make, env = commands[name]
                    before = server.count()
                    t = c.run_timed(make(cwd), cwd=cwd, env=env, timeout=600)
                    c.require_ok(t, name, ok=(0, 1))
                    sent = server.count() - before
                    cpu = t.user + t.system
                    runs[name].append(
                        {
                            "wall": t.wall,
                            "cpu": cpu,
                            "requests": sent,
                            "rps": sent / t.wall,
                            "rc": t.returncode,
                        }
                    )
                    print(
                        f"rep {rep + 1} {name:26s} {t.wall:6.1f} s  cpu {cpu:6.1f} s  {sent:5d}"
                        f" requests  {sent / t.wall:6.1f} req/s  exit {t.returncode}",
                        flush=True,
                    )
            # "allowed": bytecode cached in a private prefix (PYTHONPYCACHEPREFIX), nothing is
            # written into the work tree; the first run there fills the cache and is not counted
            prefix = work / "pycache"
            startup_env = {
                "bytecode as set here": dict(os.environ),
                "bytecode cached": {
                    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                    "PYTHONPYCACHEPREFIX": str(prefix),
                },
            }
            for rep in range(args.startup_reps + 1):
                for name, env in startup_env.items():
                    if not budget.allows(f"startup {name}", 10):
                        continue
                    cwd = c.fresh_dir(work, "startup")
                    cmd = [*c.driver_cmd(url, cwd, max_examples=n, seed=seed), "--collect-only"]
                    t = c.run_timed(cmd, cwd=cwd, env=env, timeout=120)
                    c.require_ok(t, f"startup {name}")
                    if rep:
                        startup[name].append(t.wall)
            if args.profile:
                for name in ("st-matched", "pytest-plain", "driver"):
                    cwd = c.fresh_dir(work, "profile")
                    make, env = commands[name]
                    profiles[name] = profile_run(name, make(cwd), cwd, env or dict(os.environ))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(name: str, key: str = "wall") -> float | None:
        return c.summary([r[key] for r in runs.get(name, [])])["median"]

    # ratios per repetition (both tools back to back on one server), then the median
    pairs = list(zip(runs["driver"], runs["st-matched"], strict=False))
    wall_ratios = [d["wall"] / s["wall"] for d, s in pairs]
    rps_ratios = [s["rps"] / d["rps"] for d, s in pairs]
    cpu_ratios = [d["cpu"] / s["cpu"] for d, s in pairs]
    st, drv, plain = med("st-matched"), med("driver"), med("pytest-plain")
    reqs = med("driver", "requests") or 1
    split: dict[str, Any] = {}
    if st and drv and plain:
        split["schemathesis pytest mode (pytest-plain - st-matched), s"] = round(plain - st, 2)
        split["the kit (driver - pytest-plain), s"] = round(drv - plain, 2)
        split["the kit per request, ms"] = round(1000 * (drv - plain) / reqs, 3)
        split["ratio pytest-plain / st-matched"] = round(plain / st, 3)
        split["ratio driver / pytest-plain"] = round(drv / plain, 3)
    bare = med("driver-no-catalog-checks")
    if drv and bare:
        split["catalog checks + adapter (driver - ablation), s"] = round(drv - bare, 2)
        split["catalog checks + adapter per request, ms"] = round(1000 * (drv - bare) / reqs, 3)
    if drv and med("driver --assert=plain"):
        split["saved by --assert=plain, s"] = round(drv - med("driver --assert=plain"), 2)
    su = {k: c.summary(v) for k, v in startup.items()}
    ratio = c.summary(wall_ratios)
    result = {
        "command": "python benchmarks/bench_overhead.py " + " ".join(sys.argv[1:]),
        "settings": {"max_examples": n, "seed": seed, "workers": 1},
        "tools": {
            name: {
                "wall_s": c.summary([r["wall"] for r in rs]),
                "cpu_s": c.summary([r["cpu"] for r in rs]),
                "requests": c.summary([r["requests"] for r in rs]),
                "requests_per_s": c.summary([r["rps"] for r in rs]),
            }
            for name, rs in runs.items()
        },
        "ratio_wall_driver_over_st_matched": ratio,
        "ratio_rps_st_matched_over_driver": c.summary(rps_ratios),
        "ratio_cpu_driver_over_st_matched": c.summary(cpu_ratios),
        "target_ratio": TARGET,
        "target_met": ratio["median"] is not None and ratio["median"] <= TARGET,
        "where_the_difference_goes": split,
        "driver_startup_collect_only_s": su,
        "profiles": profiles,
        "skipped_for_time": budget.cut,
        "tool_commands": {
            name: " ".join(c.st_cmd("http://127.0.0.1:PORT", max_examples=n, seed=seed, matched=m))
            for name, m in (("st-literal", False), ("st-matched", True))
        },
        "pythondontwritebytecode": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }
    print()
    c.table(
        [
            [k, med(k), med(k, "cpu"), med(k, "requests"), med(k, "rps"), len(v)]
            for k, v in runs.items()
        ],
        ["command", "wall s (median)", "cpu s", "requests", "req/s", "runs"],
    )
    print(
        f"\ndriver / st-matched wall ratio: {ratio['median']}  (req/s ratio "
        f"{result['ratio_rps_st_matched_over_driver']['median']}; CPU-time ratio "
        f"{result['ratio_cpu_driver_over_st_matched']['median']}; target <= {TARGET})"
    )
    for k, v in split.items():
        print(f"  {k}: {v}")
    for k, v in su.items():
        print(f"driver start-up (--collect-only), {k}: {v['median']} s")
    for name, cats in profiles.items():
        print(f"\nprofile {name}:")
        for k, v in cats.items():
            print(f"  {k}: {v}")
    # a profiled or experimental run is slower and noisier: it does not replace the figures
    name = "overhead_profile" if args.profile or args.experiments else "overhead"
    name = "overhead_startup" if args.startup_only else name
    c.write_result(name, result, contention)


if __name__ == "__main__":
    main()
