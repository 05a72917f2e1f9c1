"""Fault matrix: certify the reference once per named fault; which requirements fail?

For every fault of reference_impl/faults.py: `lookup-conformance run --reference
--reference-faults NAME --include AREA` (AREA: the area glob of each requirement the fault is
documented to break, e.g. LKP-ID-013 -> 'LKP-ID-*'), fixed seed. Verdict per fault:

- killed: exit 1 and the failed requirements are exactly the documented ones;
- hidden: a documented requirement failed, but so did others of the area (or not all documented);
- survived: no documented requirement failed;
- error: no usable report (time limit, exit 2/3).

Before the faults, one run per area without any fault (the baseline): a requirement that fails
there fails whatever the fault, and is named in the table's notes.

Writes docs/fault-matrix.md (the generated table) and benchmarks/results/fault_matrix.json.

    .venv/bin/python benchmarks/fault_matrix.py [--workers 2] [--faults a,b] [--no-baseline]
    .venv/bin/python benchmarks/fault_matrix.py --whole --faults a,b

All 47 faults take about 10 minutes on 2 cores (area runs of 15-30 s, two at a time).
`--whole` certifies with the whole kit instead (no --include: every requirement of the spec
may fail, so exactness holds across areas too), ~100 s a run; it writes
docs/fault-matrix-whole.md and benchmarks/results/fault_matrix_whole.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))

import fault_runs as fr  # noqa: E402
from _common import git  # noqa: E402

DOC = ROOT / "docs" / "fault-matrix.md"
RESULT = ROOT / "benchmarks" / "results" / "fault_matrix.json"
DOC_WHOLE = ROOT / "docs" / "fault-matrix-whole.md"
RESULT_WHOLE = ROOT / "benchmarks" / "results" / "fault_matrix_whole.json"
WHOLE = "(whole kit)"  # the baseline key of a whole-kit matrix


def machine() -> dict[str, Any]:
    commit = git("rev-parse", "--short", "HEAD")
    return {"nproc": os.cpu_count(), "python": platform.python_version(), "git_commit": commit}


def ids(values: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(values)) or "—"


def run_all(
    names: list[str],
    workers: int,
    seed: int,
    max_examples: int | None,
    baseline: bool,
    whole: bool = False,
) -> tuple[dict[str, fr.RunOutcome], list[fr.FaultRun]]:
    kwargs: dict[str, Any] = {"seed": seed, "max_examples": max_examples}
    base: dict[str, fr.RunOutcome] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        if baseline and whole:
            print("baseline: the whole kit without any fault", flush=True)
            out = fr.certify_reference((), (), **kwargs)
            base[WHOLE] = out
            print(f"  {out.seconds:5.1f} s  {out.problem or ids(out.failed) or 'clean'}")
        elif baseline:
            globs = fr.areas(names)
            print(f"baseline: {len(globs)} areas without any fault", flush=True)
            for glob, out in zip(
                globs,
                pool.map(lambda g: fr.certify_reference((), (g,), **kwargs), globs),
                strict=True,
            ):
                base[glob] = out
                state = out.problem or (ids(out.failed) if out.failed else "clean")
                print(f"  {glob:<12} {out.seconds:5.1f} s  {state}", flush=True)
        print(f"faults: {len(names)}, {workers} at a time", flush=True)
        runs = []
        runs_of = pool.map(lambda n: fr.run_fault(n, whole=whole, **kwargs), names)
        for i, run in enumerate(runs_of, 1):
            runs.append(run)
            print(
                f"  [{i:2}/{len(names)}] {run.verdict:<8} {run.run.seconds:5.1f} s  {run.fault:<38}"
                f" documented {ids(run.documented)}  failed {ids(run.run.failed)}",
                flush=True,
            )
    return base, runs


def baseline_failures(base: dict[str, fr.RunOutcome], run: fr.FaultRun) -> frozenset[str]:
    found: set[str] = set(base[WHOLE].failed) if WHOLE in base else set()
    for glob in run.run.include:
        if glob in base:
            found |= base[glob].failed
    return frozenset(found)


def note(run: fr.FaultRun, base: dict[str, fr.RunOutcome]) -> str:
    if run.verdict == "error":
        return run.run.problem or ""
    parts = []
    if run.missing:
        parts.append(f"not failed: {ids(run.missing)}")
    if run.extra:
        pre = run.extra & baseline_failures(base, run)
        shared = run.shared - pre
        own = run.extra - pre - shared
        if pre:
            parts.append(f"fail without the fault too: {ids(pre)}")
        if shared:
            parts.append(f"fail only in tests that also failed a documented one: {ids(shared)}")
        if own:
            parts.append(f"fail in other tests: {ids(own)}")
    return "; ".join(parts)


def markdown(runs: list[fr.FaultRun], base: dict[str, fr.RunOutcome], meta: dict[str, Any]) -> str:
    cats = fr.categories()
    killed = sum(r.verdict == "killed" for r in runs)
    counts = {v: sum(r.verdict == v for r in runs) for v in ("killed", "hidden", "survived")}
    counts["error"] = sum(r.verdict == "error" for r in runs)
    lines = [
        "# Fault matrix",
        "",
        "Generated by `benchmarks/fault_matrix.py` — do not edit by hand. Each named fault of",
        "`reference_impl/faults.py` is switched on alone and the reference server certified with",
        *(
            [
                "`lookup-conformance run --reference --reference-faults NAME"
                f" --seed {meta['seed']}`: the whole kit, every requirement of the spec (the",
                "area runs of docs/fault-matrix.md restrict each run to the fault's area).",
            ]
            if meta.get("whole")
            else [
                "`lookup-conformance run --reference --reference-faults NAME --include AREA"
                f" --seed {meta['seed']}`,",
                "AREA being the area of each requirement the fault is documented to break",
                "(LKP-ID-013 → `LKP-ID-*`).",
            ]
        ),
        "",
        "- **killed**: the run fails (exit 1) on exactly the documented requirements;",
        "- **hidden**: a documented requirement fails, but so do others of the area;",
        "- **survived**: no documented requirement fails; **error**: no usable report.",
        "",
        "Notes sort the extra failures of a hidden fault: those that fail without any fault (see",
        "the baseline below); those whose failing tests (as kept in report.json's evidence) all",
        "failed for the documented requirement too (one test marked with several requirements);",
        "and those that fail in other tests: the fault changes what those tests check too, or a",
        "test marked with several requirements fails all of them for one wrong answer.",
        "",
        f"**Faults killed {killed}/{len(runs)}** (hidden {counts['hidden']}, survived"
        f" {counts['survived']}, error {counts['error']}). Run {meta['finished']},"
        f" commit {meta['machine']['git_commit']}{' + local changes' if meta['dirty'] else ''},"
        f" {meta['wall_s']:.0f} s on {meta['machine']['nproc']} cores,"
        f" {meta['workers']} runs at a time.",
        "",
        "| fault | category | documented | failed | verdict | s | notes |",
        "|---|---|---|---|---|---:|---|",
    ]
    for run in runs:
        lines.append(
            f"| `{run.fault}` | {cats.get(run.fault, '')} | {ids(run.documented)} |"
            f" {ids(run.run.failed)} | {run.verdict} | {run.run.seconds:.0f} |"
            f" {note(run, base)} |"
        )
    if base:
        lines += [
            "",
            "## Baseline: each area without any fault",
            "",
            "| area | failed | s |",
            "|---|---|---:|",
        ]
        for glob, out in sorted(base.items()):
            state = out.problem or ids(out.failed)
            lines.append(f"| `{glob}` | {state} | {out.seconds:.0f} |")
    return "\n".join(lines) + "\n"


def to_json(
    runs: list[fr.FaultRun], base: dict[str, fr.RunOutcome], meta: dict[str, Any]
) -> dict[str, Any]:
    def outcome(out: fr.RunOutcome) -> dict[str, Any]:
        return {
            "include": list(out.include),
            "exit_code": out.exit_code,
            "seconds": round(out.seconds, 1),
            "failed": sorted(out.failed),
            "errored": sorted(out.errored),
            "problem": out.problem,
        }

    return {
        "benchmark": "fault_matrix",
        **meta,
        "killed": sum(r.verdict == "killed" for r in runs),
        "total": len(runs),
        "baseline": {g: outcome(o) for g, o in sorted(base.items())},
        "faults": [
            {
                "fault": r.fault,
                "documented": sorted(r.documented),
                "verdict": r.verdict,
                "note": note(r, base),
                **outcome(r.run),
            }
            for r in runs
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", default="", help="comma list (default: every fault)")
    parser.add_argument("--workers", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--seed", type=int, default=fr.SEED)
    parser.add_argument("--max-examples", type=int, default=None)
    parser.add_argument("--no-baseline", action="store_true", help="skip the fault-free runs")
    parser.add_argument("--whole", action="store_true", help="the whole kit: no --include")
    parser.add_argument("--md", type=Path, default=None, help="where the table goes")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    args.md = args.md or (DOC_WHOLE if args.whole else DOC)
    args.json = args.json or (RESULT_WHOLE if args.whole else RESULT)
    names = [n for n in args.faults.split(",") if n] or list(fr.all_faults())
    unknown = [n for n in names if n not in fr.FAULTS]
    if unknown:
        parser.error(f"unknown fault(s): {', '.join(unknown)}")
    workers = max(1, min(args.workers, 8))
    started = time.monotonic()
    base, runs = run_all(
        names, workers, args.seed, args.max_examples, not args.no_baseline, args.whole
    )
    dirty = git("status", "--porcelain", "--", "reference_impl", "conformance", "spec")
    meta = {
        "finished": time.strftime("%Y-%m-%d %H:%M"),
        "seed": args.seed,
        "max_examples": args.max_examples,
        "workers": workers,
        "wall_s": round(time.monotonic() - started, 1),
        "machine": machine(),
        "dirty": bool(dirty),
        "whole": args.whole,
    }
    text = markdown(runs, base, meta)
    args.md.parent.mkdir(parents=True, exist_ok=True)
    args.md.write_text(text, encoding="utf-8")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(to_json(runs, base, meta), indent=2) + "\n", encoding="utf-8")
    killed = sum(r.verdict == "killed" for r in runs)
    print(f"\nfaults killed {killed}/{len(runs)} in {meta['wall_s']:.0f} s")
    for run in runs:
        if run.verdict != "killed":
            print(run.explain())
    print(f"wrote {args.md} and {args.json}")
    return 0 if killed == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
