"""Servers that give no usable HTTP answer: the kit stops in time and says why (exit 3)."""

from __future__ import annotations

import pytest
from hostile_kit import KitRuns, assert_survived
from hostile_servers import (
    Hostile,
    answer_once_then_stall,
    asgi,
    invalid_chunking,
    loop_redirect,
    not_http,
    other_host_redirect,
    raw,
    reset_mid_body,
    slow_headers,
    stall,
    streaming,
)

pytestmark = pytest.mark.network

CASES = [
    Hostile(
        "endless_body",
        asgi(lambda: streaming(None, delay=0.05)),
        3,
        r"response body still arriving after 2 s",
    ),
    Hostile("stall_60_s", asgi(lambda: stall(60)), 3, r"no response within 2 s"),
    Hostile("slow_headers", raw(lambda: slow_headers(0.5)), 3, r"no response within 2 s"),
    Hostile(
        "reset_mid_body",
        raw(reset_mid_body),
        3,
        r"connection failed mid-body: ReadError: .*Connection reset by peer",
    ),
    Hostile(
        "invalid_chunking",
        raw(invalid_chunking),
        3,
        r"connection failed mid-body: RemoteProtocolError: illegal chunk header",
    ),
    Hostile(
        "not_http",
        raw(not_http),
        3,
        r"RemoteProtocolError: Server disconnected without sending a response",
    ),
    Hostile(
        "redirect_loop",
        asgi(loop_redirect),
        3,
        r"redirect HTTP 302 to /v2/customers/lookup\?\S+ refused",
    ),
    Hostile(
        "redirect_other_host",
        asgi(other_host_redirect),
        3,
        r"redirect HTTP 307 to http://elsewhere\.invalid/v2/customers/lookup\?\S+ refused",
    ),
    Hostile(
        "answers_once_then_stalls",
        asgi(lambda: answer_once_then_stall(60)),
        3,
        r"run stopped: 3 requests in a row got no usable response \(last: no response within",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_kit_stops_and_says_why(case: Hostile, kit_runs: KitRuns) -> None:
    assert_survived(case, kit_runs.result(case))
