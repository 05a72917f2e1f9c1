"""Run every benchmark in turn with its defaults, then print the table and render the README.

    .venv/bin/python benchmarks/run_all.py [--only overhead,certify,...] [--profile]

--only runs the named benchmarks in the order given.

--profile passes --profile to bench_overhead.py and bench_lookups.py (py-spy needed).
Each script is bounded by its own --budget; this adds a limit per script as a last resort.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("spec_tools", "lookups", "certify", "overhead", "scaling")
LIMIT_S = {"spec_tools": 600, "lookups": 1200, "certify": 1200, "overhead": 1800, "scaling": 1800}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(ORDER))
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    chosen = [n for n in args.only.split(",") if n in ORDER]  # in the order given
    began = time.monotonic()
    took: dict[str, float] = {}
    for name in chosen:
        cmd = [sys.executable, str(HERE / f"bench_{name}.py")]
        if args.profile and name in ("overhead", "lookups"):
            cmd.append("--profile")
        print(f"\n=== {' '.join(cmd[1:])}", flush=True)
        t0 = time.monotonic()
        code = subprocess.run(cmd, timeout=LIMIT_S[name], check=False).returncode
        took[name] = time.monotonic() - t0
        if code:
            print(f"bench_{name}.py exited {code}", flush=True)
    print(
        "\n=== time per benchmark: " + ", ".join(f"{k} {v / 60:.1f} min" for k, v in took.items())
    )
    print(f"=== total {(time.monotonic() - began) / 60:.1f} min\n")
    make = [sys.executable, str(HERE / "make_table.py"), "--write"]  # the table, then README.md
    subprocess.run(make, check=False, timeout=60)


if __name__ == "__main__":
    main()
