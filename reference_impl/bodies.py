"""Request bodies: media type, size limit, and strict JSON decoding into typed values."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from reference_impl.errors import ApiError

JSON_LIMIT = 1024 * 1024
MULTIPART_LIMIT = 49 * 1024 * 1024


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def check_media_type(request: Request, expected: str, faults: frozenset[str]) -> None:
    if expected == "application/json" and "media_type_not_checked" in faults:
        return
    if media_type(request) != expected:
        raise ApiError(415)


async def read_limited(request: Request, limit: int, faults: frozenset[str]) -> bytes:
    """The whole body, refusing with 413 as soon as it is known to exceed `limit` bytes."""
    if limit == JSON_LIMIT and "body_size_unlimited" in faults:
        limit = 2**62
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413)
        chunks.append(chunk)
    return b"".join(chunks)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object; 400 when it is not UTF-8, not JSON, or not an object."""
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400) from None
    if not isinstance(doc, dict):
        raise ApiError(400)
    return doc


def opt_str(doc: dict[str, Any], key: str, *, max_len: int = 10_000) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_len:
        raise ApiError(400)
    return value


def opt_int(doc: dict[str, Any], key: str) -> int | None:
    value = doc.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
        raise ApiError(400)
    return value


def opt_list(doc: dict[str, Any], key: str, *, max_items: int = 1000) -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > max_items:
        raise ApiError(400)
    return value


def opt_object(doc: dict[str, Any], key: str) -> dict[str, Any]:
    value = doc.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError(400)
    return value


def objects(items: list[Any]) -> list[dict[str, Any]]:
    if not all(isinstance(item, dict) for item in items):
        raise ApiError(400)
    return items


def opt_bool(doc: dict[str, Any], key: str) -> bool | None:
    """A boolean, also as the strings "true"/"false" the real API sends."""
    value = doc.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ApiError(400)
