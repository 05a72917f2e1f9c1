"""Bulk seeding: realistic customers fast, in large executemany batches."""

from __future__ import annotations

import time
from collections.abc import Iterator

from reference_impl.demo import DEMO
from reference_impl.store import Store, now_iso

BATCH = 50_000
MOBILE_BASE = 6_000_000_000


def bulk_identifiers(customer_id: int) -> tuple[str, str, str]:
    """The mobile, email and externalId of bulk customer `customer_id` (unique per id)."""
    return (
        f"91{MOBILE_BASE + customer_id}",
        f"bulk{customer_id}@seed.example.com",
        f"bulk-{customer_id}",
    )


def _identifier_rows(org_id: int, ids: range) -> Iterator[tuple[int, str, str, int, str]]:
    for i in ids:
        mobile, email, external = bulk_identifiers(i)
        yield (org_id, "mobile", mobile, i, mobile)
        yield (org_id, "email", email, i, email)
        yield (org_id, "externalId", external, i, external)


def seed_bulk(store: Store, count: int, org_id: int = DEMO.id) -> range:
    """Insert `count` loyalty customers with mobile, email, externalId and an INSTORE profile."""
    stamp = now_iso()
    with store.lock:
        conn = store.conn
        conn.execute("PRAGMA synchronous = OFF")
        try:
            start = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM customers").fetchone()[0])
            start += 1
            for low in range(0, count, BATCH):
                ids = range(start + low, start + min(low + BATCH, count))
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT INTO customers (id, org_id, first_name, last_name, created_on,"
                    " updated_on) VALUES (?, ?, ?, ?, ?, ?)",
                    ((i, org_id, f"First{i}", f"Last{i}", stamp, stamp) for i in ids),
                )
                conn.executemany(
                    "INSERT INTO identifiers VALUES (?, ?, ?, ?, ?)",
                    _identifier_rows(org_id, ids),
                )
                conn.executemany(
                    "INSERT INTO profiles VALUES (?, 'INSTORE', '', '{}')", ((i,) for i in ids)
                )
                conn.execute("COMMIT")
        finally:
            conn.execute("PRAGMA synchronous = FULL")
    return range(start, start + count)


def timed_seed(store: Store, count: int) -> float:
    began = time.perf_counter()
    seed_bulk(store, count)
    return time.perf_counter() - began
