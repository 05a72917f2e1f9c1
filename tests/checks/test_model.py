"""Records: request/response accessors, the cached JSON parse, curl replay, failure rendering."""

from __future__ import annotations

import json

import pytest

from conformance import model
from conformance.model import (
    Exchange,
    Failure,
    Outcome,
    RecordedRequest,
    RecordedResponse,
    build_url,
)


def test_outcome_values_are_the_report_vocabulary() -> None:
    assert [o.value for o in Outcome] == ["pass", "fail", "not-applicable", "skip", "error"]


def test_request_query_value_returns_the_first_value_or_none() -> None:
    req = RecordedRequest(
        "GET", "u", "/p", query=(("source", "INSTORE"), ("source", "WECHAT"), ("id", "7"))
    )
    assert req.query_value("source") == "INSTORE"
    assert req.query_value("id") == "7"
    assert req.query_value("Source") is None


def test_headers_are_looked_up_case_insensitively() -> None:
    req = RecordedRequest("GET", "u", "/p", headers=(("X-CAP-API-OAUTH-TOKEN", "t"),))
    resp = RecordedResponse(200, (("content-TYPE", "Application/JSON; charset=utf-8"),))
    assert req.header("x-cap-api-oauth-token") == "t"
    assert req.header("authorization") is None
    assert resp.header("Content-Type") == "Application/JSON; charset=utf-8"
    assert resp.media_type == "application/json"


def test_media_type_is_empty_without_content_type() -> None:
    assert RecordedResponse(200).media_type == ""


def test_json_parses_once_and_returns_the_cached_value(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_loads = json.loads

    def counting_loads(text: str) -> object:
        calls.append(text)
        return real_loads(text)

    monkeypatch.setattr(model.json, "loads", counting_loads)
    resp = RecordedResponse(200, body=b'{"warnings": [], "customer": {"id": 1}}')
    first = resp.json()
    assert first == {"warnings": [], "customer": {"id": 1}}
    assert resp.json() is first
    assert calls == ['{"warnings": [], "customer": {"id": 1}}']


def test_json_caches_a_failed_parse_too(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_loads = json.loads

    def counting_loads(text: str) -> object:
        calls.append(text)
        return real_loads(text)

    monkeypatch.setattr(model.json, "loads", counting_loads)
    resp = RecordedResponse(500, body=b"<html>oops</html>")
    for _ in range(2):
        with pytest.raises(
            ValueError, match=r"^JSONDecodeError: Expecting value: line 1 column 1 \(char 0\)$"
        ):
            resp.json()
    assert len(calls) == 1


def test_json_raises_value_error_naming_invalid_utf8() -> None:
    resp = RecordedResponse(200, body=b'{"name": "\xff"}')
    with pytest.raises(ValueError) as info:
        resp.json()
    assert str(info.value) == (
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 10: "
        "invalid start byte"
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"),
        (
            b"{'a': 1}",
            "JSONDecodeError: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        (b'{"a": 1} trailing', "JSONDecodeError: Extra data: line 1 column 10 (char 9)"),
    ],
)
def test_json_raises_value_error_naming_invalid_json(body: bytes, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        RecordedResponse(200, body=body).json()
    assert str(info.value) == reason


def test_json_reports_nesting_too_deep_to_parse_as_value_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real_loads = json.loads

    def counting_loads(text: str) -> object:
        calls.append(text)
        return real_loads(text)

    monkeypatch.setattr(model.json, "loads", counting_loads)
    depth = 100_000  # json.loads raises RecursionError, which is not a ValueError
    resp = RecordedResponse(200, body=b"[" * depth + b"]" * depth)
    for _ in range(2):
        with pytest.raises(ValueError, match=r"^JSON nested too deeply to parse$"):
            resp.json()
    assert len(calls) == 1


def test_json_returns_non_object_documents_as_parsed() -> None:
    assert RecordedResponse(200, body=b"[1, null]").json() == [1, None]


def test_parse_cache_does_not_take_part_in_equality() -> None:
    parsed = RecordedResponse(200, body=b"{}")
    parsed.json()
    assert parsed == RecordedResponse(200, body=b"{}")


def _exchange(request: RecordedRequest) -> Exchange:
    return Exchange(request, RecordedResponse(200), "updateCustomerByLookup")


def test_curl_quotes_single_quotes_and_drops_transport_headers() -> None:
    body = b'{"lastname": "O\'Brien"}'
    request = RecordedRequest(
        "PUT",
        "https://api.example.test/v2/customers/lookup/customerDetails?source=INSTORE&a=b c",
        "/v2/customers/lookup/customerDetails",
        headers=(
            ("Host", "api.example.test"),
            ("Content-Length", str(len(body))),
            ("Accept-Encoding", "gzip"),
            ("Connection", "keep-alive"),
            ("Content-Type", "application/json"),
            ("X-Note", "it's"),
        ),
        body=body,
    )
    assert _exchange(request).curl() == (
        "curl -sS -X PUT"
        " -H 'Content-Type: application/json'"
        " -H 'X-Note: it'\"'\"'s'"
        ' --data-binary \'{"lastname": "O\'"\'"\'Brien"}\''
        " 'https://api.example.test/v2/customers/lookup/customerDetails?source=INSTORE&a=b c'"
    )


def test_curl_without_body_sends_no_data() -> None:
    request = RecordedRequest("GET", "https://h/v2/customers/lookup?id=1", "/v2/customers/lookup")
    assert _exchange(request).curl() == "curl -sS -X GET 'https://h/v2/customers/lookup?id=1'"


def test_curl_points_a_binary_body_at_a_file() -> None:
    request = RecordedRequest("POST", "https://h/p", "/p", body=b"\xff\xfe")
    assert _exchange(request).curl() == "curl -sS -X POST --data-binary @body.bin 'https://h/p'"


def test_build_url_joins_base_path_and_encoded_query() -> None:
    assert build_url("https://h/", "/v2/customers/lookup") == "https://h/v2/customers/lookup"
    assert (
        build_url(
            "https://h", "/v2/customers/lookup", [("identifierName", "email"), ("q", "a b&c")]
        )
        == "https://h/v2/customers/lookup?identifierName=email&q=a+b%26c"
    )


def test_failure_render_with_pointer_and_remedy() -> None:
    failure = Failure(
        "http_status_matches_catalog",
        "HTTP status does not match the catalog",
        "HTTP 404 for code 8015",
        "HTTP 400",
        "/errors/0/code",
        "Send code 8015 with HTTP 404, as spec/codes.yaml says.",
        ("LKP-ERR-003",),
    )
    assert failure.render() == (
        "HTTP status does not match the catalog at /errors/0/code\n"
        "  Expected: HTTP 404 for code 8015\n"
        "  Received: HTTP 400\n"
        "  Send code 8015 with HTTP 404, as spec/codes.yaml says."
    )


def test_failure_render_without_pointer_or_remedy() -> None:
    failure = Failure(
        "status_code_is_documented", "Undocumented HTTP status code", "one of 200", "HTTP 500"
    )
    assert failure.render() == (
        "Undocumented HTTP status code\n  Expected: one of 200\n  Received: HTTP 500"
    )
