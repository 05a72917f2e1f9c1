"""The customer as the customer-shaped responses show it."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reference_impl.identifiers import RESPONSE_TYPE
from reference_impl.store import Customer


def display_time(iso: str) -> str:
    """Date-times the way the API writes them: `2022-05-02 23:59:59`."""
    return iso.replace("T", " ").rstrip("Z")


IdentifierRows = list[tuple[str, str, str]]


def identifier_rows(conn: sqlite3.Connection, customer_id: int) -> IdentifierRows:
    """(type, raw, canonical value) of each of the customer's identifiers, by type: one query
    for both the forms a response shows and the canonical ones."""
    rows = conn.execute(
        "SELECT type, raw, value FROM identifiers WHERE customer_id = ? ORDER BY type",
        (customer_id,),
    ).fetchall()
    return [(str(t), str(raw), str(value)) for t, raw, value in rows]


def identifiers(
    conn: sqlite3.Connection, customer_id: int, rows: IdentifierRows | None = None
) -> list[dict[str, str]]:
    rows = identifier_rows(conn, customer_id) if rows is None else rows
    return [{"type": RESPONSE_TYPE.get(t, t), "value": raw} for t, raw, _ in rows]


def identifier_values(conn: sqlite3.Connection, customer_id: int) -> dict[str, str]:
    """Canonical identifier values by type."""
    rows = conn.execute(
        "SELECT type, value FROM identifiers WHERE customer_id = ?", (customer_id,)
    ).fetchall()
    return {str(t): str(v) for t, v in rows}


def custom_fields(conn: sqlite3.Connection, customer_id: int) -> dict[str, str]:
    """The customer's custom fields over all its profiles."""
    merged: dict[str, str] = {}
    for (fields,) in conn.execute(
        "SELECT fields FROM profiles WHERE customer_id = ?", (customer_id,)
    ):
        merged |= json.loads(fields)
    return merged


def profiles(
    conn: sqlite3.Connection, customer: Customer, rows: IdentifierRows | None = None
) -> list[dict[str, Any]]:
    ids = identifiers(conn, customer.id, rows)
    channels = [
        {"type": i["type"], "value": i["value"], "primary": "true", "verified": "false"}
        for i in ids
        if i["type"] in ("mobile", "email")
    ]
    rows = conn.execute(
        "SELECT source, account_id, fields FROM profiles WHERE customer_id = ? ORDER BY source",
        (customer.id,),
    ).fetchall()
    return [
        {
            "firstName": customer.first_name,
            "lastName": customer.last_name,
            "fields": json.loads(fields),
            "identifiers": ids,
            "commChannels": channels,
            "source": source,
            "accountId": account,
            "userId": customer.id,
            "autoUpdateTime": display_time(customer.updated_on),
        }
        for source, account, fields in rows
    ]


def customer_view(
    conn: sqlite3.Connection, customer: Customer, rows: IdentifierRows | None = None
) -> dict[str, Any]:
    """`rows`: the customer's `identifier_rows`, when the caller has read them already."""
    return {
        "id": customer.id,
        "profiles": profiles(conn, customer, rows),
        "loyaltyInfo": {"loyaltyType": customer.loyalty_type},
        "segments": {},
        "extendedFields": dict(customer.extended),
    }
