"""The precedence chain: a request failing two adjacent checks gets the earlier one's code."""

from __future__ import annotations

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import Customer, lookup_params, register
from conformance.suites.expect import expect_error
from conformance.suites.requests import (
    customer_params,
    fixture_params,
    is_write,
    list_operation_params,
    operation,
    operation_params,
    provokes,
)
from conformance.suites.resolution import (
    MULTI_ACCOUNT,
    READ_SOURCES,
    WRITE_SOURCES,
    Query,
    any_request,
    dual_org,
    expect_codes,
    not_found_code,
    org_accounts,
    registrable,
    sample,
    send,
    unheld,
    wrong_source_code,
)
from conformance.target import Credentials

OPS = operation_params()
WRITES = operation_params("write")
BODY_OPS = [pytest.param("registerCustomer", id="registerCustomer"), *WRITES]
MARKS = {p.id: p.marks for p in OPS}
JSON_LIMIT = 1024 * 1024  # LKP-GEN-007
IMAGE_LIMIT = 51_380_224  # LKP-IMG-004
ACCOUNT = "WECHAT"  # the multi-account source used where one is needed (read and write)


def ops(*names: str) -> list[object]:
    return [pytest.param(n, marks=MARKS.get(n, ()), id=n) for n in names]


def oversized(operation_id: str) -> tuple[bytes, str]:
    """A body over the operation's size limit, and its proper media type."""
    if operation_id == "setImageByLookup":
        return b"\x89PNG\r\n\x1a\n" + b"\0" * IMAGE_LIMIT, "multipart/form-data; boundary=lkp"
    return b'{"pad": "' + b"x" * JSON_LIMIT + b'"}', "application/json"


def sent(
    lookup: LookupSession,
    op: str,
    params: Query,
    headers: dict[str, str],
    body: bytes,
    credentials: Credentials | None = None,
) -> Exchange:
    """The operation's request with these parameters and this raw body."""
    request = any_request(lookup, op, params)
    return request.send(lookup.client, headers=headers, content=body, credentials=credentials)


def writes(lookup: LookupSession, operation_id: str) -> bool:
    return is_write(operation(lookup, operation_id))


@provokes(401)
@pytest.mark.requirement("LKP-ERR-014")
@pytest.mark.parametrize("operation_id", BODY_OPS)
def test_authentication_before_media_type(lookup: LookupSession, operation_id: str) -> None:
    wrong = {"Content-Type": "text/plain"}
    ex = sent(lookup, operation_id, unheld(lookup), wrong, b"{}", credentials=Credentials())
    expect_error(lookup, ex, 401, why="no credentials and Content-Type text/plain")


@provokes(415)
@pytest.mark.requirement("LKP-ERR-015")
@pytest.mark.parametrize("operation_id", BODY_OPS)
def test_media_type_before_body_size(lookup: LookupSession, operation_id: str) -> None:
    body, proper = oversized(operation_id)
    wrong = "application/json" if proper.startswith("multipart") else "text/plain"
    ex = sent(lookup, operation_id, unheld(lookup), {"Content-Type": wrong}, body)
    expect_error(lookup, ex, 415, why=f"Content-Type {wrong} and a body over the limit")


@provokes(413)
@pytest.mark.requirement("LKP-ERR-016")
@pytest.mark.parametrize("operation_id", WRITES)
def test_body_size_before_source(lookup: LookupSession, operation_id: str) -> None:
    body, proper = oversized(operation_id)
    params = [("source", "BOGUS"), *unheld(lookup)[1:]]
    ex = sent(lookup, operation_id, params, {"Content-Type": proper}, body)
    expect_error(lookup, ex, 413, why="a body over the limit and source=BOGUS")


def with_(params: Query, **changes: str | None) -> Query:
    """`params` with some parameters replaced (None: removed)."""
    kept = [(k, v) for k, v in params if k not in changes]
    return kept + [(k, v) for k, v in changes.items() if v is not None]


@provokes(8003)
@pytest.mark.requirement("LKP-ERR-017")
@pytest.mark.parametrize("operation_id", OPS)
def test_source_before_accountId(lookup: LookupSession, operation_id: str) -> None:
    base, unknown = unheld(lookup), f"lkp-no-account-{lookup.run_tag}"
    refused = "ALL" if writes(lookup, operation_id) else "MOBILE_APP"  # allowed elsewhere
    cases = [with_(base, source=refused), with_(base, source=refused, accountId=unknown)]
    cases += [with_(base, source=None, accountId=unknown), with_(base, source="Wechat")]
    cases += [with_(base, source="wechat", accountId=unknown)]
    expect_codes(lookup, operation_id, 8003, cases)


