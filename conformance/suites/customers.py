"""Creating the suite's own customers through the API, with identifiers unique to the run."""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.client import RecordingClient
from conformance.session import LookupSession
from conformance.suites.expect import expect_success, fail

LOOKUP = "/v2/customers/lookup"


@dataclass(frozen=True)
class Customer:
    customer_id: int
    identifiers: dict[str, str] = field(default_factory=dict)


def register(
    lookup: LookupSession,
    *,
    client: RecordingClient | None = None,
    identifiers: dict[str, str] | None = None,
    loyalty: bool = True,
    source: str = "INSTORE",
    account_id: str | None = None,
) -> Customer:
    """POST /v2/customers; the customer carries run-unique mobile, email, externalId, card."""
    ids = identifiers if identifiers is not None else lookup.unique_identifiers()
    profile: dict[str, object] = {
        "firstName": "Conformance",
        "lastName": f"Run {lookup.run_tag}",
        "identifiers": [{"type": k, "value": v} for k, v in ids.items()],
        "source": source,
    }
    if account_id is not None:
        profile["accountId"] = account_id
    body = {
        "profiles": [profile],
        "loyaltyInfo": {"loyaltyType": "loyalty" if loyalty else "non_loyalty"},
    }
    ex = (client or lookup.client).request("POST", "/v2/customers", json_body=body)
    created = expect_success(ex, why="registering a customer the suite needs").get("createdId")
    if type(created) is not int:
        fail(
            "Registration returned no createdId",
            "createdId: an integer",
            repr(created),
            exchange=ex,
        )
    assert isinstance(created, int)
    return Customer(created, ids)


def lookup_params(
    name: str, value: str, source: str = "INSTORE", account_id: str | None = None
) -> list[tuple[str, str]]:
    params = [("source", source), ("identifierName", name), ("identifierValue", value)]
    if account_id is not None:
        params.append(("accountId", account_id))
    return params


def find(lookup: LookupSession, name: str, value: str, **kw: str) -> object:
    """GET /v2/customers/lookup; returns the entity (customer id) or raises on an error."""
    ex = lookup.client.request("GET", LOOKUP, params=lookup_params(name, value, **kw))
    return expect_success(ex, why=f"lookup by {name}={value!r}").get("entity")
