"""The reference's own cost of a lookup, without HTTP: its ASGI app driven directly.

uvicorn and h11 cost as much as the whole constant-JSON ceiling (bench_lookups.py); this
script leaves them out. It calls the Starlette app in
process — the ceiling's and the reference's — with the requests bench_lookups.py sends (random
bulk customers by mobile, source INSTORE, the demo org's Basic credentials) and prints the CPU
time per request: the best and the median of `--reps` rounds of `--requests` each. To compare
two versions of `reference_impl/`, run it once per checkout (e.g. a `git worktree` of the older
commit: `cd that-worktree && PYTHONPATH=. python /path/to/benchmarks/asgi_lookups.py`).

    .venv/bin/python benchmarks/asgi_lookups.py [--endpoint lookup|customerDetails]
        [--customers 10000] [--requests 3000] [--reps 5] [--db FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c
from bench_lookups import ENDPOINTS, bulk_ids

from reference_impl.app import create_app
from reference_impl.seed import bulk_identifiers


def ceiling_app() -> Any:
    spec = importlib.util.spec_from_file_location("_ceiling_app", c.BENCH_DIR / "_ceiling_app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def scope(path: str, query: bytes, authorization: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", authorization)],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }


async def drive(app: Any, scopes: list[dict[str, Any]], statuses: dict[int, int]) -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    for s in scopes:
        await app(s, receive, send)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", choices=sorted(ENDPOINTS), default="lookup")
    ap.add_argument("--customers", type=int, default=10_000, help="seeded when --db is not given")
    ap.add_argument("--requests", type=int, default=3_000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--db", type=Path, help="a seeded database (default: seed a new one)")
    args = ap.parse_args()
    if args.requests < 1 or args.reps < 1 or args.customers < 1:
        ap.error("--requests, --reps and --customers must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="asgi-lookups-"))
    try:
        measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: Path) -> None:
    db = args.db
    if db is None:
        db = work / "reference.sqlite"
        c.seed(db, args.customers, timeout=600)
    elif not db.is_file():
        sys.exit(f"asgi_lookups: --db {db}: no such file")
    path = ENDPOINTS[args.endpoint]
    authorization = c.basic_authorization().encode()
    lo, hi = bulk_ids(db)
    rnd = random.Random(1)

    def scopes(n: int) -> list[dict[str, Any]]:
        mobiles = (bulk_identifiers(rnd.randint(lo, hi))[0] for _ in range(n))
        query = "source=INSTORE&identifierName=mobile&identifierValue={}"
        return [scope(path, query.format(m).encode(), authorization) for m in mobiles]

    for name, app in (("ceiling", ceiling_app()), ("reference", create_app(db))):
        statuses: dict[int, int] = {}
        asyncio.run(drive(app, scopes(min(500, args.requests)), statuses))  # warm-up
        per_request = []
        for _ in range(args.reps):
            batch = scopes(args.requests)
            began = time.process_time()
            asyncio.run(drive(app, batch, statuses))
            per_request.append((time.process_time() - began) / args.requests * 1e6)
        print(
            f"{name:9s} {args.endpoint}: best {min(per_request):6.1f} us/request,"
            f" median {statistics.median(per_request):6.1f}  statuses {statuses}",
            flush=True,
        )
        if set(statuses) != {200}:
            sys.exit(f"asgi_lookups: {name} answered {statuses}, not only 200")


if __name__ == "__main__":
    main()