@provokes(8045)
@pytest.mark.requirement("LKP-ERR-018")
@pytest.mark.parametrize("operation_id", OPS)
def test_empty_accountId_is_8045_not_8011(lookup: LookupSession, operation_id: str) -> None:
    base = with_(unheld(lookup), source=ACCOUNT)
    expect_codes(lookup, operation_id, 8045, [with_(base, accountId=a) for a in ("", "   ")])


@provokes(8045, 8011)
@pytest.mark.requirement("LKP-ERR-019")
@pytest.mark.parametrize("operation_id", OPS)
def test_accountId_before_identifierName(lookup: LookupSession, operation_id: str) -> None:
    base = with_(unheld(lookup), source=ACCOUNT)
    for name in sample(operation_id, [None, "BOGUS", "MOBILE"], 1):
        expect_codes(lookup, operation_id, 8045, [with_(base, identifierName=name)])
        unknown = with_(base, identifierName=name, accountId=f"lkp-none-{lookup.run_tag}")
        expect_codes(lookup, operation_id, 8011, [unknown])


@provokes(8013)
@pytest.mark.requirement("LKP-ERR-020")
@pytest.mark.parametrize("operation_id", OPS)
def test_identifierName_before_identifierValue_presence(
    lookup: LookupSession, operation_id: str
) -> None:
    base = unheld(lookup)
    names, values = [None, "BOGUS", "Mobile", ""], [None, "", "   "]
    cases = [with_(base, identifierName=n, identifierValue=v) for n in names for v in values]
    expect_codes(lookup, operation_id, 8013, cases)


@provokes(1015)
@pytest.mark.requirement("LKP-ERR-021")
@pytest.mark.parametrize("operation_id", OPS)
def test_identifierValue_presence_before_format(lookup: LookupSession, operation_id: str) -> None:
    names = ("mobile", "email", "id")
    cases = [lookup_params(name, blank) for name in names for blank in ("   ", "\t ")]
    expect_codes(lookup, operation_id, 1015, cases)


LIST_OPS = list_operation_params()  # all but LKP-DUAL-009's


@provokes(8013)
@pytest.mark.requirement("LKP-ERR-022")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_malformed_value_before_list_limit(lookup: LookupSession, operation_id: str) -> None:
    dual = dual_org(lookup)
    ids = lookup.unique_identifiers()
    names = ["mobile", "email", "externalId", "cardnumber", "wechat", "fbId"]
    values = [ids["mobile"], "not-an-email", ids["externalId"], ids["cardnumber"], "wx", "fb"]
    ex = send(lookup, operation_id, dual.query(names, values), client=dual.client)
    expect_error(lookup, ex, 8013, why="six identifiers, the email malformed")


@provokes(8013)
@pytest.mark.requirement("LKP-ERR-023")
@pytest.mark.parametrize("operation_id", OPS)
def test_list_checks_before_resolution(lookup: LookupSession, operation_id: str) -> None:
    if ((lookup.target.org("primary") or {}).get("dual_eligibility") or {}).get("enabled"):
        pytest.skip("the primary org has dual eligibility on (fixtures file)")
    ids = lookup.unique_identifiers()  # held by no one
    cases = [lookup_params(f"mobile,{n}", f"{ids['mobile']},{ids[n]}") for n in ("email",)]
    expect_codes(lookup, operation_id, 8013, cases)


@provokes(8013, 1060)
@pytest.mark.requirement("LKP-ERR-023")
@pytest.mark.profile("dual-eligibility")
@pytest.mark.parametrize("operation_id", LIST_OPS)
def test_dual_list_checks_before_resolution(lookup: LookupSession, operation_id: str) -> None:
    dual = dual_org(lookup)
    ids = lookup.unique_identifiers()  # held by no one
    p = dual.primary
    six = ["mobile", "email", "externalId", "cardnumber", "wechat", "fbId"]
    cases = [
        (8013, dual.query(["email", p], [ids[p]])),
        (8013, dual.query([p, p], [ids[p], ids[p]])),
        (1060, dual.query(six, [*(ids[n] for n in six[:4]), "wx-none", "fb-none"])),
    ]
    for code, params in sample(operation_id, cases, 1):
        ex = send(lookup, operation_id, params, client=dual.client)
        expect_error(lookup, ex, code, why=f"invalid list of unheld values {params}")


