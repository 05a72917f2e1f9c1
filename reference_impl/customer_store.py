"""Writes of customers: rows, canonical identifiers and source profiles."""

from __future__ import annotations

import json
import sqlite3

from reference_impl.store import now_iso


def owner(conn: sqlite3.Connection, org_id: int, name: str, value: str) -> int | None:
    row = conn.execute(
        "SELECT customer_id FROM identifiers WHERE org_id = ? AND type = ? AND value = ?",
        (org_id, name, value),
    ).fetchone()
    return None if row is None else int(row[0])


def insert_customer(
    conn: sqlite3.Connection,
    org_id: int,
    names: tuple[str, str],
    loyalty_type: str,
    extended: dict[str, str],
) -> int:
    stamp = now_iso()
    cursor = conn.execute(
        "INSERT INTO customers (org_id, first_name, last_name, loyalty_type, extended,"
        " created_on, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (org_id, names[0], names[1], loyalty_type, json.dumps(extended), stamp, stamp),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_identifier(
    conn: sqlite3.Connection, org_id: int, customer_id: int, name: str, value: str, raw: str
) -> None:
    """Give the customer identifier `name` (replacing its previous value of that type)."""
    conn.execute("DELETE FROM identifiers WHERE customer_id = ? AND type = ?", (customer_id, name))
    conn.execute(
        "INSERT INTO identifiers (org_id, type, value, customer_id, raw) VALUES (?, ?, ?, ?, ?)",
        (org_id, name, value, customer_id, raw),
    )


def ensure_profile(
    conn: sqlite3.Connection, customer_id: int, source: str, account_id: str, fields: dict[str, str]
) -> None:
    row = conn.execute(
        "SELECT fields FROM profiles WHERE customer_id = ? AND source = ? AND account_id = ?",
        (customer_id, source, account_id),
    ).fetchone()
    merged = {**(json.loads(row[0]) if row else {}), **fields}
    conn.execute(
        "INSERT OR REPLACE INTO profiles (customer_id, source, account_id, fields)"
        " VALUES (?, ?, ?, ?)",
        (customer_id, source, account_id, json.dumps(merged)),
    )


def touch(conn: sqlite3.Connection, customer_id: int, **columns: object) -> None:
    """Update the customer's columns (names fixed by the caller) and its update time."""
    sets = "".join(f"{name} = ?, " for name in columns)
    conn.execute(
        f"UPDATE customers SET {sets}updated_on = ? WHERE id = ?",
        (*columns.values(), now_iso(), customer_id),
    )
