"""The pipeline every operation shares: the precedence chain up to the operation's own work."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData, QueryParams
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import Response

from reference_impl import bodies, sources
from reference_impl.auth import authenticate
from reference_impl.catalog import Catalog
from reference_impl.errors import ApiError, Responder
from reference_impl.lookup_params import LookupQuery, parse_lookup
from reference_impl.resolve import Rules, resolve
from reference_impl.store import Customer, Org, Store

log = logging.getLogger("reference_impl")


@dataclass(frozen=True, slots=True)
class AppState:
    store: Store
    catalog: Catalog
    responder: Responder
    faults: frozenset[str]


@dataclass(frozen=True, slots=True)
class Ctx:
    """What an operation's handler gets once the shared checks have passed."""

    state: AppState
    request: Request
    org: Org
    query: LookupQuery | None
    found: Customer | None
    body: bytes
    form: FormData | None

    @property
    def params(self) -> QueryParams:
        return self.request.query_params

    @property
    def store(self) -> Store:
        return self.state.store

    @property
    def faults(self) -> frozenset[str]:
        return self.state.faults

    @property
    def customer(self) -> Customer:
        assert self.found is not None, "lookup operations always resolve a customer"
        return self.found

    def json(self) -> dict[str, Any]:
        return bodies.parse_json_object(self.body)

    def ok(self, body: dict[str, Any], warnings: list[dict[str, Any]] | None = None) -> Response:
        return self.state.responder.ok(body, warnings)

    def warning(self, code: int, x: str | None = None, y: str | None = None) -> dict[str, Any]:
        return self.state.responder.item(code, x, y)


Handler = Callable[[Ctx], Response]


@dataclass(frozen=True, slots=True)
class OpSpec:
    operation_id: str
    method: str
    path: str
    handler: Handler
    rules: Rules
    body: str = "none"  # none | json | multipart
    lookup: bool = True
    allow_lists: bool = True


async def run(spec: OpSpec, state: AppState, request: Request) -> Response:
    """Answer one request; every failure becomes the catalog's envelope, never a traceback."""
    try:
        return await _run(spec, state, request)
    except ApiError as exc:
        return state.responder.error(exc)
    except Exception:
        log.exception("internal error in %s", spec.operation_id)
        return state.responder.error(ApiError(500))


async def _run(spec: OpSpec, state: AppState, request: Request) -> Response:
    faults = state.faults
    early_source = spec.lookup and "precedence_auth_after_source" in faults
    if early_source and not sources.allowed(
        request.query_params.get("source", ""), spec.rules.write
    ):
        raise ApiError(8003)
    org = authenticate(request.headers, state.store, faults)
    body = b""
    if spec.body != "none":
        multipart = spec.body == "multipart"
        expected = "multipart/form-data" if multipart else "application/json"
        bodies.check_media_type(request, expected, faults)
        limit = bodies.MULTIPART_LIMIT if multipart else bodies.JSON_LIMIT
        body = await bodies.read_limited(request, limit, faults)
    query, customer = None, None
    if spec.lookup:
        query = parse_lookup(
            request.query_params,
            org,
            write=spec.rules.write,
            allow_lists=spec.allow_lists,
            faults=faults,
        )
        with state.store.read() as conn:
            customer = resolve(conn, org, query, spec.rules, faults)
    form = await _form(request, body) if spec.body == "multipart" else None
    ctx = Ctx(state, request, org, query, customer, body, form)
    return spec.handler(ctx)


async def _form(request: Request, body: bytes) -> FormData:
    """Parse the already size-checked multipart body; a malformed one is invalid input (400).

    The parser is used directly: `Request.form()` turns its MultiPartException into Starlette's
    HTTPException, which would escape the pipeline as a 500 (LKP-GEN-010)."""

    async def chunks() -> AsyncGenerator[bytes, None]:
        yield body

    parser = MultiPartParser(
        request.headers,
        chunks(),
        max_files=1,
        max_fields=20,
        max_part_size=bodies.MULTIPART_LIMIT,
    )
    try:
        return await parser.parse()
    except MultiPartException:
        raise ApiError(400) from None
