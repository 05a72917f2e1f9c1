"""Request counter for `lookup-reference serve`, injected by the benchmarks via PYTHONPATH.

Nothing of the kit or the reference server is edited: when BENCH_COUNT_DIR is set and this
process is `lookup-reference serve`, `uvicorn.run` is wrapped so the ASGI app counts every HTTP
request it receives. `GET /__bench__/count` answers the running totals (and is not counted);
at the ASGI lifespan shutdown (uvicorn re-raises SIGTERM after it, so no `finally` would run)
the totals go to BENCH_COUNT_DIR/<pid>.json.
"""

from __future__ import annotations

import json
import os
import sys

_DIR = os.environ.get("BENCH_COUNT_DIR")
_SERVE = os.path.basename(sys.argv[0]) == "lookup-reference" and sys.argv[1:2] == ["serve"]


class _Counting:
    def __init__(self, app):
        self.app = app
        self.total = 0
        self.by_status: dict[str, int] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":

            async def watching_receive():
                message = await receive()
                if message["type"] == "lifespan.shutdown":
                    self.dump()
                return message

            return await self.app(scope, watching_receive, send)
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"] == "/__bench__/count":
            body = json.dumps(self.snapshot()).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return None
        self.total += 1

        async def counting_send(message):
            if message["type"] == "http.response.start":
                key = str(message["status"])
                self.by_status[key] = self.by_status.get(key, 0) + 1
            await send(message)

        return await self.app(scope, receive, counting_send)

    def snapshot(self) -> dict[str, object]:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"requests": self.total, "by_status": dict(self.by_status), "maxrss_kib": peak}

    def dump(self) -> None:
        path = os.path.join(_DIR or ".", f"{os.getpid()}.json")
        with open(path, "w", encoding="utf-8") as out:
            json.dump(self.snapshot(), out)


def _install() -> None:
    import uvicorn

    original = uvicorn.run

    def run(app, *args, **kwargs):
        return original(_Counting(app), *args, **kwargs)

    uvicorn.run = run


if _DIR and _SERVE:
    _install()
