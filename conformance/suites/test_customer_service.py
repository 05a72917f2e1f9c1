"""Notes, preferences and tickets by lookup: envelopes, read-back and partial failures."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.model import Exchange
from conformance.session import LookupSession
from conformance.suites.customers import LOOKUP, Customer, register
from conformance.suites.expect import expect_equal, expect_error, expect_success, fail
from conformance.suites.requests import customer_params

NOTES = LOOKUP + "/notes"
PREFERENCES = LOOKUP + "/preferences"
TICKETS = LOOKUP + "/tickets"


def send(
    lookup: LookupSession, method: str, path: str, customer: Customer, body: Any = None
) -> Exchange:
    params = customer_params(lookup, customer)
    return lookup.client.request(method, path, params=params, json_body=body)


def items(lookup: LookupSession, path: str, customer: Customer, key: str) -> dict[str, Any]:
    """The listed items by `key` (note key, preference name or ticket subject)."""
    data = expect_success(send(lookup, "GET", path, customer)).get("data")
    if not isinstance(data, list):
        fail("Missing data", "data: an array", repr(data), "/data")
    assert isinstance(data, list)
    return {str(item.get(key)): item for item in data if isinstance(item, dict)}


def notes(*pairs: tuple[Any, Any]) -> dict[str, Any]:
    return {"notes": [{"key": k, "value": v} for k, v in pairs]}


def preferences(*pairs: tuple[Any, Any]) -> dict[str, Any]:
    return {"preferences": [{"name": k, "value": v} for k, v in pairs]}


def saved_notes(lookup: LookupSession, owner: str = "") -> list[Any]:
    """The notes of a new customer after two updates, the second replacing a key."""
    customer = register(lookup)
    first = notes(("allergy", "peanuts"), ("time", "evening"))
    expect_success(send(lookup, "PUT", NOTES, customer, first), owner=owner)
    expect_success(send(lookup, "PUT", NOTES, customer, notes(("allergy", "gluten"))), owner=owner)
    data = expect_success(send(lookup, "GET", NOTES, customer)).get("data") or []
    return data if isinstance(data, list) else []


@pytest.mark.requirement("LKP-NOTE-001")
def test_notes_have_their_members(lookup: LookupSession) -> None:
    data = saved_notes(lookup, owner="LKP-NOTE-003")  # the updates are that one's business
    if not data:
        fail("No notes listed", "the two notes saved", "data: []", "/data", "", ("LKP-NOTE-003",))
    for i, note in enumerate(data):
        missing = [k for k in ("id", "key", "value", "createdOn", "updatedOn") if k not in note]
        if missing:
            fail(
                "Note members missing",
                "id, key, value, createdOn, updatedOn",
                f"no {missing}",
                f"/data/{i}",
            )


@pytest.mark.requirement("LKP-NOTE-003")
def test_notes_are_saved_by_key(lookup: LookupSession) -> None:
    data = saved_notes(lookup)
    pairs = sorted((n.get("key"), n.get("value")) for n in data if isinstance(n, dict))
    expect_equal(
        "notes after two updates", [("allergy", "gluten"), ("time", "evening")], pairs, "/data"
    )


@pytest.mark.requirement("LKP-NOTE-002")
def test_no_notes_is_1028(lookup: LookupSession) -> None:
    expect_error(lookup, send(lookup, "GET", NOTES, register(lookup)), 1028)


BAD_NOTES = [
    ("key blank", ("   ", "v")),
    ("key too long", ("k" * 101, "v")),
    ("value too long", ("k", "v" * 2001)),
]


@pytest.mark.requirement("LKP-NOTE-004")
@pytest.mark.parametrize(("case", "bad"), BAD_NOTES, ids=[c for c, _ in BAD_NOTES])
def test_some_notes_failing_is_1036(lookup: LookupSession, case: str, bad: tuple[str, str]) -> None:
    customer = register(lookup)
    ex = send(lookup, "PUT", NOTES, customer, notes(("kept", "yes"), bad))
    expect_error(lookup, ex, 1036, why=case)
    saved = items(lookup, NOTES, customer, "key")
    expect_equal("the valid note saved", "yes", (saved.get("kept") or {}).get("value"), exchange=ex)


@pytest.mark.requirement("LKP-NOTE-005")
def test_all_notes_failing_is_1037(lookup: LookupSession) -> None:
    customer = register(lookup)
    ex = send(lookup, "PUT", NOTES, customer, notes(*(bad for _, bad in BAD_NOTES)))
    expect_error(lookup, ex, 1037)
    expect_error(lookup, send(lookup, "GET", NOTES, customer), 1028, why="nothing was saved")


@pytest.mark.requirement("LKP-NOTE-005")
@pytest.mark.parametrize("body", [{}, {"notes": []}], ids=["missing", "empty"])
def test_notes_are_required(lookup: LookupSession, body: dict[str, Any]) -> None:
    expect_error(lookup, send(lookup, "PUT", NOTES, register(lookup), body), 400)


@pytest.mark.requirement("LKP-PREF-001")
def test_preferences_have_their_members(lookup: LookupSession) -> None:
    customer = register(lookup)
    sent = preferences(("language", "en"))
    expect_success(send(lookup, "PUT", PREFERENCES, customer, sent), owner="LKP-PREF-003")
    data = expect_success(send(lookup, "GET", PREFERENCES, customer)).get("data")
    if not isinstance(data, list) or not data:
        fail("No preferences listed", "the preference saved", repr(data), "/data")
    for i, item in enumerate(data or []):
        if not isinstance(item, dict) or not {"name", "value"} <= item.keys():
            fail("Preference members missing", "name, value", repr(item)[:80], f"/data/{i}")


@pytest.mark.requirement("LKP-PREF-003")
def test_preferences_are_saved_by_name(lookup: LookupSession) -> None:
    customer = register(lookup)
    first = preferences(("language", "en"), ("newsletter", "weekly"))
    expect_success(send(lookup, "PUT", PREFERENCES, customer, first))
    expect_success(send(lookup, "PUT", PREFERENCES, customer, preferences(("language", "fr"))))
    data = expect_success(send(lookup, "GET", PREFERENCES, customer)).get("data") or []
    pairs = sorted((p.get("name"), p.get("value")) for p in data if isinstance(p, dict))
    expect_equal(
        "preferences after two updates", [("language", "fr"), ("newsletter", "weekly")], pairs
    )


@pytest.mark.requirement("LKP-PREF-002")
def test_no_preferences_is_1031(lookup: LookupSession) -> None:
    expect_error(lookup, send(lookup, "GET", PREFERENCES, register(lookup)), 1031)


BAD_PREFS = [
    ("name blank", ("  ", "v")),
    ("name too long", ("n" * 101, "v")),
    ("value too long", ("n", "v" * 1001)),
]


@pytest.mark.requirement("LKP-PREF-004")
@pytest.mark.parametrize(("case", "bad"), BAD_PREFS, ids=[c for c, _ in BAD_PREFS])
def test_some_preferences_failing_is_1035(
    lookup: LookupSession, case: str, bad: tuple[str, str]
) -> None:
    customer = register(lookup)
    ex = send(lookup, "PUT", PREFERENCES, customer, preferences(("kept", "yes"), bad))
    expect_error(lookup, ex, 1035, why=case)
    saved = items(lookup, PREFERENCES, customer, "name")
    expect_equal(
        "the valid preference saved", "yes", (saved.get("kept") or {}).get("value"), exchange=ex
    )


@pytest.mark.requirement("LKP-PREF-005")
@pytest.mark.parametrize(
    "body",
    [{}, {"preferences": []}, preferences(*(bad for _, bad in BAD_PREFS))],
    ids=["missing", "empty", "all rejected"],
)
def test_no_valid_preference_is_400(lookup: LookupSession, body: dict[str, Any]) -> None:
    customer = register(lookup)
    expect_error(lookup, send(lookup, "PUT", PREFERENCES, customer, body), 400)
    expect_error(lookup, send(lookup, "GET", PREFERENCES, customer), 1031, why="nothing saved")


@pytest.mark.requirement("LKP-TKT-001")
def test_no_tickets_is_empty_data(lookup: LookupSession) -> None:
    expect_equal(
        "tickets of a new customer", {}, items(lookup, TICKETS, register(lookup), "subject")
    )


@pytest.mark.requirement("LKP-TKT-002")
def test_added_ticket_is_listed(lookup: LookupSession) -> None:
    customer = register(lookup)
    sent = {"subject": "Points missing", "message": "Bill 1234 has no points.", "priority": "HIGH"}
    expect_success(send(lookup, "POST", TICKETS, customer, sent))
    listed = items(lookup, TICKETS, customer, "subject")
    shown = {k: (listed.get(sent["subject"]) or {}).get(k) for k in sent}
    expect_equal("the added ticket", sent, shown, "/data")


@pytest.mark.requirement("LKP-TKT-005")
def test_ticket_without_priority_has_medium(lookup: LookupSession) -> None:
    customer = register(lookup)
    added = send(lookup, "POST", TICKETS, customer, {"subject": "No priority"})
    expect_success(added, owner="LKP-TKT-002")
    listed = items(lookup, TICKETS, customer, "subject")
    if "No priority" not in listed:
        fail("Added ticket not listed", "the ticket", "absent", "/data", "", ("LKP-TKT-002",))
    expect_equal("default priority", "MEDIUM", listed["No priority"].get("priority"))


@pytest.mark.requirement("LKP-TKT-003")
@pytest.mark.parametrize(
    "body",
    [{}, {"subject": None}, {"subject": ""}, {"subject": "   "}],
    ids=["missing", "null", "empty", "blank"],
)
def test_ticket_subject_is_required(lookup: LookupSession, body: dict[str, Any]) -> None:
    expect_error(
        lookup, send(lookup, "POST", TICKETS, register(lookup), body | {"message": "m"}), 1303
    )


@pytest.mark.requirement("LKP-TKT-004")
def test_ticket_subject_is_unique(lookup: LookupSession) -> None:
    customer = register(lookup)
    expect_success(send(lookup, "POST", TICKETS, customer, {"subject": "Twice"}))
    expect_error(lookup, send(lookup, "POST", TICKETS, customer, {"subject": "Twice"}), 1301)


@pytest.mark.requirement("LKP-TKT-005")
@pytest.mark.parametrize("priority", ["URGENT", "high"])
def test_ticket_priority_values(lookup: LookupSession, priority: str) -> None:
    body = {"subject": "Priority check", "priority": priority}
    expect_error(lookup, send(lookup, "POST", TICKETS, register(lookup), body), 400)
