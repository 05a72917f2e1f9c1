"""Records shared by drivers, checks and reports: exchanges, failures, outcomes."""

from __future__ import annotations

import json
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
            try:
                self._parsed.append(json.loads(self.body.decode("utf-8")))
            except (UnicodeDecodeError, ValueError) as exc:
                self._parsed.append(_Unparseable(f"{type(exc).__name__}: {exc}"))
            except RecursionError:
                self._parsed.append(_Unparseable("JSON nested too deeply to parse"))
        value = self._parsed[0]
        if isinstance(value, _Unparseable):
            raise ValueError(value.reason)
        return value


@dataclass(frozen=True, slots=True)
class _Unparseable:
    reason: str


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
