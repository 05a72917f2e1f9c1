"""Pagination of transactions, retro requests and referrals: bounds, totals and pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail
from conformance.suites.requests import campaign_token, fixture_params

# (path, fixtures customer holding items, default limit, maximum limit, profile)
LISTS = [
    pytest.param(
        LOOKUP + "/transactions",
        "loyalty",
        20,
        1000,
        marks=pytest.mark.profile("loyalty-reads"),
        id="transactions",
    ),
    pytest.param(
        LOOKUP + "/retroRequest",
        "loyalty",
        10,
        100,
        marks=pytest.mark.profile("loyalty-reads"),
        id="retroRequest",
    ),
    pytest.param(
        LOOKUP + "/referrals",
        "referral",
        10,
        100,
        marks=pytest.mark.profile("engagement"),
        id="referrals",
    ),
]
SHORT_LISTS = [p for p in LISTS if p.id != "transactions"]
# GET referrals answers one summary per campaign and pages its invitees (LKP-REF-007)
DATA_LISTS = [p for p in LISTS if p.id != "referrals"]
REFERRALS = LOOKUP + "/referrals"


def page(lookup: LookupSession, path: str, state: str, **extra: str) -> Any:
    params = fixture_params(lookup, state)
    if path.endswith("/referrals"):
        params.append(("campaignToken", campaign_token(lookup)))
    return lookup.client.request("GET", path, params=params + list(extra.items()))


def pagination(body: dict[str, Any]) -> dict[str, Any]:
    value = body.get("pagination")
    if not isinstance(value, dict):
        fail("Missing pagination", "pagination: {limit, offset, total}", repr(value), "/pagination")
    assert isinstance(value, dict)
    return value


def listed(lookup: LookupSession, path: str, state: str, **extra: str) -> tuple[list[Any], int]:
    body = expect_success(page(lookup, path, state, **extra), why=f"page {extra}")
    total = pagination(body).get("total")
    data = items(body) if path == REFERRALS else body.get("data")
    if not isinstance(data, list) or type(total) is not int:
        got = f"data {data!r}, total {total!r}"
        fail("Malformed page", "data: an array, pagination.total: an integer", got)
    assert isinstance(data, list)
    assert isinstance(total, int)
    return data, total


def items(body: dict[str, Any]) -> Any:
    """Referrals: the invitees of the one campaign summary that every page holds."""
    data = body.get("data")
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        fail("Referral page without one summary", "data: [one campaign summary]", repr(data)[:120])
    assert isinstance(data, list)
    return data[0].get("invitees")


def enough(lookup: LookupSession, path: str, state: str, at_least: int) -> int:
    _, total = listed(lookup, path, state)
    if total < at_least:
        pytest.skip(f"fixtures' {state} customer has {total} items here; the test needs {at_least}")
    return total


@pytest.mark.requirement("LKP-PAG-001")
@pytest.mark.parametrize(("path", "state", "default", "maximum"), SHORT_LISTS)
def test_limit_bounds(
    lookup: LookupSession, path: str, state: str, default: int, maximum: int
) -> None:
    body = expect_success(page(lookup, path, state))
    expect_equal("pagination.limit without limit", default, pagination(body).get("limit"))
    expect_success(page(lookup, path, state, limit=str(maximum)), why=f"limit={maximum}")
    for limit in ("0", str(maximum + 1)):
        expect_error(lookup, page(lookup, path, state, limit=limit), 400, why=f"limit={limit}")


@pytest.mark.requirement("LKP-PAG-002")
@pytest.mark.parametrize(("path", "state", "default", "maximum"), LISTS)
def test_offset_is_a_non_negative_integer(
    lookup: LookupSession, path: str, state: str, default: int, maximum: int
) -> None:
    body = expect_success(page(lookup, path, state))
    expect_equal("pagination.offset without offset", 0, pagination(body).get("offset"))
    for offset in ("-1", "abc", "1.5"):
        expect_error(lookup, page(lookup, path, state, offset=offset), 400, why=f"offset={offset}")


@pytest.mark.requirement("LKP-PAG-003")
@pytest.mark.parametrize(("path", "state", "default", "maximum"), DATA_LISTS)
def test_pagination_reports_limit_offset_and_total(
    lookup: LookupSession, path: str, state: str, default: int, maximum: int
) -> None:
    total = enough(lookup, path, state, 3)
    body = expect_success(page(lookup, path, state, limit="2", offset="1"))
    shown = pagination(body)
    expect_equal("pagination.limit", 2, shown.get("limit"), "/pagination/limit")
    expect_equal("pagination.offset", 1, shown.get("offset"), "/pagination/offset")
    expect_equal("pagination.total whatever the page", total, shown.get("total"))


@pytest.mark.requirement("LKP-PAG-004")
@pytest.mark.parametrize(("path", "state", "default", "maximum"), DATA_LISTS)
def test_a_page_holds_what_limit_and_offset_leave(
    lookup: LookupSession, path: str, state: str, default: int, maximum: int
) -> None:
    total = enough(lookup, path, state, 3)
    body = expect_success(page(lookup, path, state, limit="2", offset="1"))
    on_page = items(body) if path == REFERRALS else body.get("data")
    expect_equal("items on the page", min(2, total - 1), len(on_page or []), "/data")


@pytest.mark.requirement("LKP-PAG-005")
@pytest.mark.parametrize(("path", "state", "default", "maximum"), DATA_LISTS)
def test_offset_beyond_the_end_is_an_empty_page(
    lookup: LookupSession, path: str, state: str, default: int, maximum: int
) -> None:
    _, total = listed(lookup, path, state)
    for offset in (total, total + 5):
        data, again = listed(lookup, path, state, offset=str(offset))
        expect_equal(f"data at offset {offset} of {total}", [], data, "/data")
        expect_equal(f"pagination.total at offset {offset}", total, again)


@pytest.mark.requirement("LKP-PAG-006")
@pytest.mark.parametrize(("path", "state", "default", "maximum"), DATA_LISTS)
def test_pages_partition_the_list(
    lookup: LookupSession, path: str, state: str, default: int, maximum: int
) -> None:
    total = enough(lookup, path, state, 2)
    span = min(total, maximum)  # the first `span` items: one page of at most `maximum` holds them
    everything, _ = listed(lookup, path, state, limit=str(span))
    size = max(1, span // 3)
    pages: list[Any] = []
    for offset in range(0, span, size):
        limit = min(size, span - offset)
        data, _ = listed(lookup, path, state, limit=str(limit), offset=str(offset))
        if len(data) != limit:  # the size of a page is LKP-PAG-004's; this test needs it
            fail(
                f"items at offset {offset}",
                repr(limit),
                repr(len(data)),
                "/data",
                "",
                ("LKP-PAG-004",),
            )
        pages.extend(data)
    if sorted(map(_key, pages)) != sorted(map(_key, everything)):
        got = f"{len(pages)} items, {len(set(map(_key, pages)))} distinct"
        want = f"the {len(everything)} items of one page of limit {span}, each once"
        fail("Pages do not partition the list", want, got)


@pytest.mark.requirement("LKP-REF-007")
@pytest.mark.profile("engagement")
def test_referral_invitees_are_paged(lookup: LookupSession) -> None:
    """One summary on every page; limit, offset and total apply to its invitees."""
    test_pagination_reports_limit_offset_and_total(lookup, REFERRALS, "referral", 10, 100)
    test_a_page_holds_what_limit_and_offset_leave(lookup, REFERRALS, "referral", 10, 100)
    test_offset_beyond_the_end_is_an_empty_page(lookup, REFERRALS, "referral", 10, 100)
    test_pages_partition_the_list(lookup, REFERRALS, "referral", 10, 100)


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True)
