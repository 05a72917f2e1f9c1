"""Spec tools: `lookup-conformance validate | diff | docs` on the spec vs `openapi-spec-validator`.

Every figure is the wall time of the command as a user runs it (a new interpreter each time),
5 runs, medians; ratios are per repetition (all commands back to back) and then the median.
`diff` runs on the spec against itself and against a modified copy (an operation removed, a
query parameter made required, an error code dropped from the catalog: breaking, exit 1).

A second table splits the time inside one interpreter (import, then each step), to show where
it goes: interpreter start and imports, loading the bundle, the OpenAPI validation itself.

    .venv/bin/python benchmarks/bench_spec_tools.py [--reps 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import _common as c
import yaml

# Runs in a fresh interpreter: cost of each step of `validate`, excluding nothing.
BREAKDOWN = r"""
import json, sys, time
t0 = time.perf_counter()
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
t1 = time.perf_counter()
import conformance.cli  # what every command imports first (`run`, `diff`, `docs`: when invoked)
t2 = time.perf_counter()
from pathlib import Path
from conformance.spec.loader import load_bundle
from conformance.spec.validate import validate_spec
spec = Path(sys.argv[1])
t3 = time.perf_counter()
doc, _ = read_from_filename(str(spec / "openapi.yaml"))
t4 = time.perf_counter()
validate(doc)
t5 = time.perf_counter()
bundle = load_bundle(spec)
t6 = time.perf_counter()
problems = validate_spec(spec)
t7 = time.perf_counter()
print(json.dumps({
    "import openapi_spec_validator": t1 - t0,
    "import conformance.cli": t2 - t1,
    "read openapi.yaml": t4 - t3,
    "openapi_spec_validator.validate": t5 - t4,
    "load_bundle": t6 - t5,
    "validate_spec (whole validate)": t7 - t6,
    "problems": len(problems),
}))
"""


def modified_copy(work: Path) -> Path:
    """The spec with three breaking changes (an operation, a parameter, a catalog code)."""
    new = work / "spec-modified"
    shutil.copytree(c.SPEC_DIR, new)
    doc = yaml.safe_load((new / "openapi.yaml").read_text(encoding="utf-8"))
    paths = doc["paths"]
    removed = "/v2/customers/lookup/coupons"
    paths.pop(removed, None)
    made_required = None
    for op in (paths.get("/v2/customers/lookup/customerDetails") or {}).values():
        if not isinstance(op, dict):
            continue
        for param in op.get("parameters", []):
            if isinstance(param, dict) and param.get("in") == "query" and not param.get("required"):
                param["required"] = True
                made_required = param.get("name")
                break
    (new / "openapi.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    codes = yaml.safe_load((new / "codes.yaml").read_text(encoding="utf-8"))
    dropped = next(x["code"] for x in codes["codes"] if x.get("kind") == "error")
    codes["codes"] = [x for x in codes["codes"] if x["code"] != dropped]
    (new / "codes.yaml").write_text(yaml.safe_dump(codes, sort_keys=False), encoding="utf-8")
    print(f"modified copy: removed {removed}, made {made_required!r} required, dropped {dropped}")
    return new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--budget", type=float, default=240.0)
    args = ap.parse_args()
    budget = c.Budget(args.budget)
    contention = c.Contention()
    work = Path(tempfile.mkdtemp(prefix="bench-spec-"))
    lc = str(c.BIN / "lookup-conformance")
    spec = str(c.SPEC_DIR)
    try:
        modified = modified_copy(work)
        commands: dict[str, tuple[list[str], tuple[int, ...]]] = {
            "openapi-spec-validator": (
                [str(c.BIN / "openapi-spec-validator"), str(c.OPENAPI)],
                (0,),
            ),
            "validate": ([lc, "validate", "--spec", spec], (0,)),
            "diff (itself)": ([lc, "diff", spec, spec], (0,)),
            "diff (modified)": ([lc, "diff", spec, str(modified)], (1,)),
            "docs": ([lc, "docs", "--out", str(work / "site")], (0,)),
            "python -c pass": ([str(c.BIN / "python"), "-c", "pass"], (0,)),
        }
        walls: dict[str, list[float]] = {k: [] for k in commands}
        notes: dict[str, str] = {}
        for rep in range(args.reps):
            if rep and not budget.allows(f"rep {rep + 1}", 30):
                break
            for name, (cmd, ok) in commands.items():
                t = c.run_timed(cmd, cwd=work, timeout=120)
                c.require_ok(t, name, ok)
                walls[name].append(t.wall)
                if name.startswith("diff"):
                    notes[name] = t.output.strip().splitlines()[-1][:200] if t.output else ""
            print(
                f"rep {rep + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in walls.items() if v),
                flush=True,
            )
        steps: list[dict[str, float]] = []
        for _ in range(min(args.reps, 5)):
            if not budget.allows("breakdown", 10):
                break
            t = c.run_timed([str(c.BIN / "python"), "-c", BREAKDOWN, spec], cwd=work, timeout=120)
            c.require_ok(t, "breakdown")
            steps.append(json.loads(t.output.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = walls["openapi-spec-validator"]
    ratios = {
        name: c.summary([w / b for w, b in zip(ws, base, strict=False)])
        for name, ws in walls.items()
        if name != "openapi-spec-validator"
    }
    breakdown = {k: c.summary([s[k] for s in steps]) for k in (steps[0] if steps else {})}
    result = {
        "command": "python benchmarks/bench_spec_tools.py " + " ".join(sys.argv[1:]),
        "wall_s": {k: c.summary(v) for k, v in walls.items()},
        "ratio_to_openapi_spec_validator": ratios,
        "diff_last_line": notes,
        "in_process_breakdown_s": breakdown,
        "skipped_for_time": budget.cut,
    }
    print()
    c.table(
        [[k, result["wall_s"][k]["median"], ratios.get(k, {}).get("median", 1.0)] for k in walls],
        ["command", "wall s (median)", "x openapi-spec-validator"],
    )
    print()
    c.table([[k, v["median"]] for k, v in breakdown.items()], ["step (one interpreter)", "s"])
    c.write_result("spec_tools", result, contention)


if __name__ == "__main__":
    main()
