"""Loyalty data: the org's programs and tiers, and each customer's standing in them."""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from reference_impl.errors import ApiError


@dataclass(frozen=True, slots=True)
class Program:
    program_id: int
    name: str
    tiers: tuple[dict[str, Any], ...]
    default: bool


@dataclass(frozen=True, slots=True)
class Standing:
    tier_number: int
    points: float
    promised: float
    lifetime: float


def programs(conn: sqlite3.Connection, org_id: int) -> list[Program]:
    rows = conn.execute(
        "SELECT program_id, name, tiers, is_default FROM programs WHERE org_id = ?"
        " ORDER BY program_id",
        (org_id,),
    ).fetchall()
    return [_program(r) for r in rows]


def standings(
    conn: sqlite3.Connection, org_id: int, customer_id: int
) -> list[tuple[Program, Standing]]:
    """`programs` with the customer's `standing` in each, in one query."""
    rows = conn.execute(
        "SELECT p.program_id, p.name, p.tiers, p.is_default,"
        " e.tier_number, e.points, e.promised, e.lifetime"
        " FROM programs p LEFT JOIN enrollments e"
        " ON e.customer_id = ? AND e.program_id = p.program_id"
        " WHERE p.org_id = ? ORDER BY p.program_id",
        (customer_id, org_id),
    ).fetchall()
    return [(_program(r[:4]), _standing(r[4:] if r[4] is not None else None)) for r in rows]


def _program(row: Any) -> Program:
    return Program(int(row[0]), str(row[1]), _tiers(str(row[2])), bool(row[3]))


@functools.lru_cache(maxsize=256)
def _tiers(text: str) -> tuple[dict[str, Any], ...]:
    """A program's tiers from their stored JSON, parsed once per distinct text (a program is
    read on every customerDetails answer). The dicts are shared: read them, never change them."""
    return tuple(json.loads(text))


def _standing(row: Any) -> Standing:
    """A customer never enrolled explicitly (no row) is in the lowest tier."""
    if row is None:
        return Standing(1, 0.0, 0.0, 0.0)
    return Standing(int(row[0]), float(row[1]), float(row[2]), float(row[3]))


def chosen_programs(
    conn: sqlite3.Connection, org_id: int, program_id: int | None, every: bool
) -> list[Program]:
    """`programId` (unknown → 1213), every program, or the org's default program."""
    known = programs(conn, org_id)
    if program_id is not None:
        found = [p for p in known if p.program_id == program_id]
        if not found:
            raise ApiError(1213)
        return found
    if every:
        return known
    return [p for p in known if p.default][:1] or known[:1]


def standing(conn: sqlite3.Connection, customer_id: int, program_id: int) -> Standing:
    """The customer's standing in one program (see `_standing`)."""
    row = conn.execute(
        "SELECT tier_number, points, promised, lifetime FROM enrollments"
        " WHERE customer_id = ? AND program_id = ?",
        (customer_id, program_id),
    ).fetchone()
    return _standing(row)


def tier(program: Program, number: int) -> dict[str, Any]:
    for item in program.tiers:
        if item["serialNumber"] == number:
            return item
    return program.tiers[0]


def program_detail(program: Program, s: Standing) -> dict[str, Any]:
    return {
        "programId": program.program_id,
        "programName": program.name,
        "tierName": tier(program, s.tier_number)["name"],
        "tierNumber": s.tier_number,
        "loyaltyPoints": s.points,
        "lifetimePoints": s.lifetime,
        "lifetimePurchases": 0.0,
        "redeemed": max(s.lifetime - s.points, 0.0),
        "expired": 0.0,
        "returned": 0.0,
        "promisedPoints": s.promised,
    }


def tier_warnings(program: Program, s: Standing, upgrade: bool, renew: bool) -> list[int]:
    """91012 when no upgrade is possible (highest tier), 91011 when no downgrade (lowest)."""
    codes = []
    top = max(t["serialNumber"] for t in program.tiers)
    bottom = min(t["serialNumber"] for t in program.tiers)
    if upgrade and s.tier_number >= top:
        codes.append(91012)
    if renew and s.tier_number <= bottom:
        codes.append(91011)
    return codes
