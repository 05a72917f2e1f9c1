"""Closed-loop HTTP/1.1 load generator: N keep-alive connections, one request in flight on each.

Run as its own process (the benchmark pins it to another core than the server):

    python benchmarks/_loadgen.py --port P --paths FILE --concurrency 8 --seconds 3 --warmup 0.5

`--paths` is a file of request targets (path?query), one a line, sent round robin from a random
start per connection. Prints one JSON object: requests, errors, statuses, requests/s and
latency percentiles (ms) of the requests completed after the warm-up. Raw asyncio sockets, not an
HTTP library: the client must cost far less than the server it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time

HOST = "127.0.0.1"
MAX_SECONDS = 120.0  # hard bound of one measurement, whatever the arguments say


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = None, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def connection(
    port: int,
    requests: list[bytes],
    start: float,
    stop: float,
    latencies: list[float],
    statuses: dict[int, int],
    errors: list[str],
    completed: list[int],
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    i = random.randrange(len(requests))
    try:
        while True:
            t0 = time.perf_counter()
            if t0 >= stop:
                break
            writer.write(requests[i % len(requests)])
            i += 1
            try:
                status = await read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                errors.append(type(exc).__name__)
                break
            t1 = time.perf_counter()
            completed[0] += 1
            if t0 >= start:
                latencies.append(t1 - t0)
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    with open(args.paths, encoding="utf-8") as f:
        targets = [line.strip() for line in f if line.strip()]
    extra = "".join(f"{h}\r\n" for h in args.header)
    requests = [
        f"GET {t} HTTP/1.1\r\nHost: {HOST}:{args.port}\r\nAccept: application/json\r\n"
        f"{extra}\r\n".encode()
        for t in targets
    ]
    seconds = min(args.seconds + args.warmup, MAX_SECONDS)
    began = time.perf_counter()
    start, stop = began + args.warmup, began + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    completed = [0]
    await asyncio.gather(
        *(
            connection(args.port, requests, start, stop, latencies, statuses, errors, completed)
            for _ in range(args.concurrency)
        )
    )
    measured = max(1e-9, time.perf_counter() - start)
    lat = sorted(latencies)
    return {
        "requests": len(lat),
        "requests_with_warmup": completed[0],
        "seconds": round(measured, 3),
        "requests_per_s": round(len(lat) / measured, 1),
        "p50_ms": round(percentile(lat, 0.50) * 1000, 3),
        "p90_ms": round(percentile(lat, 0.90) * 1000, 3),
        "p99_ms": round(percentile(lat, 0.99) * 1000, 3),
        "mean_ms": round(statistics.fmean(lat) * 1000, 3) if lat else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": errors,
        "concurrency": args.concurrency,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--paths", required=True)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--warmup", type=float, default=0.5)
    ap.add_argument("--header", action="append", default=[], help="Name: value")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    random.seed(args.seed)
    print(json.dumps(asyncio.run(main_async(args))))


if __name__ == "__main__":
    main()
