"""The framework's ceiling: a constant-JSON Starlette endpoint, served exactly like the reference.

Same framework, same route path, same `uvicorn.run(app, host=..., port=..., log_level="warning")`
as `lookup-reference serve` (reference_impl/cli.py); no auth, no database, no parsing.

    python benchmarks/_ceiling_app.py --port P
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BODY = {"entity": 1, "warnings": []}  # the shape of a getCustomerByLookup answer


async def constant(request: Request) -> Response:
    return JSONResponse(BODY)


app = Starlette(
    routes=[
        Route("/v2/customers/lookup", constant, methods=["GET"]),
        Route("/v2/customers/lookup/customerDetails", constant, methods=["GET"]),
    ]
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
