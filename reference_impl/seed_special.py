"""The special-state customers the kit needs (fraud, non-loyalty, merged, multi-account, ...)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from reference_impl import customer_store as cs
from reference_impl.demo import CAMPAIGN_TOKEN, DEMO
from reference_impl.store import Store, now_iso

OTHER_WECHAT_ACCOUNT = "WeChat5678"
PROGRAM = DEMO.programs[0]


@dataclass(frozen=True, slots=True)
class Special:
    key: str
    mobile: str
    loyalty_type: str = "loyalty"
    fraud: bool = False
    extra: dict[str, str] = field(default_factory=dict)


SPECIALS = (
    Special("loyalty", "919000000101", extra={"email": "loyal.customer@seed.example.com"}),
    Special("fraud", "919000000102", fraud=True),
    Special("non_loyalty", "919000000103", "non_loyalty"),
    Special("merged_survivor", "919000000105"),
    Special("merged_victim", "919000000104"),
    Special("multi_account", "919000000106", extra={"wechat": "wx-seed-106"}),
    Special("referral", "919000000107", extra={"email": "referrer@seed.example.com"}),
)


def _create(conn: sqlite3.Connection, special: Special) -> int:
    existing = cs.owner(conn, DEMO.id, "mobile", special.mobile)
    if existing is not None:
        return existing
    name = (special.key.replace("_", " ").title(), "Seed")
    customer_id = cs.insert_customer(conn, DEMO.id, name, special.loyalty_type, {})
    cs.set_identifier(conn, DEMO.id, customer_id, "mobile", special.mobile, special.mobile)
    for kind, value in special.extra.items():
        cs.set_identifier(conn, DEMO.id, customer_id, kind, value, value)
    cs.ensure_profile(conn, customer_id, "INSTORE", "", {})
    conn.execute("UPDATE customers SET fraud = ? WHERE id = ?", (special.fraud, customer_id))
    return customer_id


def _loyalty_data(conn: sqlite3.Connection, customer_id: int) -> None:
    if conn.execute("SELECT 1 FROM enrollments WHERE customer_id = ?", (customer_id,)).fetchone():
        return
    conn.execute(
        "INSERT INTO enrollments VALUES (?, ?, 3, 420.0, 320.0, 6000.0)", (customer_id, PROGRAM)
    )
    today = date.today()
    schedules = [("promised", 320.0, today + timedelta(days=10), "bill_regular")]
    schedules += [("trigger", 50.0, today, "line_item_promotions")]
    schedules += [
        ("expiry", 100.0 * n, today + timedelta(days=30 * n), "bill_regular") for n in (1, 2)
    ]
    conn.executemany(
        "INSERT INTO schedules (customer_id, program_id, kind, points, day, points_type)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(customer_id, PROGRAM, k, p, d.isoformat(), t) for k, p, d, t in schedules],
    )
    conn.executemany(
        "INSERT INTO transactions (customer_id, billing_time, bill_number, type, amount, notes)"
        " VALUES (?, ?, ?, 'REGULAR', ?, '')",
        [(customer_id, f"2025-01-{n:02d}T10:00:00Z", f"bill-{n}", 100.0 * n) for n in range(1, 26)],
    )
    conn.executemany(
        "INSERT INTO retro_requests (customer_id, status, change_type, added_on, transaction_id,"
        " reason) VALUES (?, 'PENDING', 'RETRO', ?, ?, '')",
        [(customer_id, f"2025-02-{n:02d}T10:00:00Z", 9000 + n) for n in range(1, 13)],
    )
    conn.executemany(
        "INSERT INTO coupons (customer_id, code, series_id, description, valid_till)"
        " VALUES (?, ?, 12, '10% off', '2030-12-31 23:59:59')",
        [(customer_id, f"SEED{customer_id}-{n}") for n in (1, 2)],
    )


def seed_special(store: Store) -> dict[str, int]:
    """Create (once) the special customers of the demo org; their ids by key."""
    stamp = now_iso()
    with store.write() as conn:
        ids = {special.key: _create(conn, special) for special in SPECIALS}
        conn.execute(
            "UPDATE customers SET merged_into = ? WHERE id = ?",
            (ids["merged_survivor"], ids["merged_victim"]),
        )
        cs.ensure_profile(conn, ids["multi_account"], "WECHAT", "WeChat1234", {})
        conn.execute(
            "INSERT OR IGNORE INTO accounts VALUES (?, 'WECHAT', ?)",
            (DEMO.id, OTHER_WECHAT_ACCOUNT),
        )
        _loyalty_data(conn, ids["loyalty"])
        if not conn.execute(
            "SELECT 1 FROM invitees WHERE customer_id = ?", (ids["referral"],)
        ).fetchone():
            conn.executemany(
                "INSERT INTO invitees (customer_id, campaign_token, type, identifier, invited_on)"
                " VALUES (?, ?, 'EMAIL', ?, ?)",
                [
                    (ids["referral"], CAMPAIGN_TOKEN, f"friend{n}@seed.example.com", stamp)
                    for n in (1, 2, 3)
                ],
            )
    return ids
