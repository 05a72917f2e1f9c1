"""Operation query parameters: integers, booleans, pagination and dates (step 13 of the chain)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from starlette.datastructures import QueryParams

from reference_impl.errors import ApiError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d{1,18}$")


def opt_int(params: QueryParams, name: str, code: int = 400) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not _INT.match(raw.strip()):
        raise ApiError(code)
    return int(raw)


def opt_bool(params: QueryParams, name: str) -> bool:
    raw = params.get(name)
    if raw is None or raw == "":
        return False
    if raw not in ("true", "false"):
        raise ApiError(400)
    return raw == "true"


def opt_enum(params: QueryParams, name: str, allowed: tuple[str, ...], code: int = 400) -> str:
    raw = params.get(name)
    if raw is None or raw == "":
        return allowed[0]
    if raw not in allowed:
        raise ApiError(code)
    return raw


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


def page(params: QueryParams, default: int, maximum: int, faults: frozenset[str]) -> Page:
    """`limit` in 1..maximum (default `default`) and `offset` >= 0; anything else is 400."""
    limit = opt_int(params, "limit")
    offset = opt_int(params, "offset")
    limit = default if limit is None else limit
    offset = 0 if offset is None else offset
    lax = maximum == 100 and "pagination_limit_unbounded" in faults
    top = 2**31 if lax else maximum
    if offset < 0 and "pagination_negative_offset_accepted" in faults:
        offset = 0
    if not 1 <= limit <= top or offset < 0:
        raise ApiError(400)
    return Page(limit, offset)


def opt_date(params: QueryParams, name: str, faults: frozenset[str]) -> date | None:
    """A YYYY-MM-DD date; any other spelling is 1216 with the parameter's name."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    text = raw.strip()
    if "date_format_lenient" in faults:
        text = text.replace("/", "-")[:10]
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(1216, name) from None
