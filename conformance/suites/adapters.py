"""Turn a schemathesis response into the kit's Exchange, so the same checks judge it."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.checks.context import CheckContext
from conformance.fuzz_session import body_truncated
from conformance.model import Exchange, RecordedRequest, RecordedResponse


def exchange_from_schemathesis(response: Any, ctx: CheckContext) -> Exchange:
    """Attributed by method and path: coverage probes with other methods belong to no operation."""
    prepared = response.request
    url = str(prepared.url)
    parts = urlsplit(url)
    body = prepared.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    request = RecordedRequest(
        method=str(prepared.method),
        url=url,
        path=parts.path,
        query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
        headers=tuple((str(k), str(v)) for k, v in prepared.headers.items()),
        body=body if isinstance(body, bytes) else None,
    )
    headers = tuple(
        (str(k), str(v))
        for k, values in response.headers.items()
        for v in (values if isinstance(values, list) else [values])
    )
    recorded = RecordedResponse(
        status=int(response.status_code),
        headers=headers,
        body=bytes(response.content or b""),
        elapsed=float(response.elapsed or 0.0),
        truncated=body_truncated(prepared),  # cut at --max-response-bytes (fuzz_session.py)
    )
    return Exchange(request, recorded, ctx.operation_for(request.method, request.path))
