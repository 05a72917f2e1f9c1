"""Steps 10–12 of the precedence chain: the customer in the org, in the source, and its state."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from reference_impl import sources
from reference_impl.errors import ApiError
from reference_impl.lookup_params import LookupQuery
from reference_impl.store import CUSTOMER_COLUMNS, Customer, Org, customer_from_row


@dataclass(frozen=True, slots=True)
class Rules:
    """How one operation answers the resolution steps."""

    write: bool
    not_found: int = 8015
    wrong_source: int = 8065
    not_loyalty: int | None = None


_JOINED = ", ".join(f"c.{column.strip()}" for column in CUSTOMER_COLUMNS.split(","))


def find_customer(
    conn: sqlite3.Connection, org_id: int | None, name: str, value: str, faults: frozenset[str]
) -> Customer | None:
    """The customer with identifier (name, value) in org `org_id` (None: any org), in one query."""
    args: list[object] = [] if org_id is None else [org_id]
    if name == "id":
        in_org = "" if org_id is None else " AND org_id = ?"
        sql = f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?{in_org}"
        row = conn.execute(sql, [int(value), *args]).fetchone()
        return None if row is None else customer_from_row(row)
    in_org = "" if org_id is None else "i.org_id = ? AND "
    sql = (
        f"SELECT {_JOINED} FROM identifiers i JOIN customers c ON c.id = i.customer_id"
        f" WHERE {in_org}i.type = ? AND i.value = ?"
    )
    row = conn.execute(sql, [*args, name, value]).fetchone()
    if row is None and name == "externalId" and "externalId_case_folded" in faults:
        folded = sql.replace("i.value = ?", "lower(i.value) = lower(?)")  # a "friendly" fallback
        row = conn.execute(folded, [*args, name, value]).fetchone()
    if row is None and name == "mobile" and "near_miss_prefix_match" in faults:
        prefix = sql.replace("i.value = ?", "i.value >= ? AND i.value < ?")
        row = conn.execute(prefix, [*args, name, value, value + "~"]).fetchone()
    return None if row is None else customer_from_row(row)


def load_customer(conn: sqlite3.Connection, customer_id: int) -> Customer | None:
    row = conn.execute(
        f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    return None if row is None else customer_from_row(row)


def _chosen_pair(org: Org, query: LookupQuery, faults: frozenset[str]) -> tuple[str, str] | None:
    if not org.dual_enabled:
        return query.pairs[0]
    for name, value in query.pairs:
        if name == org.dual_primary:
            # The fault: the primary name is found, but the value is taken from the first pair.
            return name, query.pairs[0][1] if "dual_first_value_wins" in faults else value
    return None


def resolve(
    conn: sqlite3.Connection, org: Org, query: LookupQuery, rules: Rules, faults: frozenset[str]
) -> Customer:
    """The customer the lookup names, after the org, source/account and state checks."""
    pair = _chosen_pair(org, query, faults)
    customer = None
    if pair is not None:
        customer = find_customer(conn, org.id, pair[0], pair[1], faults)
        if customer is None and "org_isolation_leak" in faults:
            customer = find_customer(conn, None, pair[0], pair[1], faults)
    if customer is not None and customer.merged_into is not None:
        followed = "merged_victim_not_followed" not in faults
        customer = load_customer(conn, customer.merged_into) if followed else None
    if customer is None:
        wrong = rules.not_found == 8015 and "code_8065_for_not_found" in faults
        raise ApiError(8065 if wrong else rules.not_found)
    _check_source(conn, customer, query, rules, faults)
    _check_state(customer, rules, faults)
    return customer


def _check_source(
    conn: sqlite3.Connection,
    customer: Customer,
    query: LookupQuery,
    rules: Rules,
    faults: frozenset[str],
) -> None:
    if query.source in sources.ANY_PROFILE:
        return
    if "source_ignored" in faults and not sources.needs_account(query.source):
        return
    sql = "SELECT 1 FROM profiles WHERE customer_id = ? AND source = ?"
    args: list[object] = [customer.id, query.source]
    if sources.needs_account(query.source) and "account_profile_ignored" not in faults:
        sql += " AND account_id = ?"
        args.append(query.account_id)
    if conn.execute(sql, args).fetchone() is None:
        wrong = (
            rules.wrong_source == 8065
            and "code_8015_for_wrong_source" in faults
            and not sources.needs_account(query.source)
        )
        raise ApiError(8015 if wrong else rules.wrong_source)


def _check_state(customer: Customer, rules: Rules, faults: frozenset[str]) -> None:
    if rules.write and customer.fraud and "fraud_writes_allowed" not in faults:
        raise ApiError(618)
    refused = rules.not_loyalty is not None and not customer.loyal
    allowed = rules.not_loyalty == 8089 and "non_loyalty_reads_allowed" in faults
    if refused and rules.not_loyalty is not None and not allowed:
        raise ApiError(rules.not_loyalty)
