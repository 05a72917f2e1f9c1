"""The Starlette application: `create_app(db_path, faults)` wires the store, catalog and routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reference_impl.catalog import Catalog
from reference_impl.errors import ApiError, Responder
from reference_impl.faults import check_faults
from reference_impl.operations import OPERATIONS
from reference_impl.pipeline import AppState, OpSpec, run
from reference_impl.store import Store


def _endpoint(spec: OpSpec, state: AppState) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        if request.method != spec.method:  # HEAD, which Starlette adds to GET routes
            return state.responder.error(ApiError(405))
        return await run(spec, state, request)

    endpoint.__name__ = spec.operation_id
    return endpoint


def _routes(state: AppState) -> list[Route]:
    by_path: dict[str, list[OpSpec]] = {}
    for spec in OPERATIONS:
        by_path.setdefault(spec.path, []).append(spec)
    routes = []
    for path, specs in by_path.items():
        for spec in specs:
            routes.append(Route(path, _endpoint(spec, state), methods=[spec.method]))
    return routes


def create_app(
    db_path: str | Path = ":memory:",
    faults: frozenset[str] | set[str] = frozenset(),
    spec_dir: Path | None = None,
) -> Starlette:
    """The reference server on SQLite `db_path`, with the named faults switched on."""
    chosen = frozenset(faults)
    check_faults(chosen)
    catalog = Catalog.load(spec_dir)
    state = AppState(Store(str(db_path)), catalog, Responder(catalog, chosen), chosen)

    async def http_error(request: Request, exc: Exception) -> Response:
        """Routing errors in the envelope: 405 for a method the path lacks; 404 for no path."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            return state.responder.error(ApiError(405))
        response = state.responder.error(ApiError(400 if status < 500 else 500))
        response.status_code = 404 if status == 404 else response.status_code
        return response

    app = Starlette(routes=_routes(state), exception_handlers={HTTPException: http_error})
    app.state.lookup = state
    return app