@provokes(8015, 816)
@pytest.mark.requirement("LKP-ERR-024")
@pytest.mark.parametrize("operation_id", OPS)
def test_customer_in_org_before_customer_in_source(
    lookup: LookupSession, operation_id: str
) -> None:
    allowed = WRITE_SOURCES if writes(lookup, operation_id) else READ_SOURCES
    sources = ["WEBSITE", "ECOMMERCE", "OTHERS", *(s for s in MULTI_ACCOUNT if s in allowed)]
    sources = [s for s in sources if s not in MULTI_ACCOUNT or org_accounts(lookup, s)]
    for source in sample(operation_id, sources, 2):
        account = next(iter(org_accounts(lookup, source)), None)
        params = with_(unheld(lookup), source=source, accountId=account)
        ex = send(lookup, operation_id, params)
        expect_error(lookup, ex, not_found_code(operation_id), why=f"unheld identifier, {source}")


@pytest.fixture(scope="module")
def non_loyal(lookup: LookupSession) -> Query:
    """A non_loyalty customer of the suite with an INSTORE profile only."""
    ids = lookup.unique_identifiers()
    contact = {"mobile": ids["mobile"], "email": ids["email"]}
    who = register(lookup, identifiers=contact, loyalty=False)
    return lookup_params("email", who.identifiers["email"])


STATE_READS: dict[str, tuple[int, dict[str, str | None]]] = {
    "getLoyaltyDetailsByLookup": (8089, {"programId": "lkp-not-a-number"}),
    "getPointsBalanceByLookup": (8089, {"entityType": "BOGUS"}),
    "getTierDetailsByLookup": (8089, {"entityType": "BOGUS"}),
    "getPromisedPointsScheduleByLookup": (8089, {"startDate": "2024-13-01"}),
    "getPointsExpiryScheduleByLookup": (8089, {"entityType": "BOGUS", "endDate": "2024/01/01"}),
    "getTransactionsByLookup": (1013, {"startDate": "2024-13-01", "limit": "0"}),
    "getReferralsByLookup": (1020, {"campaignToken": None, "limit": "-1"}),
}
FRAUD_PARAMS: dict[str, dict[str, str | None]] = {
    "inviteReferralsByLookup": {"campaignToken": None}
}
FRAUD_PARAMS["updateCustomerByLookup"] = FRAUD_PARAMS["updateCustomerStatusByLookup"] = {
    "use_async": "maybe"
}


def customer_for(lookup: LookupSession, operation_id: str, non_loyal: Query) -> tuple[Query, int]:
    """The customer whose state refuses the operation, and the state's code."""
    if operation_id in STATE_READS:
        return non_loyal, STATE_READS[operation_id][0]
    return fixture_params(lookup, "fraud"), 618


STATE_OPS = ops(*STATE_READS, *(p.id for p in WRITES))


@provokes(8065, 1011)
@pytest.mark.requirement("LKP-ERR-025")
@pytest.mark.parametrize("operation_id", STATE_OPS)
def test_customer_in_source_before_customer_state(
    lookup: LookupSession, non_loyal: Query, operation_id: str
) -> None:
    params, state = customer_for(lookup, operation_id, non_loyal)
    own = dict(params).get("source")
    source = "OTHERS" if own != "OTHERS" else "WEBSITE"
    ex = send(lookup, operation_id, with_(params, source=source, accountId=None))
    expect_error(lookup, ex, wrong_source_code(operation_id), why=f"no {source} profile ({state})")


@provokes(618, 8089, 1013, 1020)
@pytest.mark.requirement("LKP-ERR-026")
@pytest.mark.parametrize("operation_id", STATE_OPS)
def test_customer_state_before_operation_parameters(
    lookup: LookupSession, non_loyal: Query, operation_id: str
) -> None:
    params, state = customer_for(lookup, operation_id, non_loyal)
    bad = STATE_READS.get(operation_id, (0, FRAUD_PARAMS.get(operation_id, {})))[1]
    request = any_request(lookup, operation_id, params).with_params(**bad)
    body = b'{"lkp": ' if request.json_body is not None else None  # and a broken body
    headers = {"Content-Type": "application/json"} if body else None
    ex = request.send(lookup.client, headers=headers, content=body)
    expect_error(lookup, ex, state, why=f"state {state} with invalid parameters {bad}")


@provokes(1202)
@pytest.mark.requirement("LKP-ERR-027")
@pytest.mark.parametrize("operation_id", ops("inviteReferralsByLookup"))
def test_operation_parameters_before_body_validation(
    lookup: LookupSession, operation_id: str
) -> None:
    who: Customer = register(lookup, identifiers=registrable(lookup, lookup.unique_identifiers()))
    params = [*customer_params(lookup, who), ("campaignToken", f"lkp-no-campaign-{lookup.run_tag}")]
    body = {"invitees": [{"type": "FAX", "identifier": "12345"}]}
    path = "/v2/customers/lookup/referrals/invite"
    ex = lookup.client.request("POST", path, params=params, json_body=body)
    expect_error(lookup, ex, 1202, why="unknown campaignToken and an invitee of type FAX")
