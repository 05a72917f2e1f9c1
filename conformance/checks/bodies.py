"""Reading envelope parts out of a response body without trusting its shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.model import Exchange


def json_object(ex: Exchange) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one."""
    try:
        body = ex.response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def items(ex: Exchange, key: str) -> list[Any]:
    """`errors` or `warnings` as a list (empty when absent or not a list)."""
    body = json_object(ex)
    value = body.get(key) if body is not None else None
    return value if isinstance(value, list) else []


def iter_coded_items(ex: Exchange, key: str) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(index, pointer, item) for each item of `key` that is an object with an integer code,
    one at a time: a check that stops early never walks a body of a million items."""
    for i, item in enumerate(items(ex, key)):
        if isinstance(item, dict) and type(item.get("code")) is int:
            yield i, f"/{key}/{i}", item


def coded_items(ex: Exchange, key: str) -> list[tuple[int, str, dict[str, Any]]]:
    """`iter_coded_items` as a list."""
    return list(iter_coded_items(ex, key))


def first_coded_item(ex: Exchange, key: str) -> tuple[int, str, dict[str, Any]] | None:
    return next(iter_coded_items(ex, key), None)


def has_coded_items(ex: Exchange, key: str) -> bool:
    return first_coded_item(ex, key) is not None


def is_success(ex: Exchange) -> bool:
    return ex.response.status == 200


def is_error(ex: Exchange) -> bool:
    """An error response of the contract: 4xx, 5xx, or 201 (partial failure)."""
    return ex.response.status >= 400 or ex.response.status == 201


def has_json_object(ex: Exchange) -> bool:
    return json_object(ex) is not None
