"""Servers that answer, badly: the kit judges each body and names the defect (exit 1)."""

from __future__ import annotations

import json

import pytest
from hostile_kit import KitRuns, assert_survived
from hostile_servers import MIB, Hostile, asgi, constant, gzip_bomb, streaming

pytestmark = pytest.mark.network

HTML_500 = b"<html><body><h1>500 Internal Server Error</h1><p>nginx</p></body></html>"
UNAUTHORIZED = {"errors": [{"status": False, "code": 401, "message": "Invalid credentials"}]}
CODE_AS_STRING = {"errors": [{"status": False, "code": "8015", "message": "Customer not found"}]}
MILLION_WARNINGS = b'{"warnings": [' + b",".join([b"{}"] * 1_000_000) + b'], "entity": 42}'


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


CASES = [
    Hostile(
        "html_500_page",
        asgi(lambda: constant(500, HTML_500, "text/html")),
        1,
        r"Response body is not JSON: '<html>",
    ),
    Hostile(
        "non_json_body",
        asgi(lambda: constant(200, b"Customer found: 42")),
        1,
        r"Response body is not JSON: 'Customer found: 42' \(JSONDecodeError",
    ),
    Hostile(
        "wrong_content_type",
        asgi(lambda: constant(200, _json({"warnings": [], "entity": 42}), "text/plain")),
        1,
        r"Response is not application/json: Content-Type: text/plain",
    ),
    Hostile(
        "invalid_utf8",
        asgi(lambda: constant(200, b'{"warnings": [], "entity": "\xff\xfe"}')),
        1,
        r"Response body is not JSON: .*can't decode byte 0xff",
    ),
    Hostile(
        "body_50_mb",
        asgi(lambda: streaming(50 * MIB)),
        1,
        r"body longer than 5242880 bytes, the kit's --max-response-bytes limit",
    ),
    Hostile(
        "gzip_bomb",
        asgi(lambda: gzip_bomb(1024 * MIB)),
        1,
        r"body is Content-Encoding gzip: the kit asks for identity, decodes none",
    ),
    Hostile(
        "codes_as_strings",
        asgi(lambda: constant(404, _json(CODE_AS_STRING))),
        1,
        r"Code is not an integer: code: '8015'",
    ),
    Hostile(
        "duplicate_keys",
        asgi(lambda: constant(200, b'{"warnings": [], "warnings": null, "entity": 42}')),
        1,
        r"duplicate key 'warnings'",
    ),
    Hostile(
        "deep_nesting",
        asgi(lambda: constant(200, b"[" * 100_000 + b"]" * 100_000)),
        1,
        r"JSON nested too deeply to parse",
    ),
    Hostile(  # the user's mistake, told within seconds (the preflight), with reports
        "always_401",
        asgi(lambda: constant(401, _json(UNAUTHORIZED))),
        2,
        r"preflight: credentials refused by the server \(HTTP 401, code 401 for user 'u'",
        max_seconds=10,
    ),
    Hostile(  # a wrong --base-url: no lookup API there
        "html_404_everywhere",
        asgi(lambda: constant(404, b"<html><h1>404 Not Found</h1></html>", "text/html")),
        2,
        r"preflight: no lookup API at --base-url .* answered HTTP 404 with no JSON body",
        max_seconds=10,
    ),
    Hostile(  # a server that answers 200 {} to everything is not an implementation
        "always_200_empty_object",
        asgi(lambda: constant(200, b"{}")),
        1,
        r"Response violates schema",
    ),
    Hostile(
        "million_empty_warnings",  # 3 MB; three failures per item, ~3 million uncapped
        asgi(lambda: constant(200, MILLION_WARNINGS)),
        1,
        r"…and at least 1000 more in this response \(the first: ",
        max_seconds=90,  # every exchange's checks walk a million items (about 1 s each)
    ),
    Hostile(
        "empty_200",
        asgi(lambda: constant(200, b"", None)),
        1,
        r"Response body is not JSON: '' \(JSONDecodeError",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_kit_names_the_defect(case: Hostile, kit_runs: KitRuns) -> None:
    assert_survived(case, kit_runs.result(case))
