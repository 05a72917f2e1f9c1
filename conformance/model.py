"""Records shared by drivers, checks and reports: exchanges, failures, outcomes."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    SKIP = "skip"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    url: str  # full URL with query string
    path: str  # path as sent, without query
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None

    def query_value(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)


_NOT_PARSED = object()


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    elapsed: float = 0.0
    truncated: bool = False  # the kit stopped reading at its size limit
    _parsed: list[Any] = field(default_factory=list, repr=False, compare=False)

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The parsed body, or raises ValueError (cached: checks share one parse)."""
        if not self._parsed:
            self._parsed.append(_parse(self))
        value = self._parsed[0]
        if isinstance(value, _Unparseable):
            raise ValueError(value.reason)
        return value


@dataclass(frozen=True, slots=True)
class _Unparseable:
    reason: str


class _DuplicateKey(ValueError):
    pass


def _parse(response: RecordedResponse) -> Any:
    if response.truncated:
        return _Unparseable(
            f"body longer than {len(response.body)} bytes, the kit's --max-response-bytes limit"
        )
    try:
        text = response.body.decode("utf-8")
        value = json.loads(text)
        _UNIQUE_KEYS.decode(text)  # a second pass, only to find repeated names
        return value
    except _DuplicateKey as exc:
        return _Unparseable(str(exc))
    except (UnicodeDecodeError, ValueError) as exc:
        # a driver that decodes (requests) leaves the header: only an unparseable body blames it
        coding = (response.header("content-encoding") or "identity").strip().lower()
        if coding != "identity":
            reason = f"body is Content-Encoding {coding}: the kit asks for identity, decodes none"
            return _Unparseable(reason)
        return _Unparseable(f"{type(exc).__name__}: {exc}")
    except RecursionError:
        return _Unparseable("JSON nested too deeply to parse")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """RFC 8259 leaves the value of a repeated name undefined: clients disagree on which wins."""
    obj = dict(pairs)
    if len(obj) < len(pairs):
        repeated = next(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
        raise _DuplicateKey(f"duplicate key {repeated!r}: which value counts is undefined")
    return obj


_UNIQUE_KEYS = json.JSONDecoder(object_pairs_hook=_unique_keys)


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its response, attributed to an operation of the contract."""

    request: RecordedRequest
    response: RecordedResponse
    operation_id: str | None

    def curl(self) -> str:
        """A shell line that replays the request; credentials come from environment variables.

        Reports are handed to customers, so the Authorization and token headers are never
        written out: `$LOOKUP_AUTHORIZATION` / `$LOOKUP_OAUTH_TOKEN` stand in for them.
        """
        parts = ["curl", "-sS", "-X", self.request.method]
        for k, v in self.request.headers:
            low = k.lower()
            if low in {"content-length", "host", "accept-encoding", "connection"}:
                continue
            if low in SECRET_HEADERS:
                parts += ["-H", f'"{k}: ${SECRET_HEADERS[low]}"']
                continue
            parts += ["-H", _shell_quote(f"{k}: {v}")]
        if self.request.body:
            try:
                parts += ["--data-binary", _shell_quote(self.request.body.decode("utf-8"))]
            except UnicodeDecodeError:
                parts += ["--data-binary", "@body.bin"]
        parts.append(_shell_quote(self.request.url))
        return " ".join(parts)


SECRET_HEADERS = {
    "authorization": "LOOKUP_AUTHORIZATION",
    "x-cap-api-oauth-token": "LOOKUP_OAUTH_TOKEN",
}


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


def build_url(base: str, path: str, query: list[tuple[str, str]] | None = None) -> str:
    url = base.rstrip("/") + path
    return url + ("?" + urlencode(query) if query else "")


@dataclass(frozen=True, slots=True)
class Failure:
    """One violation: fixed title per kind, evidence in a fixed shape, one remedy sentence."""

    check: str
    title: str
    expected: str
    received: str
    pointer: str = ""
    remedy: str = ""
    requirements: tuple[str, ...] = ()

    def render(self) -> str:
        where = f" at {self.pointer}" if self.pointer else ""
        return f"{self.title}{where}\n  Expected: {self.expected}\n  Received: {self.received}" + (
            f"\n  {self.remedy}" if self.remedy else ""
        )
